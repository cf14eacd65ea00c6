// llama-bench `-o json`: a JSON array of records (json_printer in tools/llama-bench/llama-bench.cpp).
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {LlamaBenchRecord, llamaBenchTables, looksLikeRecord} from "./llama-bench-record.ts";
import type {Format} from "./types.ts";

export const LLAMA_BENCH_JSON = "llama-bench-json";
/** The printer's opening `[` and a record's first key. */
const TRUNCATED = /^\s*\[\s*\{\s*"build_commit"\s*:/;

export const llamaBenchJsonFormat: Format = {
  name: LLAMA_BENCH_JSON,
  description: "llama.cpp llama-bench -o json (array of records: build_commit, model_type, n_prompt, avg_ts …)",
  detect({text, json}) {
    if (Array.isArray(json)) return {match: json.length > 0 && looksLikeRecord(json[0])};
    // Interrupted runs leave a truncated array: the printer's opening `[` and a record's first key, but no JSON.
    if (json === undefined && TRUNCATED.test(text.slice(0, 200))) return {match: true, broken: true};
    return {match: false};
  },
  parse({json}, ctx) {
    if (!Array.isArray(json)) {
      throw new InputError(ctx.path, "expected a JSON array of llama-bench records, found no valid JSON array");
    }
    const parsed = z.array(LlamaBenchRecord).min(1).safeParse(json);
    if (!parsed.success) {
      throw new InputError(ctx.path, `not a llama-bench JSON file:\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    }
    return {tables: llamaBenchTables(parsed.data, ctx, LLAMA_BENCH_JSON)};
  }
};
