import {describe, expect, it} from "vitest";
import {chooseVerdict, evaluateCandidate} from "../../runners/analysis/candidates.ts";
import {fact} from "./fixtures.ts";

const T = 5;
const tpot = (v: number) => ({tpot_mean: v});

function trio(opts: {source: string; file: string; b: number | null; h: number; a: number; ts?: string; batch?: string | null; bModel?: string}) {
  const common = {source: opts.source, file: opts.file, timestamp: opts.ts ?? null, batch: opts.batch ?? null, request_rate: 1};
  return {
    baseline: opts.b === null ? null : fact({...common, variant: "baseline", model: opts.bModel ?? "meta-llama/Llama-3.1-8B-Instruct", metrics: tpot(opts.b)}),
    human: fact({...common, variant: "human", metrics: tpot(opts.h)}),
    agent: fact({...common, variant: "agent", metrics: tpot(opts.a)})
  };
}

describe("evaluateCandidate(candidate)", () => {
  it("computes the three signed improvements and the outcome on the primary metric", () => {
    const e = evaluateCandidate(trio({source: "modal", file: "f", b: 4.76, h: 4.2, a: 4.3}), T);
    expect(e).toMatchObject({comparable: true, baselineComparable: true, baseline_value: 4.76, human_value: 4.2, agent_value: 4.3, outcome: "match"});
    expect(e.agent_vs_human_pct!).toBeCloseTo(-2.381, 3);
    expect(e.human_vs_baseline_pct!).toBeCloseTo(11.765, 3);
  });
  it("keeps human vs agent when the baseline ran another model, and says why the baseline does not count", () => {
    const e = evaluateCandidate(trio({source: "separate", file: "f", b: 4, h: 4.2, a: 4.3, bModel: "Qwen/Qwen2.5-7B-Instruct"}), T);
    expect(e).toMatchObject({comparable: true, baselineComparable: false, baseline_value: null, human_vs_baseline_pct: null});
    expect(e.baselineWhy).toMatch(/model Qwen\/Qwen2.5-7B-Instruct vs meta-llama/);
  });
  it("is not comparable when human and agent ran other models", () => {
    const c = trio({source: "separate", file: "f", b: null, h: 4, a: 4});
    c.agent.model = "meta-llama/Meta-Llama-3-8B-Instruct";
    expect(evaluateCandidate(c, T)).toMatchObject({comparable: false, outcome: null, why: expect.stringMatching(/human vs agent: model/)});
  });
});

describe("chooseVerdict(evaluations)", () => {
  it("prefers a comparable baseline over a preferred family without one", () => {
    const modal = evaluateCandidate(trio({source: "modal", file: "m", b: null, h: 10, a: 10}), T);
    const separate = evaluateCandidate(trio({source: "separate", file: "s", b: 10, h: 10, a: 10}), T);
    expect(chooseVerdict([modal, separate])!.chosen).toBe(separate);
  });
  it("then prefers docker_rerun over modal over separate", () => {
    const s = evaluateCandidate(trio({source: "separate", file: "s", b: 10, h: 10, a: 10}), T);
    const m = evaluateCandidate(trio({source: "modal", file: "m", b: 10, h: 10, a: 10}), T);
    const d = evaluateCandidate(trio({source: "docker_rerun", file: "d", b: 10, h: 10, a: 10}), T);
    expect(chooseVerdict([s, m, d])!.chosen).toBe(d);
    expect(chooseVerdict([s, m])!.chosen).toBe(m);
  });
  it("then fewer batches, then the newest timestamps", () => {
    const one = evaluateCandidate(trio({source: "separate", file: "a", b: null, h: 10, a: 10, batch: "x", ts: "2026-01-01 00:00:00"}), T);
    const twoBatches = trio({source: "separate", file: "b", b: null, h: 10, a: 10, batch: "x", ts: "2026-02-01 00:00:00"});
    twoBatches.agent.batch = "y";
    const two = evaluateCandidate(twoBatches, T);
    expect(chooseVerdict([two, one])!.chosen).toBe(one);
    const newer = evaluateCandidate(trio({source: "separate", file: "c", b: null, h: 10, a: 10, batch: "z", ts: "2026-01-19 10:00:00"}), T);
    expect(chooseVerdict([one, newer])!.chosen).toBe(newer);
  });
  it("is unstable when another comparable combination gives another outcome (6e36f4fa-like)", () => {
    const chosen = evaluateCandidate(trio({source: "separate", file: "a", b: 22.79, h: 29.84, a: 30.52}), T);
    const other = evaluateCandidate(trio({source: "separate", file: "b", b: null, h: 25, a: 30}), T);
    const v = chooseVerdict([other, chosen])!;
    expect(v).toMatchObject({chosen, stable: false, conflicting: other});
    expect(v.conflicting!.outcome).toBe("loss");
    const same = evaluateCandidate(trio({source: "separate", file: "c", b: null, h: 30, a: 30.1}), T);
    expect(chooseVerdict([same, chosen])!.stable).toBe(true);
  });
  it("returns null when nothing is comparable", () => {
    const c = trio({source: "separate", file: "f", b: null, h: 4, a: 4});
    c.agent.metrics = {throughput: {value: 1, origin: "structured", better: null, n: null, std: null}};
    expect(chooseVerdict([evaluateCandidate(c, T)])).toBeNull();
  });
});
