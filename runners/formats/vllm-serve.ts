// vLLM's own serving result file: `vllm bench serve --save-result` / `benchmarks/benchmark_serving.py --save-result`
// (vllm/benchmarks/serve.py save_result): flat JSON with setup keys (date, backend, model_id, num_prompts),
// `--metadata KEY=VALUE` pairs at top level, traffic (request_rate "inf" when unlimited, max_concurrency) and metrics
// ({mean,median,std,pNN}_{ttft,tpot,itl,e2el}_ms, request/output/total throughput). Source `vllm`.
import {z} from "zod";
import {commitParts, FileRows, flatMetricValues, VARIANTS, versionStatus, type Variant} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();
const count = z.number().int().nonnegative().nullable().optional();

const VllmServe = z
  .object({
    date: text,
    backend: text,
    label: text,
    model_id: text,
    tokenizer_id: text,
    num_prompts: count,
    request_rate: z.union([z.number(), z.string().regex(/^inf$/i, "a number or \"inf\"")]).nullable().optional(),
    burstiness: z.number().nullable().optional(),
    max_concurrency: count,
    duration: z.number().nullable().optional(),
    completed: count,
    failed: count,
    // --metadata keys the study's runner sets
    variant: text,
    version: text,
    commit: text,
    parent_commit: text,
    dataset_name: text,
    random_input_len: count,
    random_output_len: count
  })
  .catchall(z.unknown());

/** Keys only vLLM's serve result has (SGLang writes `mean_e2e_latency_ms`, not `mean_e2el_ms`, and no `model_id`). */
const SETUP_KEYS = ["model_id", "tokenizer_id", "date"];
const METRIC_KEYS = ["request_throughput", "mean_ttft_ms", "output_throughput"];
const SGLANG_ONLY = ["mean_e2e_latency_ms", "total_output_tokens_retokenized"];

function detect({json}: {path: string; text: string; json: unknown}) {
  if (!isObject(json)) return {match: false};
  const match = SETUP_KEYS.some((k) => k in json) && METRIC_KEYS.some((k) => k in json) && !SGLANG_ONLY.some((k) => k in json);
  return {match};
}

/** The version a vLLM-native result measures: its `variant`/`version` metadata, else the file name; null if neither says. */
export function variantHint(path: string, ...values: (string | null | undefined)[]): Variant | null {
  for (const v of values) if (v && (VARIANTS as readonly string[]).includes(v)) return v as Variant;
  const m = /(?:^|[/_.-])(baseline|human|agent)(?:[/_.-]|$)/.exec(path);
  return (m?.[1] as Variant | undefined) ?? null;
}

function rate(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === "number" ? v : Infinity;
}

/** Parses a vLLM serving result file into one measurement. */
export function parseVllmServe(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const data = validate(VllmServe, file.json, ctx.path);
  const rows = new FileRows(ctx, "vllm");
  const {commit, commit_full} = commitParts(data.commit);
  const id = rows.measurement({
    variant: variantHint(ctx.path, data.variant, data.version),
    commit,
    commit_full,
    parent_commit: data.parent_commit ?? null,
    status: "pending",
    model: data.model_id ?? null,
    executed_model: data.model_id ?? null,
    benchmark_mode: "serving",
    dataset_name: data.dataset_name ?? null,
    input_len: data.random_input_len ?? null,
    output_len: data.random_output_len ?? null,
    num_prompts: data.num_prompts ?? null,
    request_rate: rate(data.request_rate),
    max_concurrency: data.max_concurrency ?? null,
    timestamp: data.date ?? null,
    duration_s: data.duration ?? null,
    extra: {backend: data.backend, label: data.label, tokenizer_id: data.tokenizer_id, burstiness: data.burstiness, failed: data.failed}
  });
  rows.addMetrics(id, flatMetricValues(data, ctx.path), "structured", "");
  rows.setStatus(id, versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: "success"}));
  return {tables: rows.tables()};
}

export const vllmServe: Format = {
  name: "vllm_serve",
  description: "vLLM serving result (vllm bench serve --save-result / benchmark_serving.py --save-result)",
  detect,
  parse: parseVllmServe
};
