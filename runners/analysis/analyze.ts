// `benchbook analyze` as a function: load the warehouse (load.ts), judge every (agent, commit) with the rules
// (candidates, categorize, flags, failures), and write comparisons.parquet, flags.parquet, failures.parquet and
// summary.json into the warehouse, each atomically and in a deterministic order.
import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {metricInfo} from "../model/metrics.ts";
import {Db, sqlString, withDb, writeFileAtomic, type Row} from "../warehouse/db.ts";
import type {TableSchema} from "../warehouse/schema.ts";
import {betterOf, chooseVerdict, compareEvaluations, evaluateCandidate, type Evaluation, type Verdict} from "./candidates.ts";
import {categorize} from "./categorize.ts";
import {sharedMetrics} from "./comparability.ts";
import {loadConfigFile, resolveSettings, type AnalysisSettings} from "./config.ts";
import {effectiveModel, isMeasured, type Fact} from "./facts.ts";
import {failureRows, type FailureRow} from "./failures.ts";
import {configDrift, duplicateDisagreement, suspiciousRegression, throughputAtFixedRate, unstableVerdict, zeroOrMissing, type Flag} from "./flags.ts";
import {improvementPct} from "./improvement.ts";
import {loadWarehouse, type WarehouseData} from "./load.ts";
import {disagreementPct, noiseEstimate} from "./noise.ts";
import {agentSummary, type AgentSummary} from "./summary.ts";
import {ANALYSIS_SCHEMA_VERSION, ANALYSIS_TABLES} from "./tables.ts";
import {familyRank, VERIFY_SOURCES} from "./vocabulary.ts";

export type AnalyzeOptions = {warehouse: string; threshold?: number; regressionThreshold?: number; configPath?: string};

export type FlagRow = Flag & {agent: string | null; commit: string; scope: "commit" | "agent"};

export type AnalysisResult = {
  comparisons: Row[];
  flags: FlagRow[];
  failures: FailureRow[];
  summary: Summary;
};

export type Summary = {
  benchbook_analysis: number;
  settings: {
    threshold_pct: number;
    regression_threshold_pct: number;
    duplicate_threshold_pct: number;
    config: string | null;
    overrides: Record<string, {primary_metric: string; reason: string}>;
  };
  warehouse: {measurements: number; commits: number; agents: string[]};
  agents: Record<string, AgentSummary>;
};

/** Status or error text that says a commit has no perf command (nothing to benchmark). */
const NO_PERF_COMMAND = /no[_ ]perf[_ ]command/i;

const isVerify = (f: Fact) => (VERIFY_SOURCES as readonly string[]).includes(f.source);
const byPreference = (a: Fact, b: Fact) => familyRank(a.source) - familyRank(b.source) || a.measurement_id.localeCompare(b.measurement_id);

function evaluationJson(e: Evaluation): Record<string, unknown> {
  const {baseline, human, agent} = e.candidate;
  return {
    family: e.family,
    baseline_measurement_id: baseline?.measurement_id ?? null,
    human_measurement_id: human.measurement_id,
    agent_measurement_id: agent.measurement_id,
    baseline_file: baseline?.file ?? null,
    human_file: human.file,
    agent_file: agent.file,
    comparable: e.comparable,
    why: e.why || null,
    baseline_comparable: e.baselineComparable,
    baseline_why: e.baselineWhy || null,
    primary_metric: e.primary?.metric ?? null,
    baseline_value: e.baseline_value,
    human_value: e.human_value,
    agent_value: e.agent_value,
    agent_vs_human_pct: e.agent_vs_human_pct,
    outcome: e.outcome
  };
}

/** Every other metric the chosen measurements share, compared the same way as the primary one. */
function otherMetrics(e: Evaluation): Record<string, unknown>[] {
  const {baseline, human, agent} = e.candidate;
  const b = e.baselineComparable ? baseline : null;
  const facts = [human, agent, ...(b ? [b] : [])];
  return sharedMetrics([human, agent])
    .filter((m) => m !== e.primary!.metric)
    .map((metric) => {
      const better = betterOf(metric, facts);
      const v = (f: Fact | null) => (f ? (f.metrics[metric]?.value ?? null) : null);
      const pct = (ref: number | null, x: number | null) => (better ? improvementPct(ref, x, better) : null);
      return {
        metric,
        unit: metricInfo(metric)?.unit ?? null,
        better,
        baseline: v(b),
        human: v(human),
        agent: v(agent),
        human_vs_baseline_pct: pct(v(b), v(human)),
        agent_vs_baseline_pct: pct(v(b), v(agent)),
        agent_vs_human_pct: pct(v(human), v(agent))
      };
    });
}

