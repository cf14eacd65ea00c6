// SGLang `python -m sglang.bench_serving --output-file x.jsonl`: one JSON object appended per run (backend,
// dataset_name, request_rate, max_concurrency, random_{input,output}_len, duration, completed, *_throughput,
// {mean,median,std,p99}_{e2e_latency,ttft,tpot,itl}_ms). Each line is one measurement, source `sglang`. The file is
// written with json.dumps, so the default request rate (inf) is a bare `Infinity`; a line that cannot be read is
// skipped with its reason and the other runs of the file still land.
import {z} from "zod";
import {lengthsOf} from "../commands/dataset-lengths.ts";
import {commitParts, FileRows, flatMetricValues, servingRunError, unknownNumbers, versionStatus} from "../model/measurement.ts";
import {isObject} from "../model/validate.ts";
import {firstJsonLine, parseRunLines} from "./json-lines.ts";
import {variantHint} from "./vllm-serve.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();
const count = z.number().int().nonnegative().nullable().optional();

const SglangLine = z
  .object({
    backend: z.string(),
    dataset_name: text,
    // A number, infinity as json.dumps writes it (read as the string "Infinity") or as "inf", or "trace" for a run
    // that replays a trace's own timestamps (--use-trace-timestamps).
    request_rate: z.union([z.number(), z.string().regex(/^(\+?inf(inity)?|trace)$/i, "a number, inf or trace")]).nullable().optional(),
    max_concurrency: count,
    random_input_len: count,
    random_output_len: count,
    sharegpt_output_len: count,
    num_prompts: count,
    duration: z.number().nullable().optional(),
    completed: count,
    model: text,
    variant: text,
    commit: text,
    server_info: z.looseObject({model_path: text, version: text}).nullable().optional()
  })
  .catchall(z.unknown());

/** Numbers of a line that describe the run rather than measure it: kept in `extra`, not noted as unknown metrics. */
const DESCRIPTIVE = ["concurrency", "max_concurrent_requests", "random_range_ratio", "total_output_tokens_retokenized", "total_input_text_tokens", "total_input_vision_tokens"];
const NOT_METRICS = new Set([...Object.keys(SglangLine.shape), ...DESCRIPTIVE]);

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
  return parseRunLines(file.text, ctx, SglangLine, rows, (data, line) => {
    const metrics = {...flatMetricValues(data, `${ctx.path}:${line}`), ...unknownNumbers(data, NOT_METRICS)};
    const {commit, commit_full} = commitParts(data.commit);
    const failed = servingRunError(data.completed, null);
    const rate = data.request_rate;
    const id = rows.measurement({
      variant: variantHint(ctx.path, data.variant),
      commit,
      commit_full,
      status: "pending",
      error: failed,
      model: data.model ?? data.server_info?.model_path ?? null,
      engine_version: data.server_info?.version ?? null,
      benchmark_mode: "serving",
      dataset_name: data.dataset_name ?? null,
      ...lengthsOf(data.dataset_name ?? null, (dest) => (typeof data[dest] === "number" ? (data[dest] as number) : null)),
      num_prompts: data.num_prompts ?? null,
      request_rate: rate == null || rate === "trace" ? null : typeof rate === "number" ? rate : Infinity,
      max_concurrency: data.max_concurrency ?? null,
      duration_s: data.duration ?? null,
      extra: {
        backend: data.backend,
        line,
        ...(rate === "trace" ? {request_rate: "trace"} : {}),
        ...(typeof data.tag === "string" ? {tag: data.tag} : {}),
        ...Object.fromEntries(DESCRIPTIVE.filter((k) => typeof data[k] === "number").map((k) => [k, data[k]]))
      }
    });
    // A run in which no request completed measured nothing: its zeros and NaN are not the version's figures.
    if (!failed) rows.addMetrics(id, metrics, "structured", `line ${line}`);
    rows.setStatus(id, failed ? "error" : versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: "success"}));
  });
}

export const sglangServing: Format = {
  name: "sglang_serving",
  description: "SGLang bench_serving JSONL output (one run per line)",
  detect,
  parse: parseSglangServing
};
