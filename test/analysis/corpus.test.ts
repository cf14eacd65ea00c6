// The real corpus (../shared/isobench/claude_code), ingested and analysed: categories and outcomes of named commits,
// each worked out by hand from the files (reason beside it); several agents in one warehouse; identical reruns.
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {analyzeWarehouse, type AnalysisResult} from "../../runners/analysis/analyze.ts";
import {ingestPaths} from "../../runners/ingest/ingest.ts";
import type {Row} from "../../runners/warehouse/db.ts";

const repoRoot = resolve(import.meta.dirname, "../..");
const corpus = resolve(repoRoot, "../shared/isobench/claude_code");

type Expected = [commit: string, category: string, outcome: string | null, reason: string];

// Worked out from the result files by hand; values in the reasons are the files' own numbers.
const EXPECTED: Expected[] = [
  ["299ebb62", "valid_3way", "match", "modal, serving at 1 req/s: tpot_mean 4.76 / 4.20 / 4.30 ms, agent vs human -2.4%"],
  ["30172b49", "valid_3way", "match", "modal at rate inf, throughput only in raw logs: structured tpot_mean 27.01 → 27.06 ms (-0.2%)"],
  ["58eee5f2", "valid_3way", "win", "modal tpot_mean 20.41 → 18.64 ms (+8.7%)"],
  ["6a417b86", "valid_3way", "win", "modal tpot_mean 30.05 → 27.85 ms (+7.3%)"],
  ["b690e348", "valid_3way", "loss", "modal tpot_mean 69.80 → 85.02 ms (-21.8%)"],
  ["fe66b347", "valid_3way", "match", "modal tpot_mean 71.34 → 74.58 ms is -4.5%: inside ±5 (the seed listed it as a >5% loss)"],
  ["b55ed6ef", "valid_3way", "match", "modal tpot_mean 31.13 → 30.92 ms (+0.7%)"],
  ["a3223766", "valid_3way", "win", "one output token: TPOT/ITL are 0 (not measured), ttft_mean 33.52 → 30.78 ms (+8.2%)"],
  ["fa63e710", "valid_3way", "match", "benchmark_latency: latency_avg 1.3238 → 1.3299 s (-0.5%)"],
  ["310aca88", "valid_3way", "match", "benchmark_latency: latency_avg 4.311 → 4.246 s (+1.5%), not the seed's throughput"],
  ["61b8cea3", "valid_3way", "match", "standalone throughput benchmark: throughput 75.02 → 75.04"],
  ["9f1710f1", "valid_3way", "loss", "docker re-run at 1 req/s: tpot_mean 36.41 → 39.53 ms (-8.6%); the seed's 'match' used throughput, which echoes the 1 req/s load"],
  ["2deb029d", "valid_3way", "match", "docker re-run prefix caching: output_throughput 5685.86 → 5711.09 tok/s (+0.4%)"],
  ["015069b0", "valid_3way", "match", "separate Qwen3-1.7B, all three at sharegpt/rate 1: tpot_mean 3.90 / 3.90 / 3.89 ms"],
  ["6e36f4fa", "valid_3way", "match", "separate baseline + Jan-19 human/agent (Llama-3.1-8B) share tpot_mean 29.84 → 30.52 (-2.3%); unstable"],
  ["3476ed08", "baseline_mismatch", "match", "separate baseline ran Qwen2.5-7B (throughput only), human/agent Meta-Llama-3-8B: output_throughput 2127.85 → 2094.31 (-1.6%)"],
  ["3a243095", "baseline_mismatch", "loss", "Qwen baseline; human/agent Meta-Llama-3-8B output_throughput 2518.78 → 2366.75 (-6.0%)"],
  ["9474e89b", "ha_only", "loss", "separate human/agent only (llama-7b), output_throughput 3086.41 → 2852.48 (-7.6%)"],
  ["cf2f084d", "ha_only", "match", "separate human/agent only, output_throughput 2443.12 → 2451.85 (+0.4%); the separate baseline failed"],
  ["19d98e0c", "ha_only", "loss", "newest (Jan 19) pair 3150.80 → 1880.11 (-40.3%); the older pair says -0.8%: unstable"],
  ["3b61cb45", "agent_failed", "failed", "modal baseline and human measured; the agent's incremental build failed"],
  ["8c1e77fb", "agent_failed", "failed", "modal baseline and human measured; the agent's patch only touched CMakeLists.txt"],
  ["ce6bf3a2", "agent_failed", "failed", "modal baseline and human measured; 'Agent benchmark produced no metrics'"],
  ["35fad35a", "agent_failed", "failed", "human measured in separate files; the agent's server crashed (cuTensorMapEncodeTiled)"],
  ["83450458", "agent_only", null, "only the separate agent file has metrics; human 'No latency metrics in output', modal baseline failed"],
  ["8d75fe48", "baseline_only", null, "only the separate baseline measured; human and agent hit the FP8 input_scale KeyError"],
  ["eefbf4a6", "baseline_only", null, "modal baseline latency measured; human and agent stopped at a git reset timeout"],
  ["93e5f3c5", "incomparable", null, "human measured on Llama-3.1-8B (Jan 18), agent on Meta-Llama-3-8B (separate_agent): models differ"],
  ["0ec82edd", "docker_verify_only", null, "only the facebook/opt-125m build verification has a number"],
  ["4fb56914", "no_metrics", null, "DeepSeek-V3 baseline server failed to start; nothing measured anywhere"],
  ["3127e975", "not_benchmarkable", null, "CI commit: 'No perf_command in dataset'"]
];

