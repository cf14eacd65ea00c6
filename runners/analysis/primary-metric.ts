// Which metric a verdict rests on, chosen from the metrics the compared versions share. Serving at a finite request
// rate is judged on latency (throughput only echoes the offered load below saturation); at an unlimited rate on
// throughput; latency and throughput benchmarks on their own headline metric. Structured values beat raw-log ones.
import {metricInfo} from "../model/metrics.ts";
import {sharedMetrics} from "./comparability.ts";
import {declaredTool, effectiveRequestRate, type BenchmarkKind, type Fact} from "./facts.ts";
import type {PrimaryOverride} from "./config.ts";

/** A canonical metric name, checked against the catalogue when this module loads (a typo fails at once). */
function catalogued(name: string): string {
  if (!metricInfo(name)) throw new Error(`primary-metric: ${name} is not in the metric catalogue (runners/model/metrics.ts)`);
  return name;
}

/** Serving at a finite rate: per-token latency first, then inter-token, then first-token latency. */
export const SERVING_LATENCY_ORDER = ["tpot_mean", "itl_mean", "ttft_mean"].map(catalogued);
/** Serving at an unlimited rate: output tokens per second, then all tokens per second, then the latencies. */
export const SERVING_THROUGHPUT_ORDER = ["output_throughput", "total_token_throughput"].map(catalogued);
/** benchmark_latency: the average batch latency. */
export const LATENCY_ORDER = ["latency_avg"].map(catalogued);
/** benchmark_throughput: tokens per second as the tool reports them. */
export const THROUGHPUT_ORDER = ["throughput", "output_throughput", "total_token_throughput"].map(catalogued);
/** benchmark_prefix_caching: output tokens per second of the timed (generate) phase. */
export const PREFIX_CACHING_ORDER = ["output_throughput", "total_token_throughput", "throughput"].map(catalogued);
/** Last resort when a kind's own metrics are not shared: every headline metric, then any shared metric by name. */
export const FALLBACK_ORDER = [
  ...SERVING_LATENCY_ORDER,
  ...SERVING_THROUGHPUT_ORDER,
  ...THROUGHPUT_ORDER,
  ...PREFIX_CACHING_ORDER,
  ...LATENCY_ORDER,
  ...["request_throughput", "e2el_mean"].map(catalogued)
].filter((m, i, all) => all.indexOf(m) === i);

/** What kind of benchmark a measurement is: the file's mode first (what ran), then the perf_command, then its metrics. */
export function kindOf(f: Fact): BenchmarkKind | null {
  const mode = f.benchmark_mode?.trim().toLowerCase();
  const tool = declaredTool(f.perf_command);
  const has = (list: string[]) => list.some((m) => m in f.metrics);
  if (mode === "serving" || mode === "serve" || mode === "online") return "serving";
  if (mode === "latency" || mode === "throughput" || mode === "prefix_caching") return mode;
  if (mode === "standalone" || mode === "offline") {
    if (tool && tool !== "serve") return tool;
    return has(LATENCY_ORDER) ? "latency" : "throughput";
  }
  if (tool) return tool === "serve" ? "serving" : tool;
  // No mode, no command: what the metrics are. Serving runs report per-token latencies and output throughput;
  // offline throughput runs report tokens/s over all tokens (`throughput`, `total_token_throughput`).
  if (has(SERVING_LATENCY_ORDER)) return "serving";
  if (has(LATENCY_ORDER)) return "latency";
  if (has(["throughput"])) return "throughput";
  if (has(SERVING_THROUGHPUT_ORDER.slice(0, 1))) return "serving";
  if (has(THROUGHPUT_ORDER)) return "throughput";
  return null;
}

export type RateKind = "finite" | "infinite" | "unknown";

/** finite when any compared measurement ran at a finite rate; infinite when all known rates are unlimited. */
export function rateKind(facts: Fact[]): {kind: RateKind; rate: number | null} {
  const rates = facts.map(effectiveRequestRate).filter((r): r is number => r !== null);
  const finite = rates.find((r) => Number.isFinite(r));
  if (finite !== undefined) return {kind: "finite", rate: finite};
  if (rates.length) return {kind: "infinite", rate: Infinity};
  return {kind: "unknown", rate: null};
}

