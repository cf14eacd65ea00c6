// buildTracker on small hand-made trackers with known answers: roles, cells (best of runs), current best and its
// gain (both directions), controls and references kept out of "best", "not run" cells, decode roofline.
import {describe, expect, it} from "vitest";
import {buildTracker, gainPct, resolveRoles, trackerNames, type ConfigRecord, type SweepRecord} from "../../runners/sweeps/tracker.ts";

const T = "llama-3-8b";
const cfg = (run_id: string, config: string, role: string | null, extra: Partial<ConfigRecord> = {}): ConfigRecord => ({
  run_id,
  tracker: T,
  engine: "torch",
  config,
  role,
  status: "complete",
  date: "2026-11-26",
  ...extra
});
const row = (run_id: string, config: string, test: string, mean: number, std: number | null = null, extra: Partial<SweepRecord> = {}): SweepRecord => {
  const kind = test.startsWith("pp") ? "prefill" : test.startsWith("tg") ? "decode" : "latency";
  return {run_id, tracker: T, config, test, kind, mean, std, n: 3, cv_pct: std != null ? (std / mean) * 100 : null, unit: kind === "latency" ? "ms" : "tok/s", better: kind === "latency" ? "lower" : "higher", ...extra};
};

describe("gainPct", () => {
  it("is positive for an improvement in either direction", () => {
    expect(gainPct(110, 100, "higher")).toBeCloseTo(10, 12);
    expect(gainPct(90, 100, "lower")).toBeCloseTo(10, 12);
    expect(gainPct(90, 100, "higher")).toBeCloseTo(-10, 12);
    expect(gainPct(1, 0, "higher")).toBeNull();
  });
});

describe("resolveRoles", () => {
  it("makes the earliest unlabelled configuration the baseline when no file names one", () => {
    const roles = resolveRoles([cfg("b", "sdpa", null, {date: "2026-11-26T10:00"}), cfg("a", "eager", null, {date: "2026-11-26T09:00"}), cfg("c", "llama.cpp", "reference")]);
    expect(Object.fromEntries(roles)).toEqual({eager: "baseline", sdpa: "candidate", "llama.cpp": "reference"});
  });

  it("keeps one baseline per tracker: the earliest labelled one", () => {
    const roles = resolveRoles([
      cfg("b2", "baseline (sdpa, graphs)", "baseline", {date: "2026-11-26T18:09"}),
      cfg("b1", "baseline (eager)", "baseline", {date: "2026-11-26T18:04"}),
      cfg("h", "human", null, {date: "2026-11-26T18:05"})
    ]);
    expect(Object.fromEntries(roles)).toEqual({"baseline (eager)": "baseline", "baseline (sdpa, graphs)": "candidate", human: "candidate"});
  });
});

describe("buildTracker", () => {
  const configs = [
    cfg("base-r1", "baseline", "baseline"),
    cfg("base-r2", "baseline", "baseline"),
    cfg("fast", "compiled", "candidate"),
    cfg("parity", "parity check", "control"),
    cfg("ref", "llama.cpp", "reference", {engine: "llama.cpp"}),
    cfg("todo", "speculative", "candidate", {status: "todo", status_note: "TODO"}),
    cfg("gpu", "graphs", "candidate", {gpu: "NVIDIA H100 80GB HBM3", model_size_bytes: 16.06e9})
  ];
  const sweeps = [
    row("base-r1", "baseline", "pp512", 1000, 10),
    row("base-r2", "baseline", "pp512", 1040, 52),
    row("base-r1", "baseline", "tg32", 50, 0.5),
    row("base-r1", "baseline", "ttft@pp512", 500, 5),
    row("fast", "compiled", "pp512", 1040, 1),
    row("fast", "compiled", "tg32", 60, 0.6),
    row("fast", "compiled", "ttft@pp512", 400, 4),
    row("parity", "parity check", "tg32", 99, 1),
    row("ref", "llama.cpp", "tg32", 120, 1),
    row("ref", "llama.cpp", "pp2048 @ d4096", 2300, 9),
    row("gpu", "graphs", "tg128", 150, 1.5, {bytes_per_token: 16.06e9})
  ];
  const view = buildTracker(T, configs, sweeps, {bandwidths: [{gpu: "NVIDIA H100 80GB HBM3", bandwidth_tb_s: 3.35}]});
  const cell = (config: string, test: string) => view.cells.find((c) => c.config === config && c.test === test);

  it("orders rows baseline, control, candidates (run before not run), references", () => {
    expect(view.rows.map((r) => [r.config, r.role, r.status])).toEqual([
      ["baseline", "baseline", "complete"],
      ["parity check", "control", "complete"],
      ["compiled", "candidate", "complete"],
      ["graphs", "candidate", "complete"],
      ["speculative", "candidate", "todo"],
      ["llama.cpp", "reference", "complete"]
    ]);
    expect(view.rows[0].run_ids).toEqual(["base-r1", "base-r2"]);
  });

  it("shows the best of a configuration's runs in its cell, with the run count", () => {
    expect(cell("baseline", "pp512")).toMatchObject({mean: 1040, std: 52, run_id: "base-r2", runs: 2, flags: ["high-cv"]});
    expect(cell("speculative", "pp512")).toBeUndefined();
  });

  it("gives the current best per workload among baseline and candidates, with the gain over the baseline", () => {
    const best = Object.fromEntries(view.best.map((b) => [b.test, b]));
    // a tie keeps the baseline
    expect(best.pp512).toMatchObject({best_config: "baseline", best_mean: 1040, baseline_mean: 1040, gain_pct: 0});
    // the control (99) and the reference (120) are faster, but never "best"
    expect(best.tg32).toMatchObject({best_config: "compiled", best_mean: 60, baseline_config: "baseline", baseline_mean: 50});
    expect(best.tg32.gain_pct).toBeCloseTo(20, 10);
    // lower is better for latency
    expect(best["ttft@pp512"]).toMatchObject({best_config: "compiled", best_mean: 400});
    expect(best["ttft@pp512"].gain_pct).toBeCloseTo(20, 10);
    // no baseline figure: no gain
    expect(best.tg128).toMatchObject({best_config: "graphs", baseline_mean: null, gain_pct: null});
    // reference-only workloads have no current best
    expect(best["pp2048 @ d4096"]).toBeUndefined();
  });

  it("lists every workload measured, in table order", () => {
    expect(view.workloads.map((w) => w.test)).toEqual(["pp512", "pp2048 @ d4096", "tg32", "tg128", "ttft@pp512"]);
  });

  it("computes the decode roofline from model bytes and the GPU's bandwidth when the file has none", () => {
    expect(cell("graphs", "tg128")!.roofline_tok_s).toBeCloseTo(208.593, 3);
    expect(cell("graphs", "tg128")!.roofline_pct).toBeCloseTo((150 / 208.5928) * 100, 2);
    expect(cell("compiled", "tg32")!.roofline_pct).toBeNull();
  });

  it("keeps other trackers out and names trackers by size", () => {
    const other = [...configs, cfg("x", "other", null, {tracker: "gpt-oss"})];
    expect(trackerNames(other)).toEqual([T, "gpt-oss"]);
    expect(buildTracker("gpt-oss", other, sweeps).cells).toEqual([]);
  });
});