let dir: string;
let single: AnalysisResult;
let two: AnalysisResult;
const row = (commit: string, agent = "claude_code"): Row => single.comparisons.find((r) => r.commit === commit && r.agent === agent)!;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-analysis-"));
  await ingestPaths([corpus], {warehouse: join(dir, "one"), agent: "claude_code"});
  single = await analyzeWarehouse({warehouse: join(dir, "one")});
  await ingestPaths([corpus], {warehouse: join(dir, "two"), agent: "claude_code", runSet: "claude_code"});
  await ingestPaths([corpus], {warehouse: join(dir, "two"), agent: "other_agent", runSet: "other_agent"});
  two = await analyzeWarehouse({warehouse: join(dir, "two")});
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

describe("analyzeWarehouse on the claude_code corpus", () => {
  it("has one row per commit (96) for the one agent", () => {
    expect(single.comparisons).toHaveLength(96);
    expect(new Set(single.comparisons.map((r) => r.commit)).size).toBe(96);
  });

  it.each(EXPECTED)("%s is %s / %s (%s)", (commit, category, outcome) => {
    const r = row(commit);
    expect({category: r.category, outcome: r.outcome}).toEqual({category, outcome});
  });

  it("judges 299ebb62 on tpot_mean at 1 req/s with the files' values", () => {
    const r = row("299ebb62");
    expect(r).toMatchObject({primary_metric: "tpot_mean", request_rate: 1, baseline_value: 4.76, human_value: 4.2, agent_value: 4.3, stable: true});
    expect(r.agent_vs_human_pct as number).toBeCloseTo(-2.381, 2);
    expect(r.human_vs_baseline_pct as number).toBeCloseTo(11.765, 2);
    expect(r.primary_metric_reason).toMatch(/finite request rate/);
  });

  it("marks 6e36f4fa unstable, with both values", () => {
    const r = row("6e36f4fa");
    expect(r.stable).toBe(false);
    expect(r.agent_vs_human_pct as number).toBeCloseTo(-2.28, 1);
    expect(r.conflicting_agent_vs_human_pct as number).toBeCloseTo(-18.7, 1);
    const flag = single.flags.find((f) => f.commit === "6e36f4fa" && f.kind === "unstable_verdict")!;
    expect(flag.detail).toMatch(/-2\.28%.*-18\.70%/);
  });

  it("says why 3476ed08's baseline does not count (Qwen vs Llama, no shared metric)", () => {
    expect(row("3476ed08").category_reason).toMatch(/model Qwen\/Qwen2\.5-7B-Instruct vs meta-llama\/Meta-Llama-3-8B-Instruct.*shares no metric/);
  });

  it("flags 299ebb62's config drift (declared 1000/100 tokens, ran 512/128)", () => {
    const f = single.flags.find((x) => x.commit === "299ebb62" && x.kind === "config_drift")!;
    expect(f.detail).toMatch(/input_len declared 1000, ran 512; output_len declared 100, ran 128/);
  });

  it("flags a3223766's zero TPOT as not a measurement", () => {
    const f = single.flags.find((x) => x.commit === "a3223766" && x.kind === "zero_or_missing_metric")!;
    expect(f.detail).toMatch(/tpot_mean.*= 0.*the verdict uses ttft_mean/);
  });

  it("classifies failures from the files' own error text", () => {
    const f = (commit: string, variant: string, source: string) =>
      single.failures.filter((x) => x.commit === commit && x.variant === variant && x.source === source).map((x) => x.failure_class);
    expect(f("35fad35a", "agent", "separate")).toEqual(["cuda_tma_driver_mismatch"]);
    expect(f("8d75fe48", "human", "separate")).toEqual(["fp8_checkpoint_format"]);
    expect(f("3476ed08", "baseline", "modal")).toEqual(["install_failed"]);
    // The consolidated run stopped at the baseline: human and agent never ran, so they are not failures.
    expect(f("3476ed08", "human", "modal")).toEqual([]);
    expect(f("3476ed08", "agent", "modal")).toEqual([]);
  });

  it("writes summary counts equal to the comparison rows", () => {
    const s = single.summary.agents.claude_code;
    const count = (category: string) => single.comparisons.filter((r) => r.category === category).length;
    expect(s.categories.valid_3way.count).toBe(count("valid_3way"));
    expect(s.evaluable).toBe(count("valid_3way") + count("baseline_mismatch") + count("ha_only") + count("agent_failed"));
    expect(s.outcomes.failed.count).toBe(count("agent_failed"));
    expect(s.noise.pairs).toBeGreaterThan(0);
  });
});

