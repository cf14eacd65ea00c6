import {describe, expect, it} from "vitest";
import {disagreementPct, noiseEstimate, quantile} from "../../runners/analysis/noise.ts";
import {fact} from "./fixtures.ts";

describe("disagreementPct(x, y)", () => {
  it("is |x − y| in % of their mean on the metric a verdict would use", () => {
    // 19d98e0c human: 2358.41 (separate_agent) vs 3150.80 (Jan 19 re-run) output tok/s
    const d = disagreementPct(fact({metrics: {output_throughput: 2358.41}}), fact({metrics: {output_throughput: 3150.8}}))!;
    expect(d.metric).toBe("output_throughput");
    expect(d.pct).toBeCloseTo((792.39 / 2754.605) * 100, 6);
  });
  it("is null for repeats on other models or without a shared metric", () => {
    expect(disagreementPct(fact({metrics: {tpot_mean: 1}}), fact({model: "facebook/opt-125m", metrics: {tpot_mean: 2}}))).toBeNull();
    expect(disagreementPct(fact({metrics: {tpot_mean: 1}}), fact({metrics: {throughput: 2}}))).toBeNull();
  });
});

describe("quantile / noiseEstimate", () => {
  it("interpolates linearly (R type 7)", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([], 0.5)).toBeNull();
  });
  it("summarises repeat disagreements", () => {
    const n = noiseEstimate([10, 2, 30, 4], 5);
    expect(n).toMatchObject({pairs: 4, median_pct: 7, max_pct: 30, over_threshold: 2, threshold_pct: 5});
    expect(n.p90_pct!).toBeCloseTo(24, 10);
    expect(noiseEstimate([], 5)).toEqual({pairs: 0, median_pct: null, p90_pct: null, max_pct: null, over_threshold: 0, threshold_pct: 5});
  });
});
