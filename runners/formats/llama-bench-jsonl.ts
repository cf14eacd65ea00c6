// llama-bench `-o jsonl`: one record per line (jsonl_printer). A line that is not a record is reported with its
// line number; the file's other lines still land (an interrupted run's last line is often cut short).
import {InputError, formatZodIssues} from "../errors.ts";
import {skippedRow} from "../sweeps/rows.ts";
import type {Row} from "../warehouse/db.ts";
import {LlamaBenchRecord, llamaBenchTables, looksLikeRecord} from "./llama-bench-record.ts";
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
    const records: LlamaBenchRecord[] = [];
    const warnings: string[] = [];
    const skipped: Row[] = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${ctx.path}:${i + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        const found = JSON.stringify(line.slice(0, 60));
        warnings.push(`${where}: expected a JSON record, found ${found} (${(error as Error).message}); line skipped`);
        skipped.push(skippedRow(ctx, i + 1, line, `not a JSON record: ${(error as Error).message}`));
        return;
      }
      const parsed = LlamaBenchRecord.safeParse(value);
      if (!parsed.success) {
        const issues = formatZodIssues(where, parsed.error.issues);
        warnings.push(`${issues}; line skipped`);
        skipped.push(skippedRow(ctx, i + 1, line, `not a llama-bench record: ${issues}`));
        return;
      }
      records.push(parsed.data);
    });
    if (!records.length) {
      const why = warnings.length ? `:\n${warnings.join("\n")}` : "";
      throw new InputError(ctx.path, `no valid llama-bench record in the file${why}`);
    }
    return {tables: {...llamaBenchTables(records, ctx, LLAMA_BENCH_JSONL), data_quality: skipped}, warnings};
  }
};
