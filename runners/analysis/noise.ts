// Run-to-run noise, estimated from the corpus itself: the same version of the same commit measured more than once
// (older and newer separate runs, Modal and separate, re-runs) under the same model and workload. How far such
// repeats disagree is the best available estimate of how large a difference must be before it means anything.
import {configDifferences} from "./comparability.ts";
import type {Fact} from "./facts.ts";
import {choosePrimaryMetric} from "./primary-metric.ts";

/**
 * How far two measurements of one version disagree, in percent of their mean, on the metric a verdict between them
 * would use; null when they are not comparable or share no metric.
 */
export function disagreementPct(x: Fact, y: Fact): {metric: string; pct: number} | null {
  if (configDifferences(x, y).length) return null;
  const choice = choosePrimaryMetric([x, y]);
  if (!choice) return null;
  const a = x.metrics[choice.metric].value;
  const b = y.metrics[choice.metric].value;
  const mean = (a + b) / 2;
  if (!(mean > 0)) return null;
  return {metric: choice.metric, pct: (Math.abs(a - b) / mean) * 100};
}

/** Linear-interpolated quantile (R type 7) of sorted values; null for an empty list. */
export function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export type NoiseEstimate = {
  /** Repeat pairs compared. */
  pairs: number;
  median_pct: number | null;
  p90_pct: number | null;
  max_pct: number | null;
  /** Pairs that disagree by more than the duplicate threshold. */
  over_threshold: number;
  threshold_pct: number;
};

/** Distribution of repeat disagreements (percent). */
export function noiseEstimate(disagreements: number[], threshold: number): NoiseEstimate {
  const sorted = [...disagreements].sort((a, b) => a - b);
  return {
    pairs: sorted.length,
    median_pct: quantile(sorted, 0.5),
    p90_pct: quantile(sorted, 0.9),
    max_pct: sorted.at(-1) ?? null,
    over_threshold: sorted.filter((d) => d > threshold).length,
    threshold_pct: threshold
  };
}
