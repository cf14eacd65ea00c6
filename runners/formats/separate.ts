// Separate per-version result files `<commit>_{baseline,human,agent}_result.json`, in every schema variant the study
// wrote: metrics nested under `metrics` or flat at top level, the commit as `commit_short`/`commit`/`human_commit`,
// `skip_reason`, `fix_applied` as string or list. One measurement per file, source `separate`, batch = its folder.
import {z} from "zod";
import {declaredConfig} from "../commands/declared.ts";
import {executedFromLog, logExcerpt, summaryMetrics} from "../logs/vllm-log.ts";
import {commitParts, FileRows, flatMetricValues, MetricValue, VARIANTS, versionStatus, type Variant} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import {InputError} from "../errors.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();

const Parameters = z
  .object({
    dataset_name: text,
    num_prompts: z.number().int().nullable().optional(),
    random_input_len: z.number().int().nullable().optional(),
    random_output_len: z.number().int().nullable().optional(),
    request_rate: z.union([z.number(), z.string()]).nullable().optional(),
    max_concurrency: z.number().int().nullable().optional()
  })
  .catchall(z.unknown());

const Separate = z
  .object({
    status: z.string(),
    error: text,
    commit: text,
    commit_full: text,
    commit_short: text,
    human_commit: text,
    human_commit_full: text,
    parent_commit: text,
    parent_short: text,
    version: text,
    model: text,
    model_note: text,
    original_model: text,
    benchmark_type: text,
    benchmark_command: text,
    original_command: text,
    skip_reason: text,
    fix_applied: z.union([z.string(), z.array(z.string())]).nullable().optional(),
    notes: text,
    note: text,
    dataset: text,
    docker_image: text,
    image: text,
    benchmark_script: text,
    benchmark_source: text,
    timestamp: text,
    duration_s: z.number().nullable().optional(),
    num_prompts: z.number().int().nullable().optional(),
    raw_output: text,
    logs: text,
    agent_patch: text,
    metrics: z.record(z.string(), MetricValue).nullable().optional(),
    parameters: Parameters.nullable().optional()
  })
  .catchall(z.unknown());

/** Keys of a separate file that name the commit; at least one must be there. */
const COMMIT_KEYS = ["human_commit", "commit_short", "commit"] as const;
/** Filename pattern that carries the version (`<commit>_<variant>_result.json`). */
const NAME = /(?:^|\/)([0-9a-f]{7,40})_(baseline|human|agent)_result\.json$/;

function detect({path, json}: {path: string; text: string; json: unknown}) {
  if (!isObject(json)) return {match: false};
  if ("instance" in json || "results" in json || "commit_hash" in json) return {match: false};
  const hasCommit = COMMIT_KEYS.some((k) => typeof json[k] === "string");
  const hasStatus = typeof json.status === "string" || ("status" in json && NAME.test(path));
  return {match: hasCommit && hasStatus};
}

function variantOf(path: string, version: string | null | undefined, ctxPath: string): Variant {
  const fromName = NAME.exec(path)?.[2];
  const v = fromName ?? version ?? null;
  if (v && (VARIANTS as readonly string[]).includes(v)) return v as Variant;
  throw new InputError(
    ctxPath,
    `cannot tell which version this file measures: expected a name like <commit>_{baseline,human,agent}_result.json or a "version" field, found ${JSON.stringify(version ?? null)}`
  );
}

/** Parses one separate per-version result file. */
export function parseSeparate(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const data = validate(Separate, file.json, ctx.path);
  const variant = variantOf(ctx.path, data.version, ctx.path);
  const rows = new FileRows(ctx, "separate");
  const ref = data.human_commit_full ?? data.commit_full ?? data.human_commit ?? data.commit_short ?? data.commit;
  const {commit, commit_full} = commitParts(ref);
  const raw = data.raw_output ?? data.logs ?? null;
  const fromLog = raw ? executedFromLog(raw) : null;
  // What the harness ran: the log's Namespace, else its recorded command line and parameters.
  const ran = declaredConfig(data.benchmark_command);
  const p = data.parameters;
  const executed = fromLog ?? {
    dataset_name: p?.dataset_name ?? ran.dataset_name ?? data.dataset ?? null,
    input_len: p?.random_input_len ?? ran.input_len,
    output_len: p?.random_output_len ?? ran.output_len,
    num_prompts: p?.num_prompts ?? ran.num_prompts ?? data.num_prompts ?? null,
    request_rate: p?.request_rate != null ? Number(String(p.request_rate).replace(/^inf$/i, "Infinity")) : ran.request_rate,
    max_concurrency: p?.max_concurrency ?? ran.max_concurrency,
    executed_model: ran.model
  };
  const declared = declaredConfig(data.original_command);
  const id = rows.measurement({
    variant,
    commit,
    commit_full,
    parent_commit: data.parent_commit ?? data.parent_short ?? null,
    batch: ctx.folder,
    status: "pending",
    error: null,
    model: data.model ?? null,
    benchmark_mode: data.benchmark_type ?? null,
    perf_command: data.original_command ?? null,
    ...executed,
    declared_dataset_name: declared.dataset_name,
    declared_input_len: declared.input_len,
    declared_output_len: declared.output_len,
    declared_num_prompts: declared.num_prompts,
    declared_request_rate: declared.request_rate,
    timestamp: data.timestamp ?? null,
    duration_s: data.duration_s ?? null,
    raw_log_excerpt: logExcerpt(raw),
    extra: {
      skip_reason: data.skip_reason,
      fix_applied: Array.isArray(data.fix_applied) ? data.fix_applied.join("; ") : data.fix_applied,
      model_note: data.model_note,
      original_model: data.original_model,
      notes: data.notes ?? data.note,
      docker_image: data.docker_image ?? data.image,
      benchmark_command: data.benchmark_command,
      benchmark_script: data.benchmark_script,
      benchmark_source: data.benchmark_source
    }
  });
  if (data.metrics) rows.addMetrics(id, data.metrics, "structured", "metrics");
  rows.addMetrics(id, flatMetricValues(data, ctx.path), "structured", "");
  if (raw) rows.addMetrics(id, summaryMetrics(raw), "raw_log", data.raw_output ? "raw_output" : "logs");
  const hasMetrics = rows.metricCount(id) > 0;
  rows.setStatus(id, versionStatus({hasMetrics, fileStatus: data.status}));
  rows.measurements[0].error = data.error ?? null;
  return {tables: rows.tables()};
}

export const separate: Format = {
  name: "separate",
  description: "Separate per-version result file <commit>_{baseline,human,agent}_result.json (all schema variants)",
  detect,
  parse: parseSeparate
};
