import {describe, expect, it} from "vitest";
import {improvementPct, outcomeOf} from "../../runners/analysis/improvement.ts";

describe("improvementPct(ref, x, better)", () => {
  it("is positive when a lower-is-better value drops (299ebb62 TPOT 4.76 → 4.20 ms)", () => {
    expect(improvementPct(4.76, 4.2, "lower")).toBeCloseTo(11.7647, 3);
  });
  it("is positive when a higher-is-better value rises", () => {
    expect(improvementPct(2413.58, 2784.16, "higher")).toBeCloseTo(15.354, 2);
  });
  it("is negative when the agent is worse on either direction", () => {
    expect(improvementPct(4.2, 4.3, "lower")).toBeCloseTo(-2.381, 3);
    expect(improvementPct(2127.85, 2094.31, "higher")).toBeCloseTo(-1.576, 3);
  });
  it("is null for zero, negative or non-finite values (not measurements)", () => {
    expect(improvementPct(0, 4, "lower")).toBeNull();
    expect(improvementPct(4, 0, "lower")).toBeNull();
    expect(improvementPct(Infinity, 4, "higher")).toBeNull();
    expect(improvementPct(null, 4, "higher")).toBeNull();
  });
});

describe("outcomeOf(pct, threshold)", () => {
  it.each([
    [5.0001, "win"],
    [5, "match"],
    [-5, "match"],
    [-4.5, "match"],
    [-5.0001, "loss"],
    [0, "match"]
  ] as const)("%s%% at 5%% is %s", (pct, outcome) => {
    expect(outcomeOf(pct, 5)).toBe(outcome);
  });
  it("treats 105 vs 100 (5.000000000000004 in binary) as the inclusive ±5 match", () => {
    const pct = improvementPct(100, 105, "higher")!;
    expect(outcomeOf(pct, 5)).toBe("match");
    expect(outcomeOf(improvementPct(1.1, 1.045, "lower")!, 5)).toBe("match");
  });
});
