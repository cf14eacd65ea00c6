import {describe, expect, it} from "vitest";
import {noiseEstimate} from "../../runners/analysis/noise.ts";
import {agentSummary, type ComparisonLike} from "../../runners/analysis/summary.ts";

const row = (category: ComparisonLike["category"], outcome: ComparisonLike["outcome"], pct: number | null = null, stable: boolean | null = true): ComparisonLike => ({
  agent: "a",
  category,
  outcome,
  stable,
  agent_vs_human_pct: pct
});

describe("agentSummary(rows, …)", () => {
  const rows = [
    row("valid_3way", "win", 10),
    row("valid_3way", "match", 1),
    row("ha_only", "loss", -8, false),
    row("baseline_mismatch", "match", -2),
    row("agent_failed", "failed"),
    row("no_metrics", null, null, null),
    row("docker_verify_only", null, null, null)
  ];
  const s = agentSummary(rows, ["unstable_verdict", "config_drift", "config_drift"], ["timeout"], noiseEstimate([3], 5));

  it("counts categories over all commits and outcomes over the evaluable ones", () => {
    expect(s.commits).toBe(7);
    expect(s.categories.valid_3way).toEqual({count: 2, pct: (2 / 7) * 100});
    expect(s.categories.not_benchmarkable).toEqual({count: 0, pct: 0});
    expect(s.evaluable).toBe(5);
    expect(s.compared).toBe(4);
    expect(s.unstable).toBe(1);
    expect(s.outcomes.match.count).toBe(2);
    expect(s.outcomes.match.rate).toBe(0.4);
    expect(s.outcomes.match.pct).toBe(40);
  });
  it("gives Wilson 95% intervals (known answer: 2 of 5 → 0.1176 … 0.7693)", () => {
    expect(s.outcomes.match.ci95![0]).toBeCloseTo(0.1176, 4);
    expect(s.outcomes.match.ci95![1]).toBeCloseTo(0.7693, 4);
    expect(s.outcomes.win.ci95![0]).toBeCloseTo(0.0362, 4);
  });
  it("gives mean and median agent-vs-human over compared commits, flag and failure counts per kind", () => {
    expect(s.agent_vs_human_pct).toEqual({n: 4, mean: 0.25, median: -0.5});
    expect(s.flags.config_drift).toBe(2);
    expect(s.flags.suspicious_regression).toBe(0);
    expect(s.failures.timeout).toBe(1);
    expect(s.noise.pairs).toBe(1);
  });
});
