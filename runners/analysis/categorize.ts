// One category (and outcome) per agent and commit, from what was measured, what was attempted and which
// combinations are comparable. The order of the checks below is the rule: the first that holds decides.
import type {Evaluation, Verdict} from "./candidates.ts";
import type {Fact} from "./facts.ts";
import type {Category, Outcome} from "./vocabulary.ts";

/** What the rules know about one (agent, commit). Measured lists exclude build-verification runs. */
export type CommitEvidence = {
  verdict: Verdict | null;
  evaluations: Evaluation[];
  baselineMeasured: Fact[];
  humanMeasured: Fact[];
  agentMeasured: Fact[];
  verifyMeasured: Fact[];
  /** Why we believe the agent attempted this commit (agent file, agent fields, has_agent_patch); null = no trace. */
  agentAttempt: string | null;
  /** false when the commit has no perf command (nothing to benchmark). */
  benchmarkable: boolean;
  /** Statuses seen on the commit's measurements, for the no_metrics reason. */
  statuses: string[];
};

export type Categorized = {category: Category; outcome: Outcome | null; reason: string};

function where(facts: Fact[]): string {
  const bySource = new Map<string, number>();
  for (const f of facts) bySource.set(f.source, (bySource.get(f.source) ?? 0) + 1);
  return [...bySource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => (n > 1 ? `${s} ×${n}` : s))
    .join(", ");
}

function chosenText(e: Evaluation): string {
  const {baseline, human, agent} = e.candidate;
  const files = [...new Set([baseline, human, agent].filter((f) => f).map((f) => f!.file))];
  return `${e.family} (${files.join(", ")}) on ${e.primary!.metric}`;
}

/** Why human and agent never compare: the candidates' reasons, or that they were measured in different families. */
function incomparableWhy(e: CommitEvidence): string {
  const reasons = [...new Set(e.evaluations.filter((x) => !x.comparable && x.why).map((x) => x.why))];
  if (reasons.length) return reasons.join("; ");
  return `human measured in ${where(e.humanMeasured)}, agent in ${where(e.agentMeasured)}: a pipeline family pairs only within itself (and a consolidated file only within the file)`;
}

/** The category rule, in order. */
export function categorize(e: CommitEvidence): Categorized {
  const v = e.verdict;
  if (v) {
    const c = v.chosen;
    const outcome = c.outcome!;
    if (c.baselineComparable) {
      return {category: "valid_3way", outcome, reason: `baseline, human and agent comparable in ${chosenText(c)}`};
    }
    const sameHA = (x: Evaluation) =>
      x.candidate.human.measurement_id === c.candidate.human.measurement_id &&
      x.candidate.agent.measurement_id === c.candidate.agent.measurement_id;
    const mismatched = e.evaluations.filter((x) => sameHA(x) && x.baselineComparable === false);
    if (mismatched.length) {
      const why = [...new Set(mismatched.map((x) => x.baselineWhy))].join("; ");
      return {
        category: "baseline_mismatch",
        outcome,
        reason: `human and agent comparable in ${chosenText(c)}; the baseline measured there is not comparable (${why})`
      };
    }
    return {category: "ha_only", outcome, reason: `human and agent comparable in ${chosenText(c)}; no baseline measured in that family`};
  }
  const h = e.humanMeasured.length > 0;
  const a = e.agentMeasured.length > 0;
  if (h && a) return {category: "incomparable", outcome: null, reason: `human and agent both measured but never comparable: ${incomparableWhy(e)}`};
  if (h && e.agentAttempt) {
    return {
      category: "agent_failed",
      outcome: "failed",
      reason: `human measured (${where(e.humanMeasured)}); the agent was attempted but never measured: ${e.agentAttempt}`
    };
  }
  if (h) return {category: "no_agent_attempt", outcome: null, reason: `human measured (${where(e.humanMeasured)}); no trace of an attempt by this agent`};
  if (a) {
    const also = e.baselineMeasured.length ? `; baseline measured too (${where(e.baselineMeasured)}) but no human to compare with` : "";
    return {category: "agent_only", outcome: null, reason: `only the agent was measured (${where(e.agentMeasured)})${also}`};
  }
  if (e.baselineMeasured.length) return {category: "baseline_only", outcome: null, reason: `only the baseline was measured (${where(e.baselineMeasured)})`};
  if (e.verifyMeasured.length) {
    const models = [...new Set(e.verifyMeasured.map((f) => f.model ?? "unknown model"))].join(", ");
    return {category: "docker_verify_only", outcome: null, reason: `only build-verification runs measured (${models}); they are never paired`};
  }
  if (!e.benchmarkable) return {category: "not_benchmarkable", outcome: null, reason: "no perf command for this commit: nothing to benchmark"};
  const statuses = e.statuses.length ? e.statuses.join(", ") : "no status";
  return {category: "no_metrics", outcome: null, reason: `attempted (${statuses}), nothing measured`};
}
