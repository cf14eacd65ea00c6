// Known answers for the tracker's statistics: textbook values, llama-bench's own formula on its printed samples, and
// seed 003's hand-made variance table (CV% and the flags it wrote as notes).
import {describe, expect, it} from "vitest";
import {cvPct, HIGH_CV_PCT, LOW_PREFILL_CV_PCT, mean, sampleStd, summarize, varianceFlags} from "../../runners/sweeps/stats.ts";

describe("mean, sampleStd, cvPct", () => {
  it("give textbook values", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 9);
    expect(cvPct(50, 5)).toBe(10);
  });

  it("return null where a statistic is undefined", () => {
    expect(mean([])).toBeNull();
    expect(sampleStd([3])).toBeNull();
    expect(cvPct(0, 1)).toBeNull();
    expect(cvPct(10, null)).toBeNull();
  });

  it("reproduce llama-bench's avg_ts/stddev_ts from its samples_ns (1e9·n_tokens/ns, n − 1)", () => {
    const samplesNs = [838290000, 832610000, 839920000, 841450000, 828100000];
    const s = summarize(samplesNs.map((ns) => (1e9 * 2048) / ns));
    expect(s.mean).toBeCloseTo(2449.631255, 5);
    expect(s.std).toBeCloseTo(16.377165, 5);
    expect(s.n).toBe(5);
  });
});

describe("varianceFlags on seed 003's variance table", () => {
  // | Metric | Mean | Std Dev | CV% | Notes | of the report's Upstream Baseline section (full-precision figures from its Results).
  const table: [string, "prefill" | "decode", number, number, number, string[]][] = [
    ["pp512", "prefill", 2209.1, 97.25, 4.4, ["high-cv"]],
    ["pp1024", "prefill", 3385.55, 81.0, 2.4, []],
    ["pp2048", "prefill", 4340.7, 12.22, 0.3, ["low-prefill-cv"]],
    ["pp4096", "prefill", 4008.2, 23.05, 0.6, []],
    ["tg32", "decode", 31.58, 0.06, 0.2, []],
    ["tg128", "decode", 31.62, 0.05, 0.2, []],
    ["tg256", "decode", 31.12, 0.35, 1.1, []]
  ];
  it.each(table)("%s: CV%% and flags match the report's notes", (_test, kind, m, s, cv, flags) => {
    const c = cvPct(m, s)!;
    expect(Number(c.toFixed(1))).toBe(cv);
    expect(varianceFlags({kind, cv_pct: c})).toEqual(flags);
  });

  it("flags the PR parity run's pp2048 (4701.82 ± 362.71, 7.7%) as high variance", () => {
    expect(varianceFlags({kind: "prefill", cv_pct: cvPct(4701.82, 362.71)})).toEqual(["high-cv"]);
  });

  it("takes configurable thresholds", () => {
    expect(HIGH_CV_PCT).toBe(3);
    expect(LOW_PREFILL_CV_PCT).toBe(0.5);
    expect(varianceFlags({kind: "prefill", cv_pct: 2.4}, {highCvPct: 2, lowPrefillCvPct: 0.5})).toEqual(["high-cv"]);
    expect(varianceFlags({kind: "decode", cv_pct: 0.2})).toEqual([]);
    expect(varianceFlags({kind: "decode", cv_pct: null})).toEqual([]);
    // a prompt cache known to be cold every repeat makes a steady prefill expected
    expect(varianceFlags({kind: "prefill", cv_pct: 0.3, prefixCache: false})).toEqual([]);
    expect(varianceFlags({kind: "prefill", cv_pct: 0.3, prefixCache: true})).toEqual(["low-prefill-cv"]);
  });
});