function comparisonRow(agent: string | null, commit: string, facts: Fact[], verdict: Verdict | null, evaluations: Evaluation[], rest: {
  category: string;
  reason: string;
  outcome: string | null;
  settings: AnalysisSettings;
  evidence: Fact[];
}): Row {
  const c = verdict?.chosen ?? null;
  const subject = [...facts].sort(byPreference).find((f) => f.subject)?.subject ?? null;
  const model = (c && effectiveModel(c.candidate.human)) ?? rest.evidence.map(effectiveModel).find((m) => m) ?? null;
  const chosenB = c?.baselineComparable ? c.candidate.baseline : null;
  const others = evaluations.filter((e) => e !== c);
  others.sort((x, y) => Number(y.comparable) - Number(x.comparable) || compareEvaluations(x, y));
  const metric = c?.primary?.metric ?? null;
  const override = rest.settings.overrides.get(commit);
  return {
    agent,
    commit,
    subject,
    model,
    source: c?.family ?? rest.evidence[0]?.source ?? facts[0]?.source ?? null,
    category: rest.category,
    category_reason: rest.reason,
    outcome: rest.outcome,
    stable: verdict ? verdict.stable : null,
    primary_metric: metric,
    primary_metric_reason: c?.primary?.reason ?? null,
    metric_unit: metric ? (metricInfo(metric)?.unit ?? null) : null,
    metric_better: c?.better ?? null,
    benchmark_kind: c?.primary?.kind ?? null,
    request_rate: c?.primary?.rate ?? null,
    baseline_value: c?.baseline_value ?? null,
    human_value: c?.human_value ?? null,
    agent_value: c?.agent_value ?? null,
    human_vs_baseline_pct: c?.human_vs_baseline_pct ?? null,
    agent_vs_baseline_pct: c?.agent_vs_baseline_pct ?? null,
    agent_vs_human_pct: c?.agent_vs_human_pct ?? null,
    threshold_pct: rest.settings.threshold,
    baseline_measurement_id: chosenB?.measurement_id ?? null,
    human_measurement_id: c?.candidate.human.measurement_id ?? null,
    agent_measurement_id: c?.candidate.agent.measurement_id ?? null,
    baseline_file: chosenB?.file ?? null,
    human_file: c?.candidate.human.file ?? null,
    agent_file: c?.candidate.agent.file ?? null,
    batches: c?.batches ?? null,
    comparable_candidates: verdict ? verdict.alternatives.length + 1 : 0,
    conflicting_agent_vs_human_pct: verdict?.conflicting?.agent_vs_human_pct ?? null,
    conflicting_outcome: verdict?.conflicting?.outcome ?? null,
    config_override: override && metric === override.metric ? override.reason : null,
    alternatives: JSON.stringify(others.map(evaluationJson)),
    other_metrics: JSON.stringify(c ? otherMetrics(c) : [])
  };
}

/**
 * The trace of an agent attempt, for the category reason: its own failed runs with their failure class, or the
 * version that never ran (a consolidated run that stopped earlier), or only has_agent_patch. null = no trace.
 */
function attemptText(agent: string | null, own: Fact[], shared: Fact[], failureById: Map<string, FailureRow>): string | null {
  if (own.length) {
    const parts = own.map((f) => {
      const failure = failureById.get(f.measurement_id);
      if (failure) return `${f.source} ${f.file}: ${failure.failure_class} (${failure.evidence})`;
      return `${f.source} ${f.file}: never ran${f.error ? ` (${f.error.split("\n")[0].slice(0, 120)})` : ""}`;
    });
    return [...new Set(parts)].join("; ");
  }
  const patch = agent === null ? undefined : shared.find((f) => f.has_agent_patch && f.agent === agent);
  return patch ? `has_agent_patch in ${patch.source} ${patch.file}, no agent run recorded` : null;
}

