// Choosing among repeated measurements: every combination of baseline (or none), human and agent from one pipeline
// family is a candidate; the verdict takes the most trustworthy one (comparable baseline, then family preference,
// then fewer batches, then newest), and is unstable when another comparable combination gives another outcome.
import {metricInfo} from "../model/metrics.ts";
import {configDifferences, describeDifferences, sharedMetrics, type Difference} from "./comparability.ts";
import type {PrimaryOverride} from "./config.ts";
import {timestampKey, type Fact} from "./facts.ts";
import {improvementPct, outcomeOf} from "./improvement.ts";
import {choosePrimaryMetric, type PrimaryChoice} from "./primary-metric.ts";
import {familyRank, type Outcome} from "./vocabulary.ts";

/** One combination from the candidate join: human and agent from one family, a baseline in scope or none. */
export type Candidate = {baseline: Fact | null; human: Fact; agent: Fact};

export type Evaluation = {
  candidate: Candidate;
  /** Human and agent comparable (config and at least one shared metric). */
  comparable: boolean;
  /** Why human and agent are not comparable (empty when they are). */
  why: string;
  /** Baseline comparable with both and sharing the primary metric; null when the candidate has no baseline. */
  baselineComparable: boolean | null;
  baselineWhy: string;
  primary: PrimaryChoice | null;
  better: "higher" | "lower" | null;
  baseline_value: number | null;
  human_value: number | null;
  agent_value: number | null;
  human_vs_baseline_pct: number | null;
  agent_vs_baseline_pct: number | null;
  agent_vs_human_pct: number | null;
  outcome: Exclude<Outcome, "failed"> | null;
  family: string;
  batches: number;
  /** Timestamps of the compared measurements, newest first (compared element by element). */
  newest: string[];
};

/** Direction of a metric: the catalogue's, else what ingest wrote on the row (metrics outside the catalogue). */
export function betterOf(metric: string, facts: Fact[]): "higher" | "lower" | null {
  const info = metricInfo(metric);
  if (info) return info.better;
  const row = facts.map((f) => f.metrics[metric]?.better).find((b) => b === "higher" || b === "lower");
  return (row as "higher" | "lower" | undefined) ?? null;
}

function whyNot(diffs: Difference[], label: string): string {
  return diffs.length ? `${label}: ${describeDifferences(diffs)}` : "";
}

/** Evaluates one candidate against the rules (comparability, primary metric, signed improvements, outcome). */
export function evaluateCandidate(candidate: Candidate, threshold: number, override?: PrimaryOverride): Evaluation {
  const {baseline, human, agent} = candidate;
  const haDiffs = configDifferences(human, agent);
  let primary = haDiffs.length ? null : choosePrimaryMetric([human, agent], override);
  let why = whyNot(haDiffs, "human vs agent");
  if (!haDiffs.length && !primary) why = "human and agent share no metric";

  let baselineComparable: boolean | null = null;
  let baselineWhy = "";
  if (baseline) {
    const bd = [...configDifferences(baseline, human), ...configDifferences(baseline, agent)].filter(
      (d, i, all) => all.findIndex((e) => e.field === d.field) === i
    );
    if (bd.length) {
      const noMetric = sharedMetrics([baseline, human, agent]).length ? "" : "; and it shares no metric with them";
      baselineWhy = `${whyNot(bd, "baseline vs human/agent")}${noMetric}`;
    } else if (primary) {
      const three = choosePrimaryMetric([human, agent, baseline], override);
      if (three) primary = three;
      else baselineWhy = "baseline shares no metric with human and agent";
    }
    baselineComparable = !!primary && !baselineWhy;
  }

  const metric = primary?.metric ?? null;
  const all = [baseline, human, agent].filter((f): f is Fact => f !== null);
  const better = metric ? betterOf(metric, all) : null;
  const value = (f: Fact | null) => (metric && f ? (f.metrics[metric]?.value ?? null) : null);
  const b = baselineComparable ? value(baseline) : null;
  const h = value(human);
  const a = value(agent);
  const pct = (ref: number | null, x: number | null) => (better ? improvementPct(ref, x, better) : null);
  const avh = pct(h, a);
  const comparable = !!primary && better !== null && avh !== null;
  if (primary && !comparable && !why) why = `direction of ${metric} unknown`;
  return {
    candidate,
    comparable,
    why,
    baselineComparable,
    baselineWhy,
    primary: comparable ? primary : null,
    better,
    baseline_value: comparable ? b : null,
    human_value: comparable ? h : null,
    agent_value: comparable ? a : null,
    human_vs_baseline_pct: comparable ? pct(b, h) : null,
    agent_vs_baseline_pct: comparable ? pct(b, a) : null,
    agent_vs_human_pct: comparable ? avh : null,
    outcome: comparable ? outcomeOf(avh!, threshold) : null,
    family: human.source,
    batches: new Set(all.map((f) => `${f.source}\u0000${f.batch ?? ""}`)).size,
    newest: all.map((f) => timestampKey(f.timestamp)).sort().reverse()
  };
}

/** Newer first: timestamps compared newest against newest, then the next, … (a missing one counts as oldest). */
function byNewest(x: string[], y: string[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const a = x[i] ?? "";
    const b = y[i] ?? "";
    if (a !== b) return a < b ? 1 : -1;
  }
  return 0;
}

/** Last resort, by content rather than by id, so the same files ingested under several run sets choose alike. */
function tieKey(e: Evaluation): string {
  const {baseline, human, agent} = e.candidate;
  const key = (f: Fact | null) => (f ? `${f.file}\u0000${f.run_set}\u0000${f.measurement_id}` : "");
  return [key(baseline), key(human), key(agent)].join("\u0001");
}

/**
 * Orders comparable evaluations by preference: comparable baseline first, then family (runner, docker_rerun, modal,
 * separate, …), then fewer distinct batches, then newest timestamps, then files and run sets (deterministic).
 */
export function compareEvaluations(x: Evaluation, y: Evaluation): number {
  const tx = tieKey(x);
  const ty = tieKey(y);
  return (
    Number(y.baselineComparable === true) - Number(x.baselineComparable === true) ||
    familyRank(x.family) - familyRank(y.family) ||
    x.family.localeCompare(y.family) ||
    x.batches - y.batches ||
    byNewest(x.newest, y.newest) ||
    (tx < ty ? -1 : tx > ty ? 1 : 0)
  );
}

export type Verdict = {
  chosen: Evaluation;
  /** Other comparable evaluations, in preference order. */
  alternatives: Evaluation[];
  stable: boolean;
  /** The most preferred alternative whose outcome differs (when unstable). */
  conflicting: Evaluation | null;
};

/**
 * The verdict among evaluations of one (agent, commit); null when none is comparable. A candidate whose baseline is
 * not comparable judges exactly like the same human/agent without a baseline, so only the latter takes part.
 */
export function chooseVerdict(evaluations: Evaluation[]): Verdict | null {
  const ranked = evaluations.filter((e) => e.comparable && e.baselineComparable !== false).sort(compareEvaluations);
  if (!ranked.length) return null;
  const [chosen, ...alternatives] = ranked;
  const conflicting = alternatives.find((e) => e.outcome !== chosen.outcome) ?? null;
  return {chosen, alternatives, stable: conflicting === null, conflicting};
}
