// llama-bench `-o json`: a JSON array of records (json_printer in tools/llama-bench/llama-bench.cpp); a run cut short
// leaves the array unclosed, and its finished records are read.
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {LlamaBenchRecord, llamaBenchTables, looksLikeRecord} from "./llama-bench-record.ts";
import {skippedRows} from "./skipped.ts";
import type {Format} from "./types.ts";

export const LLAMA_BENCH_JSON = "llama-bench-json";
/** The printer's opening `[` and a record's first key. */
const TRUNCATED = /^\s*\[\s*\{\s*"build_commit"\s*:/;

/**
 * The records of an array cut short (the run crashed or was killed after some tests): json_printer writes `[`, then
 * each record as `  {…\n  }` as its test ends, and the closing `]` last, so the text up to the last `\n  }` closed
 * with `]` holds every finished record. Null when that is not valid JSON either.
 */
function finishedRecords(text: string): unknown[] | null {
  const end = text.lastIndexOf("\n  }");
  if (end < 0) return null;
  try {
    const value: unknown = JSON.parse(`${text.slice(0, end + 4)}\n]`);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

export const llamaBenchJsonFormat: Format = {
  name: LLAMA_BENCH_JSON,
  description: "llama.cpp llama-bench -o json (array of records: build_commit, model_type, n_prompt, avg_ts …)",
  detect({text, json}) {
    if (Array.isArray(json)) return {match: json.length > 0 && looksLikeRecord(json[0])};
    // Interrupted runs leave a truncated array: the printer's opening `[` and a record's first key, but no JSON. Its
    // finished records are read; one with none is quarantined.
    if (json === undefined && TRUNCATED.test(text.slice(0, 200))) return {match: true, broken: !finishedRecords(text)?.length};
    return {match: false};
  },
  parse({text, json}, ctx) {
    const records = Array.isArray(json) ? json : finishedRecords(text);
    if (!records) {
      throw new InputError(ctx.path, "expected a JSON array of llama-bench records, found no valid JSON array");
    }
    const parsed = z.array(LlamaBenchRecord).min(1).safeParse(records);
    if (!parsed.success) {
      throw new InputError(ctx.path, `not a llama-bench JSON file:\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    }
    const tables = llamaBenchTables(parsed.data, ctx, LLAMA_BENCH_JSON);
    // What followed the last finished record is noted, so a reader knows the run did not end.
    const cut = Array.isArray(json) ? [] : [{line: text.slice(0, text.lastIndexOf("\n  }")).split("\n").length + 1, text: "", reason: `the array ends early: the run stopped after ${records.length} finished tests`}];
    return {tables: {...tables, data_quality: skippedRows(ctx, cut)}};
  }
};
