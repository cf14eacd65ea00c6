import {describe, expect, it} from "vitest";
import {chooseVerdict, evaluateCandidate} from "../../runners/analysis/candidates.ts";
import {configDrift, duplicateDisagreement, suspiciousRegression, throughputAtFixedRate, unstableVerdict, zeroOrMissing} from "../../runners/analysis/flags.ts";
import {fact} from "./fixtures.ts";

describe("suspiciousRegression(baseline, human, threshold)", () => {
  it("names what differs when human is worse beyond the threshold", () => {
    const b = fact({variant: "baseline", source: "separate", batch: "separate_baseline", model: "Qwen/Qwen2.5-7B-Instruct", metrics: {output_throughput: 5387.71}});
    const h = fact({variant: "human", source: "separate", batch: "separate_agent", model: "meta-llama/Meta-Llama-3-8B-Instruct", metrics: {output_throughput: 2127.85}});
    const f = suspiciousRegression(b, h, 20)!;
    expect(f).toMatchObject({kind: "suspicious_regression", severity: "warning", metric: "output_throughput"});
    expect(f.pct!).toBeCloseTo(-60.51, 2);
    expect(f.detail).toMatch(/60\.51% on output_throughput \(5387\.71 → 2127\.85\); differs: model Qwen\/Qwen2\.5-7B-Instruct vs .*; batch separate_baseline vs separate_agent/);
  });
  it("is critical and says it may be real when nothing differs", () => {
    const f = suspiciousRegression(fact({variant: "baseline", metrics: {tpot_mean: 10}}), fact({metrics: {tpot_mean: 13}}), 20)!;
    expect(f.severity).toBe("critical");
    expect(f.detail).toMatch(/may be real/);
  });
  it("stays silent within the threshold", () => {
    expect(suspiciousRegression(fact({variant: "baseline", metrics: {tpot_mean: 10}}), fact({metrics: {tpot_mean: 11.9}}), 20)).toBeNull();
  });
});

describe("configDrift(facts)", () => {
  it("reports declared vs executed once per file (299ebb62: 1000/100 declared, 512/128 ran)", () => {
    const cfg = {
      perf_command: "vllm bench serve --model Qwen/Qwen2.5-1.5B-Instruct --request-rate 1 --random-input-len 1000 --random-output-len 100",
      executed_model: "Qwen/Qwen2.5-1.5B-Instruct",
      input_len: 512,
      declared_input_len: 1000,
      output_len: 128,
      declared_output_len: 100,
      request_rate: 1,
      declared_request_rate: 1
    };
    const flags = configDrift([fact({...cfg, variant: "baseline"}), fact({...cfg}), fact({...cfg, variant: "agent"})]);
    expect(flags).toHaveLength(1);
    expect(flags[0].detail).toMatch(/^input_len declared 1000, ran 512; output_len declared 100, ran 128 .*: baseline, human, agent$/);
    expect(flags[0].measurement_ids.split(",")).toHaveLength(3);
  });
  it("reports another model than the perf_command names", () => {
    const [f] = configDrift([fact({perf_command: "python benchmarks/benchmark_serving.py --model meta-llama/Meta-Llama-3-8B-Instruct", model: "meta-llama/Llama-3.2-3B-Instruct"})]);
    expect(f.detail).toMatch(/model declared meta-llama\/Meta-Llama-3-8B-Instruct, ran meta-llama\/Llama-3.2-3B-Instruct/);
  });
});

describe("verdict flags", () => {
  const trio = (rate: number | null, metrics: Record<string, number>[], extra = {}) => ({
    baseline: fact({variant: "baseline", request_rate: rate, metrics: metrics[0], ...extra}),
    human: fact({variant: "human", request_rate: rate, metrics: metrics[1], ...extra}),
    agent: fact({variant: "agent", request_rate: rate, metrics: metrics[2], ...extra})
  });
  it("unstable_verdict carries both values", () => {
    const v = chooseVerdict([
      evaluateCandidate(trio(1, [{tpot_mean: 20}, {tpot_mean: 20}, {tpot_mean: 20.2}]), 5),
      evaluateCandidate({...trio(1, [{}, {tpot_mean: 20}, {tpot_mean: 25}]), baseline: null}, 5)
    ])!;
    expect(unstableVerdict(v)!.detail).toMatch(/chosen: agent vs human -1\.00% \(match\).*but agent vs human -25\.00% \(loss\)/);
  });
  it("throughput_at_fixed_rate when a serving verdict at a finite rate rests on throughput (config override)", () => {
    const t = trio(1, [{output_throughput: 100}, {output_throughput: 100}, {output_throughput: 101}]);
    const v = chooseVerdict([evaluateCandidate(t, 5, {metric: "output_throughput", reason: "asked for"})])!;
    expect(throughputAtFixedRate(v)!.detail).toMatch(/output_throughput at 1 req\/s/);
    const latency = chooseVerdict([evaluateCandidate(trio(1, [{tpot_mean: 1}, {tpot_mean: 1}, {tpot_mean: 1}]), 5)])!;
    expect(throughputAtFixedRate(latency)).toBeNull();
  });
  it("zero_or_missing_metric from data-quality notes and from a preferred metric missing on one side", () => {
    const t = trio(200, [{ttft_mean: 35.75}, {ttft_mean: 33.52}, {ttft_mean: 30.78}]);
    const v = chooseVerdict([evaluateCandidate(t, 5)])!;
    const reason = "value is ≤ 0: not measured (e.g. TPOT with one output token)";
    const notes = [t.human, t.agent].map((f) => ({measurement_id: f.measurement_id, metric: "tpot_mean", field: "x.tpot_mean", value_text: "0", reason}));
    const [f] = zeroOrMissing(v, notes);
    expect(f.detail).toMatch(/^tpot_mean = 0 on human, agent: not a measurement .*the verdict uses ttft_mean$/);
    const gap = trio(null, [{tpot_mean: 1}, {tpot_mean: 1, output_throughput: 9}, {tpot_mean: 1, output_throughput: 9}]);
    const [g] = zeroOrMissing(chooseVerdict([evaluateCandidate(gap, 5)])!, []);
    expect(g.detail).toBe("output_throughput missing on baseline; the verdict uses tpot_mean");
  });
});

describe("duplicateDisagreement(x, y, threshold)", () => {
  it("flags repeats of one version that differ by more than the threshold, in % of their mean", () => {
    const x = fact({source: "separate", file: "results/separate_agent/6e36f4fa_human_result.json", metrics: {output_throughput: 2413.58}});
    const y = fact({source: "separate", file: "results/6e36f4fa_human_result.json", metrics: {output_throughput: 2329.31}});
    expect(duplicateDisagreement(x, y, 5)).toBeNull();
    const z = fact({source: "separate", file: "z", metrics: {output_throughput: 3150.8}});
    const f = duplicateDisagreement(x, z, 5)!;
    expect(f.pct!).toBeCloseTo(26.498, 2);
    expect(f.detail).toMatch(/human measured twice: output_throughput 2413\.58/);
  });
  it("ignores repeats run on other models", () => {
    expect(duplicateDisagreement(fact({metrics: {tpot_mean: 1}}), fact({model: "facebook/opt-125m", metrics: {tpot_mean: 3}}), 5)).toBeNull();
  });
});
