// How one file's content becomes warehouse rows: deterministic measurement ids, metric values resolved through the
// catalogue, and every value that is not a measurement (non-finite, ≤ 0, unknown key) noted in data_quality instead
// of dropped. Every format builds its rows through FileRows so the rules hold the same way for all of them.
import {hash} from "node:crypto";
import {z} from "zod";
import type {Row} from "../warehouse/db.ts";
import type {FileContext, TableRows} from "../formats/types.ts";
import {InputError} from "../errors.ts";
import {metricInfo, resolveMetric} from "./metrics.ts";

/** The three versions of a commit that the study measures. */
export const VARIANTS = ["baseline", "human", "agent"] as const;
export type Variant = (typeof VARIANTS)[number];

/** Where a measurement came from (`measurements.source`). */
export const SOURCES = ["modal", "separate", "docker_verify", "docker_rerun", "vllm", "sglang", "runner"] as const;
export type Source = (typeof SOURCES)[number];

/** How a metric value was obtained (`metrics.origin`). */
export const ORIGINS = ["structured", "raw_log"] as const;
export type Origin = (typeof ORIGINS)[number];

/** Status of a version that has at least one measured value, whatever the file says about the whole commit. */
export const STATUS_SUCCESS = "success";
/** Status of a version whose file says success but that carries no measured value. */
export const STATUS_NO_METRICS = "no_metrics";
/** Status when the file says nothing about it. */
export const STATUS_UNKNOWN = "unknown";

/** Reasons written to `data_quality.reason`. */
export const DQ = {
  nonFinite: "value is not finite (NaN or infinite): not a measurement",
  nonPositive: "value is ≤ 0: not measured (e.g. TPOT with one output token)",
  unknownMetric: "key is not in the metric catalogue (runners/model/metrics.ts): kept here, not in metrics",
  duplicate: "the same metric appears twice in this measurement with another value; the first is kept",
  rawLogDiffers: "the raw log's value differs from the structured value; the structured one is kept"
} as const;

/** A metric value as files write it: a number, null, or Python's non-finite spellings ("inf", "nan"). */
export const MetricValue = z.union([z.number(), z.null(), z.string().regex(/^[+-]?(inf|infinity|nan)$/i, "a number")]);
export type MetricValue = z.infer<typeof MetricValue>;

/** Relative tolerance under which a raw-log value (printed with 2 decimals) agrees with the structured value. */
const RAW_LOG_AGREEMENT = 0.01;

/** Hex length of measurement ids: 64 bits, ample for one warehouse. */
const ID_HEX = 16;

/** Deterministic id of the `index`-th measurement of `variant` in one file of one run set. */
export function measurementId(runSet: string, file: string, variant: string | null, index = 0): string {
  // One-shot hash: a Hash object per id costs more than hashing these few bytes.
  return hash("sha256", JSON.stringify([runSet, file, variant ?? "", index]), "hex").slice(0, ID_HEX);
}

/** Splits a commit reference into the 8-hex short form and the full hash (when the reference is longer). */
export function commitParts(ref: string | null | undefined): {commit: string | null; commit_full: string | null} {
  if (!ref) return {commit: null, commit_full: null};
  const hex = ref.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(hex)) return {commit: hex || null, commit_full: null};
  return {commit: hex.slice(0, 8), commit_full: hex.length === 40 ? hex : null};
}

/** Converts a file's metric value to a number (Python's "inf"/"nan" included); null stays null. */
export function toNumber(v: MetricValue | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  const s = v.toLowerCase().replace(/^\+/, "");
  if (s === "nan" || s === "-nan") return NaN;
  return s.startsWith("-") ? -Infinity : Infinity;
}

/**
 * A version's status from its own evidence: measured values mean success even where the file's status describes
 * the whole commit (`baseline_failed`); otherwise its own error, else the file's status.
 */
export function versionStatus({
  hasMetrics,
  fileStatus,
  ownError
}: {
  hasMetrics: boolean;
  fileStatus: string | null | undefined;
  ownError?: string | null;
}): string {
  if (hasMetrics) return STATUS_SUCCESS;
  if (ownError) return "error";
  const s = fileStatus?.trim().toLowerCase();
  if (!s) return STATUS_UNKNOWN;
  return s === STATUS_SUCCESS ? STATUS_NO_METRICS : s;
}