/** Judges every (agent, commit) of a loaded warehouse. Pure apart from its input: tests call it on fixtures. */
export function judge(data: WarehouseData, settings: AnalysisSettings): AnalysisResult {
  const byCommit = new Map<string, Fact[]>();
  for (const f of data.facts.values()) byCommit.set(f.commit, [...(byCommit.get(f.commit) ?? []), f]);
  const get = (id: string) => data.facts.get(id)!;
  // The same file ingested under several run sets is one measurement: pairs of identical content count once. A file
  // may hold many measurements (a report's figures file: many commits, one batch per table), hence commit and batch.
  const ck = (f: Fact | null) =>
    f ? (f.file_sha256 ? `${f.file_sha256}|${f.file}|${f.commit}|${f.batch ?? ""}|${f.variant}|${f.variant === "agent" ? f.agent : ""}` : f.measurement_id) : "";
  const once = <T>(items: T[], key: (t: T) => string) => {
    const seen = new Set<string>();
    return items.filter((t) => !seen.has(key(t)) && !!seen.add(key(t)));
  };
  const candidatesBy = new Map<string, typeof data.candidates>();
  // Prefer shared measurements from the agent's own run set when the same content exists in several.
  const ownFirst = [...data.candidates].sort((x, y) => {
    const own = (c: typeof x) => Number(get(c.human_id).run_set === get(c.agent_id).run_set);
    return own(y) - own(x);
  });
  const distinctCandidates = once(ownFirst, (c) =>
    [c.agent, c.commit, ck(c.baseline_id ? get(c.baseline_id) : null), ck(get(c.human_id)), c.agent_id].join("\u0000")
  );
  for (const c of distinctCandidates) {
    const key = `${c.agent}\u0000${c.commit}`;
    candidatesBy.set(key, [...(candidatesBy.get(key) ?? []), c]);
  }
  const pairsBy = (pairs: WarehouseData["repeatPairs"]) => {
    const m = new Map<string, [Fact, Fact][]>();
    for (const p of pairs) {
      const x = get(p.x_id);
      m.set(x.commit, [...(m.get(x.commit) ?? []), [x, get(p.y_id)]]);
    }
    return m;
  };
  const pairKey = (p: {x_id: string; y_id: string}) => [ck(get(p.x_id)), ck(get(p.y_id))].sort().join("\u0000");
  const regressionBy = pairsBy(once(data.regressionPairs, pairKey));
  const repeatsBy = pairsBy(once(data.repeatPairs.filter((p) => ck(get(p.x_id)) !== ck(get(p.y_id))), pairKey));

  const failures = failureRows([...data.facts.values()]);
  const failureById = new Map(failures.map((f) => [f.measurement_id, f]));
  const comparisons: Row[] = [];
  const flags: FlagRow[] = [];
  const disagreements = new Map<string | null, number[]>();
  // With no agent at all, the baseline/human results are still categorised, flagged and classified, as one pass with
  // no agent (keyed "" in summary.json); a warehouse of engine-configuration runs alone has nothing for it.
  const agents: Array<string | null> = data.agents.length ? data.agents : data.sharedCommits.length ? [null] : [];
  for (const agent of agents) {
    const noise: number[] = [];
    disagreements.set(agent, noise);
    for (const commit of agent === null ? data.sharedCommits : (data.agentCommits.get(agent) ?? [])) {
      const all = byCommit.get(commit) ?? [];
      // An agent version that names no agent is no agent's attempt (engine configurations), in the pass with no agent too.
      const own = agent === null ? [] : all.filter((f) => f.variant === "agent" && f.agent === agent);
      const shared = all.filter((f) => f.variant !== "agent");
      const mine = [...shared, ...own];
      const measured = (variant: string) => mine.filter((f) => f.variant === variant && isMeasured(f) && !isVerify(f)).sort(byPreference);
      const override = settings.overrides.get(commit);
      const evaluations = (candidatesBy.get(`${agent}\u0000${commit}`) ?? []).map((c) =>
        evaluateCandidate({baseline: c.baseline_id ? get(c.baseline_id) : null, human: get(c.human_id), agent: get(c.agent_id)}, settings.threshold, override)
      );
      const verdict = chooseVerdict(evaluations);
      const agentAttempt = attemptText(agent, own, shared, failureById);
      const anyMeasured = mine.some(isMeasured);
      const benchmarkable =
        anyMeasured || mine.some((f) => f.perf_command) || !mine.some((f) => NO_PERF_COMMAND.test(`${f.status ?? ""} ${f.error ?? ""}`));
      const evidence = {
        verdict,
        evaluations,
        baselineMeasured: measured("baseline"),
        humanMeasured: measured("human"),
        agentMeasured: measured("agent"),
        verifyMeasured: mine.filter((f) => isMeasured(f) && isVerify(f)).sort(byPreference),
        agentAttempt,
        benchmarkable,
        statuses: [...new Set(mine.map((f) => f.status).filter((s): s is string => !!s))].sort()
      };
      const cat = categorize(evidence);
      const evidenceFacts = [...evidence.humanMeasured, ...evidence.agentMeasured, ...evidence.baselineMeasured, ...evidence.verifyMeasured, ...[...mine].sort(byPreference)];
      comparisons.push(
        comparisonRow(agent, commit, all, verdict, evaluations, {...cat, settings, evidence: evidenceFacts})
      );

      const add = (f: Flag | null, scope: "commit" | "agent") => {
        if (f) flags.push({...f, agent, commit, scope});
      };
      for (const [b, h] of regressionBy.get(commit) ?? []) add(suspiciousRegression(b, h, settings.regressionThreshold), "commit");
      for (const f of configDrift(once(mine, ck))) {
        const ids = f.measurement_ids.split(",");
        add(f, own.some((o) => ids.includes(o.measurement_id)) ? "agent" : "commit");
      }
      for (const [x, y] of repeatsBy.get(commit) ?? []) {
        const mineIds = new Set(mine.map((f) => f.measurement_id));
        if (!mineIds.has(x.measurement_id) || !mineIds.has(y.measurement_id)) continue;
        const d = disagreementPct(x, y);
        if (d) noise.push(d.pct);
        add(duplicateDisagreement(x, y, settings.duplicateThreshold), x.variant === "agent" ? "agent" : "commit");
      }
      if (verdict) {
        add(unstableVerdict(verdict), "agent");
        add(throughputAtFixedRate(verdict), "agent");
        for (const f of zeroOrMissing(verdict, data.quality)) add(f, "agent");
      }
    }
  }

  const summary: Summary = {
    benchbook_analysis: ANALYSIS_SCHEMA_VERSION,
    settings: {
      threshold_pct: settings.threshold,
      regression_threshold_pct: settings.regressionThreshold,
      duplicate_threshold_pct: settings.duplicateThreshold,
      config: settings.configPath,
      overrides: Object.fromEntries([...settings.overrides].sort(([a], [b]) => a.localeCompare(b)).map(([c, o]) => [c, {primary_metric: o.metric, reason: o.reason}]))
    },
    warehouse: {measurements: data.facts.size, commits: data.commits.length, agents: data.agents},
    agents: {}
  };
  for (const agent of agents) {
    const key = agent ?? "";
    summary.agents[key] = agentSummary(
      comparisons.filter((r) => r.agent === agent) as never,
      flags.filter((f) => f.agent === agent).map((f) => f.kind),
      failures.filter((f) => f.agent === agent).map((f) => f.failure_class),
      noiseEstimate(disagreements.get(agent) ?? [], settings.duplicateThreshold)
    );
  }
  return {comparisons, flags, failures, summary};
}

