// The sign convention of every comparison: positive is better. For lower-is-better metrics (latencies)
// `(ref − x) / ref × 100`, for higher-is-better (throughputs) `(x − ref) / ref × 100`; then the outcome by threshold.
import type {Better} from "../model/metrics.ts";
import {THRESHOLD_EPSILON} from "./config.ts";
import type {Outcome} from "./vocabulary.ts";

/** Signed improvement of `x` over `ref` in percent (positive = better); null when either is not a positive number. */
export function improvementPct(ref: number | null | undefined, x: number | null | undefined, better: Better): number | null {
  if (ref == null || x == null || !Number.isFinite(ref) || !Number.isFinite(x) || ref <= 0 || x <= 0) return null;
  return better === "lower" ? ((ref - x) / ref) * 100 : ((x - ref) / ref) * 100;
}

/** win above +threshold, loss below −threshold, match in between (±threshold inclusive). */
export function outcomeOf(agentVsHumanPct: number, threshold: number): Exclude<Outcome, "failed"> {
  if (agentVsHumanPct > threshold + THRESHOLD_EPSILON) return "win";
  if (agentVsHumanPct < -threshold - THRESHOLD_EPSILON) return "loss";
  return "match";
}