/**
 * Why a serving benchmark's run measured nothing although it wrote its result: no request completed (vLLM and SGLang
 * still write the file, with zeros or NaN for every statistic). Null when some request completed or the file does
 * not say.
 */
export function servingRunError(completed: number | null | undefined, failed: number | null | undefined): string | null {
  if (completed !== 0) return null;
  return failed ? `no request completed (${failed} failed)` : "no request completed";
}

/**
 * The workload a benchmark ran: the configuration columns of `measurements` that are compared between versions.
 * A log's Namespace gives the executed one, a perf_command the declared one (runners/logs, runners/commands).
 */
export type Workload = {
  dataset_name: string | null;
  input_len: number | null;
  output_len: number | null;
  num_prompts: number | null;
  request_rate: number | null;
  max_concurrency: number | null;
};

/** Measurement columns a format fills (ids, file, run set and hash come from FileRows). */
export type MeasurementFields = {
  variant: Variant | null;
  commit?: string | null;
  commit_full?: string | null;
  parent_commit?: string | null;
  batch?: string | null;
  status: string;
  error?: string | null;
  model?: string | null;
  benchmark_mode?: string | null;
  perf_command?: string | null;
  dataset_name?: string | null;
  input_len?: number | null;
  output_len?: number | null;
  num_prompts?: number | null;
  request_rate?: number | null;
  max_concurrency?: number | null;
  executed_model?: string | null;
  declared_dataset_name?: string | null;
  declared_input_len?: number | null;
  declared_output_len?: number | null;
  declared_num_prompts?: number | null;
  declared_request_rate?: number | null;
  engine_version?: string | null;
  install_method?: string | null;
  gpu_config?: string | null;
  timestamp?: string | null;
  duration_s?: number | null;
  subject?: string | null;
  has_agent_patch?: boolean | null;
  /**
   * Agent rows only: whose patch was measured when the file itself says (a runner record), overriding the ingest's
   * agent; null when the file says no agent's work was measured (a configuration comparison run three ways).
   */
  agent?: string | null;
  repeats?: number | null;
  raw_log_excerpt?: string | null;
  server_log_excerpt?: string | null;
  extra?: Record<string, unknown> | null;
};

/** Collects one file's rows for measurements, metrics and data_quality. */
export class FileRows {
  readonly measurements: Row[] = [];
  readonly metrics: Row[] = [];
  readonly dataQuality: Row[] = [];
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly counts = new Map<string, number>();

  constructor(
    readonly ctx: FileContext,
    readonly source: Source
  ) {}

  /** Adds a measurement; returns its id. The agent name is set on `agent` rows only. */
  measurement(fields: MeasurementFields): string {
    const key = fields.variant ?? "";
    const index = this.counts.get(key) ?? 0;
    this.counts.set(key, index + 1);
    const id = measurementId(this.ctx.runSet, this.ctx.path, fields.variant, index);
    // Built key by key rather than by spreading `fields` twice (ingest makes one per version of every file), and
    // without the columns that are null: a missing column is NULL in the warehouse, and a third of a row's columns
    // are null in the study's files, all staged, parsed and sorted for nothing otherwise.
    const row: Row = {measurement_id: id, run_set: this.ctx.runSet, source: this.source, file: this.ctx.path, file_sha256: this.ctx.sha256};
    if (fields.variant === "agent") row.agent = fields.agent === undefined ? this.ctx.agent : fields.agent;
    for (const key in fields) {
      if (key === "agent") continue;
      const value = key === "extra" ? extraJson(fields.extra) : fields[key as keyof MeasurementFields];
      if (value !== undefined && value !== null) row[key] = value;
    }
    this.measurements.push(row);
    this.seen.set(id, new Map());
    return id;
  }

  /** Sets the status of a measurement after its metrics are known (see versionStatus). */
  setStatus(id: string, status: string): void {
    const row = this.measurements.find((m) => m.measurement_id === id);
    if (row) row.status = status;
  }

