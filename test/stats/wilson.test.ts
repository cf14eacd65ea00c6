import {describe, expect, it} from "vitest";
import {proportionStderr, wilsonInterval} from "../../runners/stats/wilson.ts";

describe("wilsonInterval(successes, n)", () => {
  it("gives 64.6–81.6% for 74% on 100 samples (the issue's \"65–81%\", which truncates the upper bound)", () => {
    const ci = wilsonInterval(74, 100)!;
    expect(ci.low).toBeCloseTo(0.6463, 4);
    expect(ci.high).toBeCloseTo(0.8160, 4);
  });

  it.each([
    // known answers (Newcombe 1998, table I, method 3)
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718]
  ])("%i of %i → %f–%f", (k, n, low, high) => {
    const ci = wilsonInterval(k, n)!;
    expect(ci.low).toBeCloseTo(low, 3);
    expect(ci.high).toBeCloseTo(high, 3);
  });

  it("stays inside [0, 1] at 0% and 100%", () => {
    expect(wilsonInterval(0, 100)).toEqual({low: 0, high: expect.closeTo(0.037, 3)});
    expect(wilsonInterval(100, 100)!.high).toBe(1);
  });

  it("is null without a sample count", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(5, NaN)).toBeNull();
    expect(wilsonInterval(11, 10)).toBeNull();
  });
});

describe("proportionStderr(p, n)", () => {
  it("is sqrt(p(1-p)/n)", () => {
    expect(proportionStderr(0.5, 100)).toBeCloseTo(0.05, 10);
    expect(proportionStderr(0.5, 0)).toBeNull();
  });
});
