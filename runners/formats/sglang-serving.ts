// SGLang `python -m sglang.bench_serving --output-file x.jsonl`: one JSON object appended per run (backend,
// dataset_name, request_rate, max_concurrency, random_{input,output}_len, duration, completed, *_throughput,
// {mean,median,std,p99}_{e2e_latency,ttft,tpot,itl}_ms). Each line is one measurement, source `sglang`. The file is
// written with json.dumps, so the default request rate (inf) is a bare `Infinity`; a line that cannot be read is
// skipped with its reason and the other runs of the file still land.
import {z} from "zod";
import {InputError} from "../errors.ts";
import {PYTHON_NON_FINITE_NOTE} from "../ingest/json-text.ts";
import {commitParts, FileRows, flatMetricValues, servingRunError, versionStatus} from "../model/measurement.ts";
import {isObject} from "../model/validate.ts";
import {firstJsonLine, readJsonLines} from "./json-lines.ts";
import {describeSkipped, skippedRows, type Skipped} from "./skipped.ts";
import {variantHint} from "./vllm-serve.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();
const count = z.number().int().nonnegative().nullable().optional();

const SglangLine = z
  .object({
    backend: z.string(),
    dataset_name: text,
    // A number, or infinity as json.dumps writes it (read as the string "Infinity") or as a string "inf".
    request_rate: z.union([z.number(), z.string().regex(/^\+?inf(inity)?$/i, "a number or inf")]).nullable().optional(),
    max_concurrency: count,
    random_input_len: count,
    random_output_len: count,
    sharegpt_output_len: count,
    num_prompts: count,
    duration: z.number().nullable().optional(),
    completed: count,
    model: text,
    variant: text,
    commit: text
  })
  .catchall(z.unknown());

/** Keys only SGLang's bench_serving writes. */
const SGLANG_KEYS = ["mean_e2e_latency_ms", "median_e2e_latency_ms", "total_output_tokens_retokenized"];

function detect({text: body, json}: {path: string; text: string; json: unknown}) {
  const head = firstJsonLine(body, json);
  const line = head.line;
  if (!line.startsWith("{")) return {match: false};
  // A first line cut short or of the wrong shape is still SGLang's when it names SGLang's keys: parse reads the other
  // lines and quarantines the file only when none can be read.
  if (!head.ok) return {match: SGLANG_KEYS.some((k) => line.includes(`"${k}"`))};
  const first = head.value;
  return {match: isObject(first) && "backend" in first && SGLANG_KEYS.some((k) => k in first)};
}

/** Parses an SGLang bench_serving JSONL file: one measurement per readable line. */
export function parseSglangServing(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const rows = new FileRows(ctx, "sglang");
  const {records, skipped, pythonNonFinite} = readJsonLines(file.text, SglangLine);
  const unread: Skipped[] = [...skipped];
  for (const {line, value: data, text} of records) {
    let metrics;
    try {
      metrics = flatMetricValues(data, `${ctx.path}:${line}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unread.push({line, text, reason: error.message.slice(error.where.length + 2)});
      continue;
    }
    const {commit, commit_full} = commitParts(data.commit);
    // bench_serving writes random_input_len/random_output_len (default 1024) whatever the dataset: they describe the
    // run only for the random datasets; ShareGPT's lengths are the conversations' own unless --sharegpt-output-len.
    const random = data.dataset_name == null || data.dataset_name.startsWith("random");
    const failed = servingRunError(data.completed, null);
    const id = rows.measurement({
      variant: variantHint(ctx.path, data.variant),
      commit,
      commit_full,
      status: "pending",
      error: failed,
      model: data.model ?? null,
      benchmark_mode: "serving",
      dataset_name: data.dataset_name ?? null,
      input_len: random ? (data.random_input_len ?? null) : null,
      output_len: random ? (data.random_output_len ?? null) : data.dataset_name === "sharegpt" ? (data.sharegpt_output_len ?? null) : null,
      num_prompts: data.num_prompts ?? null,
      request_rate: data.request_rate == null ? null : typeof data.request_rate === "number" ? data.request_rate : Infinity,
      max_concurrency: data.max_concurrency ?? null,
      duration_s: data.duration ?? null,
      extra: {backend: data.backend, line}
    });
    // A run in which no request completed measured nothing: its zeros and NaN are not the version's figures.
    if (!failed) rows.addMetrics(id, metrics, "structured", `line ${line}`);
    rows.setStatus(id, failed ? "error" : versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: "success"}));
  }
  if (!rows.measurements.length) {
    throw new InputError(ctx.path, unread.length ? `no readable result line:\n${describeSkipped(ctx.path, unread.sort((a, b) => a.line - b.line))}` : "no result lines");
  }
  const tables = rows.tables();
  tables.data_quality = [...tables.data_quality, ...skippedRows(ctx, unread.sort((a, b) => a.line - b.line))];
  return {tables, warnings: pythonNonFinite ? [PYTHON_NON_FINITE_NOTE] : []};
}

export const sglangServing: Format = {
  name: "sglang_serving",
  description: "SGLang bench_serving JSONL output (one run per line)",
  detect,
  parse: parseSglangServing
};
