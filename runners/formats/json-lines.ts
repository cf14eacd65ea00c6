// JSON Lines as result files really are (SGLang bench_serving, llama-bench -o jsonl, lm-eval samples, predictions):
// one record per line, appended run after run, so the last line of an interrupted run is often cut short, and
// Python's json.dumps writes bare NaN/Infinity (SGLang's default request rate is inf). One reader for all of them:
// each line is parsed and checked on its own, a bad line is skipped with its line number and why, and the file's
// other lines still land.
import type {z} from "zod";
import {InputError, zodIssueTexts} from "../errors.ts";
import {parseJsonText, PYTHON_NON_FINITE_NOTE} from "../ingest/json-text.ts";
import type {FileRows} from "../model/measurement.ts";
import {describeSkipped, skippedRows, type Skipped} from "./skipped.ts";
import type {FileContext, ParseResult} from "./types.ts";

export type FirstLine = {line: string; ok: true; value: unknown} | {line: string; ok: false};

/**
 * The first non-blank line of `text`, trimmed, and its parsed value when it is a complete JSON value. `json` is the
 * whole text parsed (undefined when it is not JSON): a one-record file is that value; in a longer JSON text the first
 * line is only the start of a value. Detection asks every file ingest sees, logs and pretty-printed JSON included:
 * this never throws.
 */
export function firstJsonLine(text: string, json: unknown): FirstLine {
  // Several formats ask about the same file in turn; a first line that is not JSON is re-scanned to say so, once.
  if (lastFirst?.text === text && lastFirst.json === json) return lastFirst.result;
  const result = readFirstLine(text, json);
  lastFirst = {text, json, result};
  return result;
}

let lastFirst: {text: string; json: unknown; result: FirstLine} | null = null;

function readFirstLine(text: string, json: unknown): FirstLine {
  const start = text.search(/\S/);
  if (start < 0) return {line: "", ok: false};
  const nl = text.indexOf("\n", start);
  const line = text.slice(start, nl < 0 ? undefined : nl).trim();
  if (json !== undefined) return nl < 0 || !/\S/.test(text.slice(nl)) ? {line, ok: true, value: json} : {line, ok: false};
  // Only an object or an array can span a line on its own and still be worth parsing here.
  if (!/^[[{]/.test(line)) return {line, ok: false};
  const parsed = parseJsonText(line);
  return parsed.ok ? {line, ok: true, value: parsed.json} : {line, ok: false};
}

export type JsonLines<T> = {
  /** The lines that parsed and passed the schema, in order, with their 1-based line numbers and text. */
  records: {line: number; value: T; text: string}[];
  /** The lines that did not, with why. */
  skipped: Skipped[];
  /** True when a line held bare NaN/Infinity, read as the strings "NaN"/"Infinity" (see json-text.ts). */
  pythonNonFinite: boolean;
};

/** Reads a JSON Lines text record by record against `schema`; blank lines are not records. */
export function readJsonLines<S extends z.ZodType>(text: string, schema: S): JsonLines<z.output<S>> {
  const out: JsonLines<z.output<S>> = {records: [], skipped: [], pythonNonFinite: false};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    const parsed = parseJsonText(raw);
    if (!parsed.ok) {
      out.skipped.push({line: i + 1, text: raw, reason: `not valid JSON: ${parsed.reason} at column ${parsed.column}`});
      continue;
    }
    const checked = schema.safeParse(parsed.json, {reportInput: true});
    if (!checked.success) {
      out.skipped.push({line: i + 1, text: raw, reason: zodIssueTexts(checked.error.issues.slice(0, 3)).join("; ")});
      continue;
    }
    out.pythonNonFinite ||= parsed.pythonNonFinite;
    out.records.push({line: i + 1, value: checked.data, text: raw});
  }
  return out;
}

/**
 * A results file of one run per line (SGLang bench_serving, vLLM --append-result): each readable line goes to `add`,
 * which adds its measurement to `rows` or throws InputError for a line it cannot take. Lines that could not be read
 * or taken are noted; a file with no run taken is quarantined, naming them.
 */
export function parseRunLines<S extends z.ZodType>(
  text: string,
  ctx: FileContext,
  schema: S,
  rows: FileRows,
  add: (value: z.output<S>, line: number) => void
): ParseResult {
  const {records, skipped, pythonNonFinite} = readJsonLines(text, schema);
  const unread: Skipped[] = [...skipped];
  for (const {line, value, text: raw} of records) {
    try {
      add(value, line);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unread.push({line, text: raw, reason: error.message.slice(error.where.length + 2)});
    }
  }
  unread.sort((a, b) => a.line - b.line);
  if (!rows.measurements.length) {
    throw new InputError(ctx.path, unread.length ? `no readable result line:\n${describeSkipped(ctx.path, unread)}` : "no result lines");
  }
  const tables = rows.tables();
  tables.data_quality = [...tables.data_quality, ...skippedRows(ctx, unread)];
  return {tables, warnings: pythonNonFinite ? [PYTHON_NON_FINITE_NOTE] : []};
}