export type PrimaryChoice = {
  metric: string;
  reason: string;
  kind: BenchmarkKind | null;
  rate: number | null;
  /** true when every compared measurement has the metric as a structured value. */
  structured: boolean;
  /** The metric the kind prefers first, when it is not the one chosen (it was missing on some side). */
  preferredMissing: string | null;
};

function orderFor(kind: BenchmarkKind | null, rate: RateKind): {order: string[]; why: string} {
  switch (kind) {
    case "serving":
      if (rate === "finite")
        return {
          order: SERVING_LATENCY_ORDER,
          why: "serving at a finite request rate: latency carries the signal (throughput only echoes the offered load)"
        };
      return {
        order: [...SERVING_THROUGHPUT_ORDER, ...SERVING_LATENCY_ORDER],
        why:
          rate === "infinite"
            ? "serving at an unlimited request rate: throughput is meaningful"
            : "serving with the request rate unknown: throughput when both sides have it, else latency"
      };
    case "latency":
      return {order: LATENCY_ORDER, why: "latency benchmark"};
    case "throughput":
      return {order: THROUGHPUT_ORDER, why: "throughput benchmark"};
    case "prefix_caching":
      return {order: PREFIX_CACHING_ORDER, why: "prefix-caching benchmark"};
    default:
      return {order: [], why: "benchmark kind unknown"};
  }
}

function rateText(rate: number | null): string {
  if (rate === null) return "";
  return Number.isFinite(rate) ? ` (${rate} req/s)` : " (rate inf)";
}

/**
 * Chooses the primary metric for comparing `facts` (human first). Returns null when they share no metric.
 * An override from benchbook.config.json wins when the metric is shared.
 */
export function choosePrimaryMetric(facts: Fact[], override?: PrimaryOverride): PrimaryChoice | null {
  const shared = sharedMetrics(facts);
  if (!shared.length) return null;
  const kind = kindOf(facts[0]) ?? facts.map(kindOf).find((k) => k !== null) ?? null;
  const {kind: rk, rate} = rateKind(facts);
  const structuredEverywhere = (m: string) => facts.every((f) => f.metrics[m]?.origin === "structured");
  const {order, why} = orderFor(kind, rk);
  const preferred = order[0] ?? null;
  // The kind's first metric, when some side has it but not every side (a gap worth a flag, unlike a metric nobody has).
  const somewhere = (m: string) => facts.some((f) => m in f.metrics);
  const make = (metric: string, reason: string): PrimaryChoice => ({
    metric,
    reason,
    kind,
    rate,
    structured: structuredEverywhere(metric),
    preferredMissing: preferred && preferred !== metric && !shared.includes(preferred) && somewhere(preferred) ? preferred : null
  });
  if (override) {
    if (shared.includes(override.metric)) return make(override.metric, `set in the config file: ${override.reason}`);
  }
  const overrideNote = override ? ` (config override ${override.metric} not shared by these measurements)` : "";
  const pick = (list: string[]) => list.find((m) => shared.includes(m) && structuredEverywhere(m)) ?? list.find((m) => shared.includes(m));
  const inOrder = pick(order);
  if (inOrder) {
    const before = order.slice(0, order.indexOf(inOrder));
    const notShared = before.filter((m) => !shared.includes(m));
    const onlyLogged = before.filter((m) => shared.includes(m));
    const notes = [
      notShared.length ? `${notShared.join(", ")} not on every side` : "",
      onlyLogged.length ? `${onlyLogged.join(", ")} only from raw logs on some side (structured values take precedence)` : "",
      structuredEverywhere(inOrder) ? "" : "partly recovered from raw logs"
    ].filter((n) => n);
    return make(inOrder, `${why}${rateText(rate)}: ${inOrder}${notes.length ? `; ${notes.join("; ")}` : ""}${overrideNote}`);
  }
  const fallback = pick(FALLBACK_ORDER) ?? shared[0];
  const lacking = order.length ? `none of ${order.join(", ")} on every side` : "no preferred metric for it";
  return make(fallback, `${why}${rateText(rate)}, ${lacking}: fell back to ${fallback}${overrideNote}`);
}