  /** Number of metric rows a measurement has so far. */
  metricCount(id: string): number {
    return this.seen.get(id)?.size ?? 0;
  }

  /**
   * Records metric values keyed by any catalogue alias. `field` prefixes the data_quality field path
   * (e.g. `result.baseline_metrics`). Raw-log values only fill metrics the structured data lacks.
   */
  addMetrics(id: string, values: Record<string, MetricValue | undefined>, origin: Origin, field: string): void {
    for (const [key, raw] of Object.entries(values)) {
      if (raw === undefined || raw === null) continue;
      const path = field ? `${field}.${key}` : key;
      const resolved = resolveMetric(key);
      if (!resolved) {
        this.note(id, path, null, raw, DQ.unknownMetric);
        continue;
      }
      const n = toNumber(raw);
      if (n === null) continue;
      if (!Number.isFinite(n)) {
        this.note(id, path, resolved.name, raw, DQ.nonFinite);
        continue;
      }
      if (n <= 0) {
        this.note(id, path, resolved.name, raw, DQ.nonPositive);
        continue;
      }
      this.add(id, resolved.name, n * resolved.factor, origin, path, raw);
    }
  }

  private add(id: string, metric: string, value: number, origin: Origin, path: string, raw: MetricValue): void {
    const have = this.seen.get(id)!;
    const prev = have.get(metric);
    if (prev !== undefined) {
      const differs = Math.abs(prev - value) > RAW_LOG_AGREEMENT * Math.max(Math.abs(prev), Math.abs(value));
      if (differs) this.note(id, path, metric, raw, origin === "raw_log" ? DQ.rawLogDiffers : DQ.duplicate);
      return;
    }
    have.set(metric, value);
    const info = metricInfo(metric)!;
    // n and std stay unset (NULL in the warehouse): they are for means over repeats, which a result file never holds.
    this.metrics.push({measurement_id: id, metric, value, unit: info.unit, better: info.better, origin});
  }

  /**
   * Notes that some requests of a serving run failed: its figures are over the completed ones only (vLLM and SGLang
   * warn and still write the file), which a comparison with a run where all completed should know.
   */
  notePartialFailure(id: string, completed: number | null | undefined, failed: number | null | undefined): void {
    if (!failed || !completed) return;
    this.note(id, "failed", null, failed, `${failed} of ${completed + failed} requests failed: the figures are over the ${completed} that completed`);
  }

  private note(id: string, field: string, metric: string | null, raw: unknown, reason: string): void {
    this.dataQuality.push({
      run_set: this.ctx.runSet,
      measurement_id: id,
      file: this.ctx.path,
      field,
      metric,
      value_text: typeof raw === "string" ? raw : JSON.stringify(raw),
      reason
    });
  }

  tables(): TableRows {
    return {measurements: this.measurements, metrics: this.metrics, data_quality: this.dataQuality};
  }
}

/** The descriptive fields that are set, as a JSON object; null when none is. */
function extraJson(extra: MeasurementFields["extra"]): string | null {
  if (!extra) return null;
  const set: Record<string, unknown> = {};
  let any = false;
  for (const key in extra) {
    const value = extra[key];
    if (value === undefined || value === null) continue;
    set[key] = value;
    any = true;
  }
  return any ? JSON.stringify(set) : null;
}

/** The top-level keys of a flat result object that are catalogue metrics; a non-numeric value fails validation. */
/**
 * Numbers of a flat result under keys neither the catalogue nor `known` names: given to addMetrics with the rest, they
 * are noted in data_quality as unknown metrics (a key a newer tool version added) instead of being dropped.
 */
export function unknownNumbers(data: Record<string, unknown>, known: ReadonlySet<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === "number" && !known.has(k) && !resolveMetric(k)) out[k] = v;
  return out;
}

export function flatMetricValues(data: Record<string, unknown>, where: string): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === "metrics" || !resolveMetric(k)) continue;
    const parsed = MetricValue.safeParse(v);
    if (!parsed.success) throw new InputError(where, `${k}: expected a number, found ${JSON.stringify(v)?.slice(0, 80)}`);
    out[k] = parsed.data;
  }
  return out;
}
