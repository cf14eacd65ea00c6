// Consolidated back-to-back three-way runs (`benchmark_result.json` with `instance`/`result`, or the same keys at top
// level as the SGLang variant of the study writes them): one measurement per version, source `modal`. Older files
// use `patched_metrics`/`improvement`/`error_message`; the patched version there is the agent's.
import {z} from "zod";
import {declaredConfig} from "../commands/declared.ts";
import {engineVersion, executedFromLog, logExcerpt, summaryMetrics} from "../logs/vllm-log.ts";
import {commitParts, FileRows, MetricValue, VARIANTS, versionStatus, type Variant} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();
const Metrics = z.record(z.string(), MetricValue).nullable().optional();

const Instance = z
  .object({
    commit_hash: z.string(),
    commit_subject: text,
    perf_command: text,
    repo: text,
    pr_url: text
  })
  .catchall(z.unknown());

const Result = z
  .object({
    status: text,
    error: text,
    error_message: text,
    commit: text,
    full_commit: text,
    commit_hash: text,
    parent_commit: text,
    model: text,
    subject: text,
    perf_command: text,
    benchmark_mode: text,
    benchmark_type: text,
    has_agent_patch: z.boolean().nullable().optional(),
    duration_s: z.number().nullable().optional(),
    server_logs: text,
    install_method: text,
    gpu_config: text,
    patch_type: text,
    baseline_metrics: Metrics,
    human_metrics: Metrics,
    agent_metrics: Metrics,
    patched_metrics: Metrics,
    baseline_raw: text,
    human_raw: text,
    agent_raw: text,
    baseline_version: text,
    human_version: text,
    agent_version: text,
    baseline_install_method: text,
    human_install_method: text,
    agent_install_method: text,
    baseline_error: text,
    human_error: text,
    agent_error: text
  })
  .catchall(z.unknown());

const PER_VERSION_KEYS = ["metrics", "raw", "version", "install_method", "error"] as const;

/** Top-level keys that mark a consolidated three-way result written without the instance/result wrapper. */
const FLAT_MARKERS = ["baseline_metrics", "human_metrics", "agent_metrics"];

function detect({text: body, json}: {path: string; text: string; json: unknown}) {
  if (isObject(json)) {
    if (isObject(json.instance) && isObject(json.result)) return {match: true};
    const flat = FLAT_MARKERS.some((k) => k in json) && ("commit_hash" in json || "commit" in json);
    return {match: flat};
  }
  if (json === undefined && body.includes('"instance"') && body.includes('"result"') && body.includes("_metrics")) {
    return {match: false, broken: true};
  }
  return {match: false};
}

/** Parses one consolidated three-way result into a measurement per version. */
export function parseModal(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const root = file.json;
  const wrapped = isObject(root) && isObject(root.instance) && isObject(root.result);
  const instance = wrapped ? validate(Instance, root.instance, `${ctx.path}: instance`) : null;
  const result = validate(Result, wrapped ? root.result : root, wrapped ? `${ctx.path}: result` : ctx.path);
  const rows = new FileRows(ctx, "modal");

  const {commit, commit_full} = commitParts(result.full_commit ?? instance?.commit_hash ?? result.commit_hash ?? result.commit);
  const perfCommand = result.perf_command ?? instance?.perf_command ?? null;
  const declared = declaredConfig(perfCommand);
  const fileError = result.error ?? result.error_message ?? null;
  const present = VARIANTS.filter((v) => PER_VERSION_KEYS.some((k) => `${v}_${k}` in result) || (v === "agent" && "patched_metrics" in result));
  // A file that failed before any version ran still records the failure for each of the three versions.
  const variants: Variant[] = present.length ? present : [...VARIANTS];

  for (const variant of variants) {
    const metrics = result[`${variant}_metrics`] ?? (variant === "agent" ? result.patched_metrics : undefined) ?? null;
    const raw = result[`${variant}_raw`] ?? null;
    const ownError = result[`${variant}_error`] ?? null;
    const executed = raw ? executedFromLog(raw) : null;
    const id = rows.measurement({
      variant,
      commit,
      commit_full,
      parent_commit: result.parent_commit ?? null,
      status: "pending",
      error: null,
      model: result.model ?? null,
      benchmark_mode: result.benchmark_mode ?? result.benchmark_type ?? null,
      perf_command: perfCommand,
      ...(executed ?? {}),
      declared_dataset_name: declared.dataset_name,
      declared_input_len: declared.input_len,
      declared_output_len: declared.output_len,
      declared_num_prompts: declared.num_prompts,
      declared_request_rate: declared.request_rate,
      engine_version: engineVersion(result[`${variant}_version`]),
      install_method: result[`${variant}_install_method`] ?? result.install_method ?? null,
      gpu_config: result.gpu_config ?? null,
      duration_s: result.duration_s ?? null,
      subject: result.subject ?? instance?.commit_subject ?? null,
      has_agent_patch: result.has_agent_patch ?? null,
      raw_log_excerpt: logExcerpt(raw),
      server_log_excerpt: logExcerpt(result.server_logs),
      extra: {patch_type: result.patch_type, repo: instance?.repo, pr_url: instance?.pr_url}
    });
    const field = `${wrapped ? "result." : ""}${variant === "agent" && !("agent_metrics" in result) ? "patched" : variant}_metrics`;
    if (metrics) rows.addMetrics(id, metrics, "structured", field);
    if (raw) rows.addMetrics(id, summaryMetrics(raw), "raw_log", `${wrapped ? "result." : ""}${variant}_raw`);
    const hasMetrics = rows.metricCount(id) > 0;
    rows.setStatus(id, versionStatus({hasMetrics, fileStatus: result.status, ownError}));
    const row = rows.measurements.at(-1)!;
    row.error = ownError ?? (hasMetrics ? null : fileError);
  }
  return {tables: rows.tables()};
}

export const modal: Format = {
  name: "modal",
  description: "Consolidated back-to-back three-way run (benchmark_result.json with instance/result)",
  detect,
  parse: parseModal
};
