// Docker corrected re-runs `docker/<commit>/benchmark_result.json`: `{commit, timestamp, results: {baseline, human,
// agent}}`, each version with its own status, metrics and raw output. Source `docker_rerun`.
import {z} from "zod";
import {executedFromLog, logExcerpt, summaryMetrics} from "../logs/vllm-log.ts";
import {commitParts, FileRows, MetricValue, VARIANTS, versionStatus} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();

const Version = z
  .object({
    commit_hash: text,
    status: z.string(),
    benchmark_type: text,
    model: text,
    duration_s: z.number().nullable().optional(),
    version: text,
    error: text,
    metrics: z.record(z.string(), MetricValue).nullable().optional(),
    raw_output: text
  })
  .catchall(z.unknown());

const DockerRerun = z.object({
  commit: z.string(),
  timestamp: text,
  results: z.object({baseline: Version.optional(), human: Version.optional(), agent: Version.optional()}).catchall(z.unknown())
});

function detect({json}: {path: string; text: string; json: unknown}) {
  if (!isObject(json) || !isObject(json.results)) return {match: false};
  return {match: VARIANTS.some((v) => isObject((json.results as Record<string, unknown>)[v]))};
}

/** Parses one corrected three-way re-run. */
export function parseDockerRerun(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const data = validate(DockerRerun, file.json, ctx.path);
  const rows = new FileRows(ctx, "docker_rerun");
  for (const variant of VARIANTS) {
    const v = data.results[variant];
    if (!v) continue;
    const {commit, commit_full} = commitParts(v.commit_hash ?? data.commit);
    const raw = v.raw_output ?? null;
    const executed = raw ? executedFromLog(raw) : null;
    const id = rows.measurement({
      variant,
      commit,
      commit_full,
      status: "pending",
      error: v.error ?? null,
      model: v.model ?? null,
      benchmark_mode: v.benchmark_type ?? null,
      ...(executed ?? {}),
      timestamp: data.timestamp ?? null,
      duration_s: v.duration_s ?? null,
      raw_log_excerpt: logExcerpt(raw)
    });
    if (v.metrics) rows.addMetrics(id, v.metrics, "structured", `results.${variant}.metrics`);
    if (raw) rows.addMetrics(id, summaryMetrics(raw), "raw_log", `results.${variant}.raw_output`);
    rows.setStatus(id, versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: v.status}));
  }
  return {tables: rows.tables()};
}

export const dockerRerun: Format = {
  name: "docker_rerun",
  description: "Docker corrected re-run docker/<commit>/benchmark_result.json with results.{baseline,human,agent}",
  detect,
  parse: parseDockerRerun
};