describe("several agents in one warehouse", () => {
  it("yields one row per (agent, commit)", () => {
    expect(two.comparisons).toHaveLength(192);
    expect(new Set(two.comparisons.map((r) => `${r.agent}/${r.commit}`)).size).toBe(192);
    expect(two.summary.warehouse.agents).toEqual(["claude_code", "other_agent"]);
  });

  it("judges each agent exactly as when it is alone", () => {
    const strip = (rows: Row[], agent: string) =>
      rows
        .filter((r) => r.agent === agent)
        .map((r) => [r.commit, r.category, r.outcome, r.primary_metric, r.agent_vs_human_pct, r.stable, r.human_file, r.agent_file]);
    const alone = strip(single.comparisons, "claude_code");
    expect(strip(two.comparisons, "claude_code")).toEqual(alone);
    expect(strip(two.comparisons, "other_agent")).toEqual(alone);
    const {noise, flags} = single.summary.agents.claude_code;
    expect(two.summary.agents.other_agent.noise).toEqual(noise);
    expect(two.summary.agents.other_agent.flags).toEqual(flags);
  });
});

describe("determinism", () => {
  it("writes byte-identical outputs when run again", async () => {
    const names = ["comparisons.parquet", "flags.parquet", "failures.parquet", "summary.json"];
    const read = () => Promise.all(names.map((n) => readFile(join(dir, "one", n))));
    const before = await read();
    await analyzeWarehouse({warehouse: join(dir, "one")});
    const after = await read();
    for (let i = 0; i < names.length; i++) expect(after[i].equals(before[i]), names[i]).toBe(true);
  });
});
