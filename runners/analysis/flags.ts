// Flags: what a reader should look at twice. Each rule is a pure function over measurements (or a verdict) and
// returns rows of flags.parquet; analyze.ts attaches them to every (agent, commit) they concern.
import {declaredConfig} from "../commands/declared.ts";
import type {Verdict} from "./candidates.ts";
import {betterOf} from "./candidates.ts";
import {configDifferences, describeDifferences, pipelineDifferences, sharedMetrics} from "./comparability.ts";
import {effectiveModel, effectiveRequestRate, type Fact} from "./facts.ts";
import {improvementPct} from "./improvement.ts";
import {disagreementPct} from "./noise.ts";
import {FALLBACK_ORDER, kindOf} from "./primary-metric.ts";
import {metricInfo} from "../model/metrics.ts";
import {FLAG_INFO, type FlagKind, type Severity} from "./vocabulary.ts";
import {THRESHOLD_EPSILON} from "./config.ts";

export type Flag = {
  kind: FlagKind;
  severity: Severity;
  detail: string;
  /** Measurement ids the flag is about, comma-separated, in a stable order. */
  measurement_ids: string;
  metric: string | null;
  /** The flag's headline figure in percent (regression, disagreement, …), when it has one. */
  pct: number | null;
};

/** Headline metrics that suspicious_regression and duplicate_disagreement look at (tail percentiles are too noisy). */
export const HEADLINE_METRICS = FALLBACK_ORDER;

