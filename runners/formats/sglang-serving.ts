// SGLang `python -m sglang.bench_serving --output-file x.jsonl`: one JSON object appended per run (backend,
// dataset_name, request_rate, max_concurrency, random_{input,output}_len, duration, completed, *_throughput,
// {mean,median,std,p99}_{e2e_latency,ttft,tpot,itl}_ms). Each line is one measurement, source `sglang`.
import {z} from "zod";
import {InputError} from "../errors.ts";
import {commitParts, FileRows, flatMetricValues, versionStatus} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import {firstJsonLine} from "./json-lines.ts";
import {variantHint} from "./vllm-serve.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();
const count = z.number().int().nonnegative().nullable().optional();

const SglangLine = z
  .object({
    backend: z.string(),
    dataset_name: text,
    request_rate: z.union([z.number(), z.string().regex(/^inf$/i, "a number or \"inf\"")]).nullable().optional(),
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
  if (!head.ok) {
    const looks = SGLANG_KEYS.some((k) => line.includes(`"${k}"`));
    return {match: false, broken: looks};
  }
  const first = head.value;
  return {match: isObject(first) && "backend" in first && SGLANG_KEYS.some((k) => k in first)};
}

/** Parses an SGLang bench_serving JSONL file: one measurement per line. */
export function parseSglangServing(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const rows = new FileRows(ctx, "sglang");
  const lines = file.text.split("\n");
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].trim();
    if (!line) continue;
    const where = `${ctx.path}:${k + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new InputError(where, `not valid JSON (${(error as Error).message})`);
    }
    const data = validate(SglangLine, json, where);
    const {commit, commit_full} = commitParts(data.commit);
    const id = rows.measurement({
      variant: variantHint(ctx.path, data.variant),
      commit,
      commit_full,
      status: "pending",
      model: data.model ?? null,
      benchmark_mode: "serving",
      dataset_name: data.dataset_name ?? null,
      input_len: data.random_input_len ?? null,
      output_len: data.random_output_len ?? data.sharegpt_output_len ?? null,
      num_prompts: data.num_prompts ?? null,
      request_rate: data.request_rate == null ? null : typeof data.request_rate === "number" ? data.request_rate : Infinity,
      max_concurrency: data.max_concurrency ?? null,
      duration_s: data.duration ?? null,
      extra: {backend: data.backend, line: k + 1}
    });
    rows.addMetrics(id, flatMetricValues(data, where), "structured", `line ${k + 1}`);
    rows.setStatus(id, versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: "success"}));
  }
  if (!rows.measurements.length) throw new InputError(ctx.path, "no result lines");
  return {tables: rows.tables()};
}

export const sglangServing: Format = {
  name: "sglang_serving",
  description: "SGLang bench_serving JSONL output (one run per line)",
  detect,
  parse: parseSglangServing
};
