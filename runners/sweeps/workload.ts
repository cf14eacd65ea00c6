// What a tracker workload label means. llama-bench, llama-benchy, the torch engine and the seed tracker all name
// workloads the same way (`pp512`, `tg128`, `pp512+tg128`, `pp2048 @ d4096`, `ctx_pp @ d4096`); this module turns a
// label into its kind, token counts and catalogue metric, so every format and page reads labels alike.
import {decodeMetric, metricInfo, prefillMetric, type Better} from "../model/metrics.ts";

/** prefill = prompt processing, decode = token generation, mixed = llama-bench `-pg` (one timing), latency = ms. */
export const WORKLOAD_KINDS = ["prefill", "decode", "mixed", "latency"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * Latency workloads a tracker records, each tied to the prompt it was measured on (`ttft@pp2048`). `ttft` is the
 * time to the first content token (llama-benchy's `e2e_ttft`, the seed's "TTFT"); `ttfr` and `est_ppt` are
 * llama-benchy's time to first response and estimated prompt-processing time; `tpot` the time per output token.
 * `metric` names the catalogue entry where one exists; unit and direction always come from the catalogue.
 */
export const LATENCY_WORKLOADS: Record<string, {metric: string | null; description: string}> = {
  ttft: {metric: "ttft_mean", description: "time to first token (end to end)"},
  ttfr: {metric: null, description: "time to first response chunk (llama-benchy ttfr)"},
  est_ppt: {metric: null, description: "estimated prompt-processing time (llama-benchy est_ppt)"},
  tpot: {metric: "tpot_mean", description: "time per output token"}
};
/** The catalogue entry that gives the unit and direction of every latency workload (all are per-request ms). */
const LATENCY_UNIT_METRIC = "ttft_mean";

export type Workload = {
  /** Normalised label: `pp512`, `tg32 @ d4096`, `ttft@pp2048`. */
  test: string;
  kind: WorkloadKind;
  n_prompt: number;
  n_gen: number;
  n_depth: number;
  /** Concurrent requests (llama-benchy `(c4)`); null when the tool does not say. */
  concurrency: number | null;
  /** Catalogue metric name, or null where the catalogue has none (ttfr, est_ppt, pp+tg). */
  metric: string | null;
  unit: string;
  better: Better;
};

const THROUGHPUT = /^(ctx_)?(?:pp(\d+)|(pp))?(?:\+?tg(\d+)|(tg))?(?: @ d(\d+))?(?: \(c(\d+)\))?$/;
const LATENCY = /^([a-z_]+)@(.+)$/;

/** Parses a workload label; null when it is not one (the caller quarantines or warns). */
export function parseWorkload(label: string): Workload | null {
  // Older llama-bench printed `pp 512` / `tg 128`: the same tests as today's `pp512` / `tg128`.
  const text = label.trim().replace(/\s+/g, " ").replace(/\b(pp|tg) (\d)/g, "$1$2");
  const lat = LATENCY.exec(text);
  if (lat) {
    const [, name, base] = lat;
    const inner = parseWorkload(base);
    if (!LATENCY_WORKLOADS[name] || !inner || inner.kind === "latency") return null;
    const info = metricInfo(LATENCY_WORKLOADS[name].metric ?? LATENCY_UNIT_METRIC)!;
    const metric = LATENCY_WORKLOADS[name].metric;
    return {...inner, test: `${name}@${inner.test}`, kind: "latency", metric, unit: info.unit, better: info.better};
  }
  const m = THROUGHPUT.exec(text);
  if (!m) return null;
  const [, ctx, pp, ppBare, tg, tgBare, depth, conc] = m;
  const n_depth = depth ? Number(depth) : 0;
  const concurrency = conc ? Number(conc) : null;
  // llama-benchy's context phase (`ctx_pp @ d4096`) processes the depth itself as the prompt.
  if (ctx) {
    if (!(ppBare || tgBare) || !depth) return null;
    return ppBare
      ? workload(text, "prefill", n_depth, 0, 0, concurrency)
      : workload(text, "decode", 0, 0, n_depth, concurrency, true);
  }
  if (ppBare || tgBare) return null;
  const nPrompt = pp ? Number(pp) : 0;
  const nGen = tg ? Number(tg) : 0;
  if (!nPrompt && !nGen) return null;
  const kind: WorkloadKind = nPrompt && nGen ? "mixed" : nPrompt ? "prefill" : "decode";
  return workload(text, kind, nPrompt, nGen, n_depth, concurrency);
}

function workload(
  test: string,
  kind: WorkloadKind,
  n_prompt: number,
  n_gen: number,
  n_depth: number,
  concurrency: number | null,
  noMetric = false
): Workload {
  const metric =
    noMetric || kind === "mixed" ? null : kind === "prefill" ? prefillMetric(n_prompt) : decodeMetric(n_gen);
  return {test, kind, n_prompt, n_gen, n_depth, concurrency, metric, unit: "tok/s", better: "higher"};
}

/** The label llama-bench's markdown printer writes for a test (`pp512`, `tg128`, `pp512+tg128`, `… @ d4096`). */
export function workloadLabel(nPrompt: number, nGen: number, nDepth = 0): string {
  const base =
    nPrompt > 0 && nGen === 0 ? `pp${nPrompt}` : nGen > 0 && nPrompt === 0 ? `tg${nGen}` : `pp${nPrompt}+tg${nGen}`;
  return nDepth > 0 ? `${base} @ d${nDepth}` : base;
}

/** Latency label for a measurement tied to a prompt workload: `latencyLabel("ttft", "pp2048")` → `ttft@pp2048`. */
export function latencyLabel(name: keyof typeof LATENCY_WORKLOADS | string, base: string): string {
  return `${name}@${base}`;
}

/** Orders workloads for tables: prefill by prompt, decode by output, mixed, then latency; depth last. */
export function compareWorkloads(a: Workload, b: Workload): number {
  const order = (w: Workload) => WORKLOAD_KINDS.indexOf(w.kind);
  return (
    order(a) - order(b) ||
    a.n_depth - b.n_depth ||
    a.n_prompt - b.n_prompt ||
    a.n_gen - b.n_gen ||
    (a.concurrency ?? 0) - (b.concurrency ?? 0) ||
    a.test.localeCompare(b.test)
  );
}