/**
 * Writes rows as a Parquet table: staged as NDJSON in a private temp folder and read back with the contract's column
 * types (far faster than parameterised INSERTs), then copied to Parquet in the contract's order, atomically.
 */
async function writeTable(db: Db, name: string, schema: TableSchema, rows: Row[], out: string, stageDir: string): Promise<void> {
  const cols = Object.keys(schema.columns);
  const staged = join(stageDir, `${name}.ndjson`);
  // JSON has no Infinity: non-finite numbers travel as strings, which DuckDB reads back as DOUBLE inf/nan.
  const line = (r: Row) => JSON.stringify(Object.fromEntries(cols.map((c) => [c, typeof r[c] === "number" && !Number.isFinite(r[c]) ? String(r[c]) : (r[c] ?? null)])));
  await writeFile(staged, rows.map(line).join("\n") + (rows.length ? "\n" : ""));
  const columns = cols.map((c) => `${sqlString(c)}: '${schema.columns[c]}'`).join(", ");
  const source = rows.length
    ? `read_json(${sqlString(staged)}, format = 'newline_delimited', columns = {${columns}})`
    : `(SELECT ${cols.map((c) => `NULL::${schema.columns[c]} AS "${c}"`).join(", ")} WHERE false)`;
  const order = [...schema.orderBy, ...cols.filter((c) => !schema.orderBy.includes(c))].map((c) => `"${c}"`).join(", ");
  await db.copyToParquet(`SELECT ${cols.map((c) => `"${c}"`).join(", ")} FROM ${source} ORDER BY ${order}`, out);
}

/** Runs the analysis on a warehouse folder and writes its four outputs there. */
export async function analyzeWarehouse(options: AnalyzeOptions): Promise<AnalysisResult> {
  const file = options.configPath ? await loadConfigFile(options.configPath) : null;
  const settings = resolveSettings(file, {...options, configPath: options.configPath ?? null});
  return withDb(async (db) => {
    // One thread: identical input gives byte-identical Parquet files.
    await db.run("SET threads = 1");
    const result = judge(await loadWarehouse(db, options.warehouse), settings);
    const t = ANALYSIS_TABLES;
    const stage = await mkdtemp(join(tmpdir(), "benchbook-analyze-"));
    try {
      await writeTable(db, "comparisons", t.comparisons, result.comparisons, join(options.warehouse, "comparisons.parquet"), stage);
      await writeTable(db, "flags", t.flags, result.flags as unknown as Row[], join(options.warehouse, "flags.parquet"), stage);
      await writeTable(db, "failures", t.failures, result.failures as unknown as Row[], join(options.warehouse, "failures.parquet"), stage);
    } finally {
      await rm(stage, {recursive: true, force: true});
    }
    // Written last: summary.json is the mark that the three tables above belong together.
    await writeFileAtomic(join(options.warehouse, "summary.json"), `${JSON.stringify(result.summary, null, 2)}\n`);
    return result;
  });
}
