// vLLM's own serving result file: `vllm bench serve --save-result` / `benchmarks/benchmark_serving.py --save-result`
// (vllm/benchmarks/serve.py save_result): flat JSON with setup keys (date, backend, model_id, num_prompts),
// `--metadata KEY=VALUE` pairs at top level (every value a string), traffic (request_rate "inf" when unlimited,
// burstiness, max_concurrency, ramp-up), and metrics ({mean,median,std,pNN}_{ttft,tpot,itl,e2el}_ms for any
// --metric-percentiles, request/output/total throughput, goodput). With --append-result each run is one more object
// on its own line: such a file is read as JSON Lines, a measurement per line. Source `vllm`.
import {z} from "zod";
import {lengthsOf} from "../commands/dataset-lengths.ts";
import {commitParts, FileRows, flatMetricValues, servingRunError, unknownNumbers, VARIANTS, versionStatus, type Variant} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import {firstJsonLine, parseRunLines} from "./json-lines.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();
const count = z.number().int().nonnegative().nullable().optional();
/** A count that `--metadata KEY=VALUE` may also give, as the string vLLM stores every metadata value as. */
const metadataCount = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, "a whole number").transform(Number)]).nullable().optional();
/** A rate: a number, or unlimited as vLLM writes it ("inf") or as json.dump writes float("inf") (read as "Infinity"). */
const rateValue = z.union([z.number(), z.string().regex(/^\+?inf(inity)?$/i, "a number or inf")]).nullable().optional();

const VllmServe = z
  .object({
    date: text,
    backend: text,
    label: text,
    model_id: text,
    tokenizer_id: text,
    num_prompts: count,
    request_rate: rateValue,
    burstiness: rateValue,
    ramp_up_strategy: text,
    ramp_up_start_rps: z.number().nullable().optional(),
    ramp_up_end_rps: z.number().nullable().optional(),
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
    random_input_len: metadataCount,
    random_output_len: metadataCount
  })
  .catchall(z.unknown());
type VllmServe = z.infer<typeof VllmServe>;

/**
 * Numeric keys of a serve result that are not metrics: setup, traffic and per-request counts. Any other numeric key
 * the catalogue does not know is noted in data_quality as an unknown metric (a key a newer vLLM added).
 */
const NOT_METRICS = new Set([...Object.keys(VllmServe.shape), "max_concurrent_requests", "total_token_throughput_per_user"]);

/** Keys only vLLM's serve result has (SGLang writes `mean_e2e_latency_ms`, not `mean_e2el_ms`, and no `model_id`). */
const SETUP_KEYS = ["model_id", "tokenizer_id", "date"];
const METRIC_KEYS = ["request_throughput", "mean_ttft_ms", "output_throughput"];
const SGLANG_ONLY = ["mean_e2e_latency_ms", "total_output_tokens_retokenized"];

function detect({text: body, json}: {path: string; text: string; json: unknown}) {
  // One run is one JSON object; --append-result files hold one per line.
  let value: unknown = json;
  if (json === undefined) {
    const head = firstJsonLine(body, json);
    value = head.ok ? head.value : null;
  }
  if (!isObject(value)) return {match: false};
  const match = SETUP_KEYS.some((k) => k in value) && METRIC_KEYS.some((k) => k in value) && !SGLANG_ONLY.some((k) => k in value);
  return {match};
}

/** The version a vLLM-native result measures: its `variant`/`version` metadata, else the file name; null if neither says. */
export function variantHint(path: string, ...values: (string | null | undefined)[]): Variant | null {
  for (const v of values) if (v && (VARIANTS as readonly string[]).includes(v)) return v as Variant;
  const m = /(?:^|[/_.-])(baseline|human|agent)(?:[/_.-]|$)/.exec(path);
  return (m?.[1] as Variant | undefined) ?? null;
}

/** A whole number given as a number or as the string `--metadata` stores it; null otherwise. */
function metadataNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isInteger(v) ? v : null;
  return typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null;
}

function rate(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === "number" ? v : Infinity;
}

/** `20250102-172516` (vLLM's `%Y%m%d-%H%M%S`) as ISO 8601, so it sorts with the other sources' timestamps. */
export function vllmDate(date: string | null | undefined): string | null {
  const m = date ? /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(date) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : (date ?? null);
}

/** Parses a vLLM serving result file: one measurement, or one per line of an --append-result file. */
export function parseVllmServe(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const rows = new FileRows(ctx, "vllm");
  if (isObject(file.json)) {
    addRun(rows, validate(VllmServe, file.json, ctx.path), ctx.path, "");
    return {tables: rows.tables()};
  }
  return parseRunLines(file.text, ctx, VllmServe, rows, (data, line) => addRun(rows, data, `${ctx.path}:${line}`, `line ${line}`));
}

/** One run's measurement; `where` names it in errors, `field` prefixes its data_quality paths. */
function addRun(rows: FileRows, data: VllmServe, where: string, field: string): void {
  const metrics = {...flatMetricValues(data, where), ...unknownNumbers(data, NOT_METRICS)};
  const ramp = data.ramp_up_strategy ? {ramp_up_strategy: data.ramp_up_strategy, ramp_up_start_rps: data.ramp_up_start_rps, ramp_up_end_rps: data.ramp_up_end_rps} : {};
  const failed = servingRunError(data.completed, data.failed);
  const {commit, commit_full} = commitParts(data.commit);
  const id = rows.measurement({
    variant: variantHint(rows.ctx.path, data.variant, data.version),
    commit,
    commit_full,
    parent_commit: data.parent_commit ?? null,
    status: "pending",
    error: failed,
    model: data.model_id ?? null,
    executed_model: data.model_id ?? null,
    benchmark_mode: "serving",
    dataset_name: data.dataset_name ?? null,
    // Lengths come only from --metadata here (vLLM writes none of its own): those of the dataset named, if any.
    ...lengthsOf(data.dataset_name ?? null, (dest) => metadataNumber(data[dest])),
    num_prompts: data.num_prompts ?? null,
    // A ramp-up run writes request_rate "inf" though its rate climbed from start to end: no one rate describes it.
    request_rate: data.ramp_up_strategy ? null : rate(data.request_rate),
    max_concurrency: data.max_concurrency ?? null,
    timestamp: vllmDate(data.date),
    duration_s: data.duration ?? null,
    extra: {
      backend: data.backend,
      label: data.label,
      tokenizer_id: data.tokenizer_id,
      // Infinity has no JSON spelling: an unlimited burstiness (a fixed interval between requests) is kept as "inf"
      burstiness: typeof data.burstiness === "string" ? "inf" : data.burstiness,
      failed: data.failed,
      max_concurrent_requests: data.max_concurrent_requests,
      ...ramp
    }
  });
  // A run in which no request completed measured nothing: its zeros and its duration are not the version's figures.
  if (!failed) rows.addMetrics(id, metrics, "structured", field);
  rows.notePartialFailure(id, data.completed, data.failed);
  rows.setStatus(id, failed ? "error" : versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: "success"}));
}

export const vllmServe: Format = {
  name: "vllm_serve",
  description: "vLLM serving result (vllm bench serve --save-result / benchmark_serving.py --save-result)",
  detect,
  parse: parseVllmServe
};
