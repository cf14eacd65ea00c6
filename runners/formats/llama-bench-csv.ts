// llama-bench `-o csv` (csv_printer in tools/llama-bench/llama-bench.cpp): a header of get_fields() names, then one
// row per test whose every value get_values() printed as a quoted string ("1" for true). Values become the types the
// JSON printer writes (numbers where the record's field is one), and a row that still fails the record's check is
// skipped with its line number and why while the others land.
import {csvParseRows} from "d3-dsv";
import {InputError, zodIssueTexts} from "../errors.ts";
import {LlamaBenchRecord, llamaBenchTables} from "./llama-bench-record.ts";
import {describeSkipped, skippedRows, type Skipped} from "./skipped.ts";
import type {Format} from "./types.ts";

export const LLAMA_BENCH_CSV = "llama-bench-csv";

/** The printer's header starts with these fields, unquoted (get_fields() order since the first llama-bench). */
const HEADER = /^build_commit,build_number,/;

/** Record fields that are text even when they look like numbers (a build commit of digits, a CPU mask "0x0"). */
const TEXT_FIELDS = new Set(
  Object.entries(LlamaBenchRecord.shape)
    .filter(([, type]) => type.safeParse("x").success)
    .map(([name]) => name)
    .concat(["cpu_mask", "split_mode", "tensor_split", "tensor_buft_overrides", "devices", "load_mode"])
);

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function typed(field: string, value: string): unknown {
  if (TEXT_FIELDS.has(field)) return value;
  if (field === "samples_ns" || field === "samples_ts") return value ? value.split(";").map(Number) : undefined;
  return NUMBER.test(value) ? Number(value) : value;
}

export const llamaBenchCsvFormat: Format = {
  name: LLAMA_BENCH_CSV,
  description: "llama.cpp llama-bench -o csv (header of field names, one quoted row per test)",
  detect({text, json}) {
    return {match: json === undefined && HEADER.test(text.slice(0, 40))};
  },
  parse({text}, ctx) {
    const [header, ...rows] = csvParseRows(text);
    const records: LlamaBenchRecord[] = [];
    const skipped: Skipped[] = [];
    rows.forEach((cells, i) => {
      if (cells.length === 1 && !cells[0].trim()) return;
      const value = Object.fromEntries(header.map((field, k) => [field, typed(field, cells[k] ?? "")]));
      const parsed = LlamaBenchRecord.safeParse(value, {reportInput: true});
      if (parsed.success) records.push(parsed.data);
      else skipped.push({line: i + 2, text: cells.join(","), reason: zodIssueTexts(parsed.error.issues.slice(0, 3)).join("; ")});
    });
    if (!records.length) throw new InputError(ctx.path, `no valid llama-bench row in the file:\n${describeSkipped(ctx.path, skipped) || "(no row below the header)"}`);
    return {tables: {...llamaBenchTables(records, ctx, LLAMA_BENCH_CSV), data_quality: skippedRows(ctx, skipped)}};
  }
};

