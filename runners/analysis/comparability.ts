// When two measurements may be compared: same model, same benchmark mode (when known) and the same executed workload
// (when both logs show it). Pipeline-family pairing (a consolidated file only within itself, separate files across
// batches) is decided by the candidate join in load.ts; this module says what differs and why, in words.
import {declaredTool, effectiveModel, modeOf, type Fact} from "./facts.ts";

/** Executed-workload fields compared when both measurements' logs show them. */
export const WORKLOAD_FIELDS = ["dataset_name", "input_len", "output_len", "num_prompts", "request_rate", "max_concurrency"] as const;
export type WorkloadField = (typeof WORKLOAD_FIELDS)[number];

export type DifferenceField = "model" | "mode" | "benchmark" | WorkloadField;
export type Difference = {field: DifferenceField; a: string | number | null; b: string | number | null};

function sameModel(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Configuration differences that make two measurements incomparable (empty = comparable). */
export function configDifferences(a: Fact, b: Fact): Difference[] {
  const out: Difference[] = [];
  const ma = effectiveModel(a);
  const mb = effectiveModel(b);
  if (ma && mb && !sameModel(ma, mb)) out.push({field: "model", a: ma, b: mb});
  const modeA = modeOf(a);
  const modeB = modeOf(b);
  if (modeA && modeB && modeA !== modeB) out.push({field: "mode", a: modeA, b: modeB});
  else {
    // Same mode, other tool (benchmark_latency vs benchmark_throughput) still measures something else.
    const ta = declaredTool(a.perf_command);
    const tb = declaredTool(b.perf_command);
    if (ta && tb && ta !== tb) out.push({field: "benchmark", a: ta, b: tb});
  }
  for (const field of WORKLOAD_FIELDS) {
    const va = a[field];
    const vb = b[field];
    if (va == null || vb == null) continue;
    const differ = typeof va === "string" && typeof vb === "string" ? va.toLowerCase() !== vb.toLowerCase() : va !== vb;
    if (differ) out.push({field, a: va, b: vb});
  }
  return out;
}

function show(v: string | number | null): string {
  if (v === null) return "unknown";
  if (v === Infinity) return "inf";
  return String(v);
}

/** `model Qwen/Qwen2.5-7B-Instruct vs meta-llama/…; input_len 512 vs 1000` */
export function describeDifferences(diffs: Difference[]): string {
  return diffs.map((d) => `${d.field} ${show(d.a)} vs ${show(d.b)}`).join("; ");
}

/** How two measurements' pipelines differ (family, batch, file), for flag details. */
export function pipelineDifferences(a: Fact, b: Fact): string[] {
  const out: string[] = [];
  if (a.source !== b.source) out.push(`pipeline family ${a.source} vs ${b.source}`);
  else if ((a.batch ?? "") !== (b.batch ?? "")) out.push(`batch ${a.batch ?? "none"} vs ${b.batch ?? "none"}`);
  return out;
}

/** Metric names every given measurement has, sorted. */
export function sharedMetrics(facts: Fact[]): string[] {
  if (!facts.length) return [];
  const [first, ...rest] = facts;
  return Object.keys(first.metrics)
    .filter((m) => rest.every((f) => m in f.metrics))
    .sort();
}
