// llama-bench `-o jsonl`: one record per line (jsonl_printer). A line that is not a record is skipped with its line
// number and why (json-lines.ts); the file's other lines still land (an interrupted run's last line is often cut short).
import {InputError} from "../errors.ts";
import {readJsonLines} from "./json-lines.ts";
import {LlamaBenchRecord, llamaBenchTables, looksLikeRecord} from "./llama-bench-record.ts";
import {describeSkipped, skippedRows} from "./skipped.ts";
import type {Format} from "./types.ts";

export const LLAMA_BENCH_JSONL = "llama-bench-jsonl";

const FIRST_RECORD = /^\s*\{\s*"build_commit"\s*:/;

export const llamaBenchJsonlFormat: Format = {
  name: LLAMA_BENCH_JSONL,
  description: "llama.cpp llama-bench -o jsonl (one test record per line)",
  detect({text, json}) {
    if (Array.isArray(json)) return {match: false};
    // A one-line file is valid JSON (one record); longer files are not JSON as a whole.
    if (json !== undefined) return {match: looksLikeRecord(json)};
    return {match: FIRST_RECORD.test(text.slice(0, 200))};
  },
  parse({text}, ctx) {
    const {records, skipped} = readJsonLines(text, LlamaBenchRecord);
    if (!records.length) throw new InputError(ctx.path, `no valid llama-bench record in the file:\n${describeSkipped(ctx.path, skipped)}`);
    const tables = llamaBenchTables(
      records.map((r) => r.value),
      ctx,
      LLAMA_BENCH_JSONL
    );
    return {tables: {...tables, data_quality: skippedRows(ctx, skipped)}};
  }
};