function flag(kind: FlagKind, detail: string, facts: Fact[], extra: Partial<Flag> = {}): Flag {
  return {
    kind,
    severity: FLAG_INFO[kind].severity,
    detail,
    measurement_ids: facts.map((f) => f.measurement_id).join(","),
    metric: null,
    pct: null,
    ...extra
  };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * `suspicious_regression`: human worse than baseline by more than `threshold` % on a shared headline metric. The
 * detail names what differs (model, mode, workload, pipeline family, batch); when nothing does, the regression may be
 * real and the flag is critical.
 */
export function suspiciousRegression(baseline: Fact, human: Fact, threshold: number): Flag | null {
  let worst: {metric: string; pct: number} | null = null;
  for (const metric of sharedMetrics([baseline, human]).filter((m) => HEADLINE_METRICS.includes(m))) {
    const better = betterOf(metric, [baseline, human]);
    const pct = better ? improvementPct(baseline.metrics[metric].value, human.metrics[metric].value, better) : null;
    if (pct !== null && pct < -threshold - THRESHOLD_EPSILON && (!worst || pct < worst.pct)) worst = {metric, pct};
  }
  if (!worst) return null;
  const b = baseline.metrics[worst.metric].value;
  const h = human.metrics[worst.metric].value;
  const differs = [describeDifferences(configDifferences(baseline, human)), ...pipelineDifferences(baseline, human)].filter((s) => s);
  const what = `human worse than baseline by ${(-worst.pct).toFixed(2)}% on ${worst.metric} (${fmt(b)} → ${fmt(h)})`;
  const detail = differs.length
    ? `${what}; differs: ${differs.join("; ")}`
    : `${what}; model, mode, workload, pipeline family and batch are the same: the regression may be real`;
  return {
    ...flag("suspicious_regression", detail, [baseline, human], {metric: worst.metric, pct: worst.pct}),
    severity: differs.length ? "warning" : "critical"
  };
}

const DRIFT_FIELDS = ["dataset_name", "input_len", "output_len", "num_prompts", "request_rate"] as const;

/** What the log shows against what the perf_command declares, field by field (`input_len declared 1000, ran 512`). */
export function driftOf(f: Fact): string[] {
  const out: string[] = [];
  const declaredModel = declaredConfig(f.perf_command).model;
  const ranModel = effectiveModel(f);
  if (declaredModel && ranModel && declaredModel.toLowerCase() !== ranModel.toLowerCase()) {
    out.push(`model declared ${declaredModel}, ran ${ranModel}`);
  }
  for (const field of DRIFT_FIELDS) {
    const declared = f[`declared_${field}`];
    const ran = f[field];
    if (declared == null || ran == null) continue;
    const differ = typeof declared === "string" ? declared.toLowerCase() !== String(ran).toLowerCase() : declared !== ran;
    if (differ) out.push(`${field} declared ${declared}, ran ${ran}`);
  }
  return out;
}

/** `config_drift`: one flag per file and drift (the versions of a consolidated file usually share it). */
export function configDrift(facts: Fact[]): Flag[] {
  const groups = new Map<string, {detail: string; facts: Fact[]}>();
  for (const f of facts) {
    const drift = driftOf(f);
    if (!drift.length) continue;
    const detail = `${drift.join("; ")} (${f.source} ${f.file})`;
    const g = groups.get(detail) ?? {detail, facts: []};
    g.facts.push(f);
    groups.set(detail, g);
  }
  return [...groups.values()].map((g) => flag("config_drift", `${g.detail}: ${g.facts.map((f) => f.variant).join(", ")}`, g.facts));
}

function valuesText(e: Verdict["chosen"]): string {
  return `agent vs human ${e.agent_vs_human_pct!.toFixed(2)}% (${e.outcome}) on ${e.primary!.metric}, ${e.family}`;
}

function evalFacts(e: Verdict["chosen"]): Fact[] {
  const {baseline, human, agent} = e.candidate;
  return [baseline, human, agent].filter((f): f is Fact => f !== null && (f !== baseline || e.baselineComparable === true));
}

/** `unstable_verdict`: another comparable combination gives another outcome; the detail has both values. */
export function unstableVerdict(v: Verdict): Flag | null {
  if (v.stable || !v.conflicting) return null;
  const c = v.conflicting;
  const detail = `chosen: ${valuesText(v.chosen)}; but ${valuesText(c)} (${c.candidate.human.file} / ${c.candidate.agent.file})`;
  return flag("unstable_verdict", detail, [...evalFacts(v.chosen), ...evalFacts(c)], {
    metric: v.chosen.primary!.metric,
    pct: c.agent_vs_human_pct
  });
}

/** `throughput_at_fixed_rate`: the verdict rests on a throughput metric although the request rate was finite. */
export function throughputAtFixedRate(v: Verdict): Flag | null {
  const e = v.chosen;
  const metric = e.primary!.metric;
  if (metricInfo(metric)?.category !== "throughput") return null;
  const facts = evalFacts(e);
  if (kindOf(facts[0]) !== "serving") return null;
  const rate = facts.map(effectiveRequestRate).find((r) => r !== null && Number.isFinite(r));
  if (rate === undefined || rate === null) return null;
  return flag(
    "throughput_at_fixed_rate",
    `verdict on ${metric} at ${rate} req/s: below saturation throughput only echoes the offered load`,
    facts,
    {metric}
  );
}

export type QualityNote = {measurement_id: string; metric: string | null; field: string; value_text: string | null; reason: string};

/**
 * `zero_or_missing_metric`: values of the verdict's measurements that were zero or non-finite (kept out of metrics by
 * ingest), and a preferred metric missing on one side so that a later one decided.
 */
export function zeroOrMissing(v: Verdict, notes: QualityNote[]): Flag[] {
  const facts = evalFacts(v.chosen);
  const out: Flag[] = [];
  const ids = new Set(facts.map((f) => f.measurement_id));
  const mine = notes.filter((n) => ids.has(n.measurement_id));
  if (mine.length) {
    const metrics = [...new Set(mine.map((n) => n.metric ?? n.field))].sort();
    const values = [...new Set(mine.map((n) => n.value_text ?? "?"))].sort().join("/");
    out.push(
      flag(
        "zero_or_missing_metric",
        `${metrics.join(", ")} = ${values} on ${[...new Set(mine.map((n) => facts.find((f) => f.measurement_id === n.measurement_id)!.variant))].join(", ")}: not a measurement (${mine[0].reason}); the verdict uses ${v.chosen.primary!.metric}`,
        facts.filter((f) => mine.some((n) => n.measurement_id === f.measurement_id)),
        {metric: metrics[0]}
      )
    );
  }
  const missing = v.chosen.primary!.preferredMissing;
  if (missing && !mine.some((n) => n.metric === missing)) {
    const without = facts.filter((f) => !(missing in f.metrics)).map((f) => f.variant);
    out.push(
      flag("zero_or_missing_metric", `${missing} missing on ${without.join(", ")}; the verdict uses ${v.chosen.primary!.metric}`, facts, {
        metric: missing
      })
    );
  }
  return out;
}

/** `duplicate_disagreement`: two measurements of one version disagree by more than `threshold` % on a headline metric. */
export function duplicateDisagreement(x: Fact, y: Fact, threshold: number): Flag | null {
  const d = disagreementPct(x, y);
  if (!d || d.pct <= threshold + THRESHOLD_EPSILON) return null;
  const [a, b] = [x.metrics[d.metric].value, y.metrics[d.metric].value];
  const detail = `${x.variant} measured twice: ${d.metric} ${fmt(a)} (${x.source} ${x.file}) vs ${fmt(b)} (${y.source} ${y.file}), ${d.pct.toFixed(2)}% apart`;
  return flag("duplicate_disagreement", detail, [x, y], {metric: d.metric, pct: d.pct});
}
