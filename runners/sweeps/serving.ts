// vLLM/SGLang serving results as a tracker sweep. A single serving result is one workload; several single-stream
// results of one engine version and model at different input/output lengths are a sweep: per request, prefill runs
// at input_len / TTFT and decode at 1 / TPOT. Read from the `measurements`/`metrics` tables ingest already fills.
import type {ConfigRecord, SweepRecord} from "./tracker.ts";
import {cvPct} from "./stats.ts";
import {latencyLabel, parseWorkload} from "./workload.ts";

/** Measurement sources that are serving benchmarks of an engine (ingest's vllm-serve and sglang-serving formats). */
export const SERVING_ENGINES: Record<string, string> = {vllm: "vllm", sglang: "sglang"};
/** Only single-stream runs measure the engine's per-request prefill and decode speed (no queueing, no batching). */
const SINGLE_STREAM = 1;
/** A sweep needs at least this many distinct (input, output) lengths; one result alone is not a sweep. */
export const MIN_SWEEP_POINTS = 2;
const MS_PER_S = 1000;

export type ServingMeasurement = {
  measurement_id: string;
  run_set: string;
  source: string;
  file: string | null;
  model: string | null;
  variant: string | null;
  commit: string | null;
  engine_version: string | null;
  input_len: number | null;
  output_len: number | null;
  max_concurrency: number | null;
  timestamp: string | null;
  status: string | null;
};
export type ServingMetric = {
  measurement_id: string;
  metric: string;
  value: number;
  std: number | null;
  n: number | null;
};

/** The catalogue metrics a serving sweep reads (runners/model/metrics.ts names). */
export const SERVING_SWEEP_METRICS = ["ttft_mean", "ttft_std", "tpot_mean", "tpot_std"];

/** Tracker configs and sweep rows derived from grouped single-stream serving results. */
export function servingSweeps(
  measurements: readonly ServingMeasurement[],
  metrics: readonly ServingMetric[]
): {configs: ConfigRecord[]; sweeps: SweepRecord[]} {
  const byId = new Map<string, Map<string, ServingMetric>>();
  for (const m of metrics) {
    if (!byId.has(m.measurement_id)) byId.set(m.measurement_id, new Map());
    byId.get(m.measurement_id)!.set(m.metric, m);
  }
  const groups = new Map<string, ServingMeasurement[]>();
  for (const m of measurements) {
    if (!SERVING_ENGINES[m.source] || m.max_concurrency !== SINGLE_STREAM) continue;
    if (!(m.input_len! > 0) || !(m.output_len! > 0)) continue;
    if (m.status && m.status !== "success") continue;
    const key = JSON.stringify([m.run_set, m.source, m.model, m.variant, m.commit, m.engine_version]);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const configs: ConfigRecord[] = [];
  const sweeps: SweepRecord[] = [];
  for (const group of groups.values()) {
    if (new Set(group.map((m) => `${m.input_len}/${m.output_len}`)).size < MIN_SWEEP_POINTS) continue;
    for (const m of group) {
      const engine = SERVING_ENGINES[m.source];
      const config = `${engine} ${m.variant ?? m.commit ?? m.engine_version ?? m.run_set}`;
      const tracker = m.model ?? "unknown model";
      configs.push({
        run_id: m.measurement_id,
        tracker,
        engine,
        config,
        role: null,
        status: "complete",
        date: m.timestamp,
        engine_version: m.engine_version,
        engine_commit: m.commit,
        model: m.model,
        file: m.file,
        tool: `${engine} bench serve`
      });
      const values = byId.get(m.measurement_id) ?? new Map<string, ServingMetric>();
      const add = (test: string, mean: number, std: number | null, n: number | null, note: string) => {
        const w = parseWorkload(test)!;
        sweeps.push({
          run_id: m.measurement_id,
          tracker,
          config,
          test: w.test,
          kind: w.kind,
          mean,
          std,
          n,
          cv_pct: cvPct(mean, std),
          unit: w.unit,
          better: w.better,
          n_prompt: m.input_len,
          date: m.timestamp,
          note
        });
      };
      // Serving results report the spread as its own metric (std_ttft_ms → ttft_std), not in metrics.std.
      const stdOf = (family: string) => values.get(`${family}_std`)?.value ?? values.get(`${family}_mean`)?.std ?? null;
      const ttft = values.get("ttft_mean");
      if (ttft && ttft.value > 0) {
        const prefill = m.input_len! / (ttft.value / MS_PER_S);
        add(`pp${m.input_len}`, prefill, null, ttft.n, "input_len / mean TTFT (single stream)");
        add(latencyLabel("ttft", `pp${m.input_len}`), ttft.value, stdOf("ttft"), ttft.n, "mean TTFT");
      }
      const tpot = values.get("tpot_mean");
      if (tpot && tpot.value > 0) {
        add(`tg${m.output_len}`, MS_PER_S / tpot.value, null, tpot.n, "1 / mean TPOT (single stream)");
        add(latencyLabel("tpot", `tg${m.output_len}`), tpot.value, stdOf("tpot"), tpot.n, "mean TPOT");
      }
    }
  }
  return {configs, sweeps};
}
