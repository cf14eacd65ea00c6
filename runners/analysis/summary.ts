// summary.json: per agent, the same structure for every agent: counts and percentages per category and outcome,
// the evaluable count, mean and median agent-vs-human, outcome rates with Wilson 95% intervals, the noise estimate
// from repeats, and flag counts per kind. Pages show these numbers as they are.
import {wilsonInterval} from "../stats/wilson.ts";
import {quantile, type NoiseEstimate} from "./noise.ts";
import {CATEGORIES, CATEGORY_INFO, FAILURE_CLASSES, FLAG_KINDS, OUTCOMES, type Category, type Outcome} from "./vocabulary.ts";

export type ComparisonLike = {agent: string | null; category: Category; outcome: Outcome | null; stable: boolean | null; agent_vs_human_pct: number | null};

/** `rate` and `ci95` are fractions of the evaluable commits; `pct` is the same rate in percent. */
export type Rate = {count: number; pct: number | null; rate: number | null; ci95: [number, number] | null};

export type AgentSummary = {
  commits: number;
  categories: Record<Category, {count: number; pct: number | null}>;
  /** Commits in categories that count towards the score (valid_3way, baseline_mismatch, ha_only, agent_failed). */
  evaluable: number;
  /** Evaluable commits with a win/match/loss verdict. */
  compared: number;
  /** Compared commits whose verdict another comparable combination contradicts. */
  unstable: number;
  /** Outcome counts and rates over the evaluable commits, with Wilson 95% intervals. */
  outcomes: Record<Outcome, Rate>;
  agent_vs_human_pct: {n: number; mean: number | null; median: number | null};
  noise: NoiseEstimate;
  flags: Record<string, number>;
  failures: Record<string, number>;
};

function pct(count: number, of: number): number | null {
  return of > 0 ? (count / of) * 100 : null;
}

/** One agent's summary from its comparison rows, flags, failures and noise estimate. */
export function agentSummary(
  rows: ComparisonLike[],
  flagKinds: string[],
  failureClasses: string[],
  noise: NoiseEstimate
): AgentSummary {
  const categories = Object.fromEntries(
    CATEGORIES.map((c) => {
      const count = rows.filter((r) => r.category === c).length;
      return [c, {count, pct: pct(count, rows.length)}];
    })
  ) as AgentSummary["categories"];
  const evaluableRows = rows.filter((r) => CATEGORY_INFO[r.category].evaluable);
  const evaluable = evaluableRows.length;
  const outcomes = Object.fromEntries(
    OUTCOMES.map((o) => {
      const count = evaluableRows.filter((r) => r.outcome === o).length;
      const ci = wilsonInterval(count, evaluable);
      return [o, {count, pct: pct(count, evaluable), rate: evaluable ? count / evaluable : null, ci95: ci ? [ci.low, ci.high] : null}];
    })
  ) as AgentSummary["outcomes"];
  const compared = evaluableRows.filter((r) => CATEGORY_INFO[r.category].compared);
  const values = compared.map((r) => r.agent_vs_human_pct).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const count = (list: string[], keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, list.filter((x) => x === k).length]));
  return {
    commits: rows.length,
    categories,
    evaluable,
    compared: compared.length,
    unstable: compared.filter((r) => r.stable === false).length,
    outcomes,
    agent_vs_human_pct: {
      n: values.length,
      mean: values.length ? values.reduce((s, v) => s + v, 0) / values.length : null,
      median: quantile(values, 0.5)
    },
    noise,
    flags: count(flagKinds, FLAG_KINDS),
    failures: count(failureClasses, FAILURE_CLASSES)
  };
}
