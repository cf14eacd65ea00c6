// Summary statistics and variance flags of the tracker. The seed 003 tracker judged its variance by hand (pp512 "higher
// relative variance" at 4.4% CV, pp2048 "suspiciously low - may be warmed state" at 0.3%); these are those rules with
// named, configurable thresholds.
import type {WorkloadKind} from "./workload.ts";

/** CV (std/mean) above this percentage is flagged as high variance; the seed's "can vary 2-7%" prefill runs trip it. */
export const HIGH_CV_PCT = 3;
/**
 * Prefill CV below this percentage is flagged as suspiciously low: prompt processing of a cold cache varies more
 * than decode, so a near-constant prefill usually means a warmed prefix cache (seed 003: pp2048 at 0.3%).
 */
export const LOW_PREFILL_CV_PCT = 0.5;

export type VarianceThresholds = {highCvPct: number; lowPrefillCvPct: number};
export const DEFAULT_THRESHOLDS: VarianceThresholds = {highCvPct: HIGH_CV_PCT, lowPrefillCvPct: LOW_PREFILL_CV_PCT};

/** The flags a cell can carry; pages and tests use these names. */
export const VARIANCE_FLAGS = {
  high: "high-cv",
  lowPrefill: "low-prefill-cv"
} as const;
export type VarianceFlag = (typeof VARIANCE_FLAGS)[keyof typeof VARIANCE_FLAGS];

export function mean(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample standard deviation (n − 1), as llama-bench computes `stddev_ts`; null below two samples. */
export function sampleStd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Coefficient of variation in percent; null when std is unknown or the mean is not positive. */
export function cvPct(meanValue: number | null, std: number | null): number | null {
  if (meanValue == null || std == null || !(meanValue > 0)) return null;
  return (std / meanValue) * 100;
}

/** mean, std, n and CV% of raw samples. */
export function summarize(samples: readonly number[]): {
  mean: number | null;
  std: number | null;
  n: number;
  cv_pct: number | null;
} {
  const m = mean(samples);
  const s = sampleStd(samples);
  return {mean: m, std: s, n: samples.length, cv_pct: cvPct(m, s)};
}

/**
 * Variance flags of one cell: high CV for any throughput or latency; suspiciously low CV for prefill unless the
 * prompt cache is known to be cold for every repeat (`prefixCache: false`), where a steady prefill is expected.
 */
export function varianceFlags(
  cell: {kind: WorkloadKind; cv_pct: number | null; prefixCache?: boolean | null},
  t: VarianceThresholds = DEFAULT_THRESHOLDS
): VarianceFlag[] {
  if (cell.cv_pct == null) return [];
  const flags: VarianceFlag[] = [];
  if (cell.cv_pct > t.highCvPct) flags.push(VARIANCE_FLAGS.high);
  if (cell.kind === "prefill" && cell.prefixCache !== false && cell.cv_pct < t.lowPrefillCvPct) {
    flags.push(VARIANCE_FLAGS.lowPrefill);
  }
  return flags;
}
