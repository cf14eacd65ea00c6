// A synthetic warehouse of any size and number of agents, for the site's scale and edge-case checks (10,000 commits,
// seven agents, an agent with no rows, long logs). Deterministic (seeded), never part of the embedded data.
import {mkdir, rm} from "node:fs/promises";
import {join} from "node:path";
import {COMPARISON_COLUMNS, FAILURE_COLUMNS, FLAG_COLUMNS, type Columns} from "../../loaders/site-columns.ts";
import {CATEGORY_INFO, FLAG_KINDS, OUTCOMES, type Category, type Outcome} from "../analysis/vocabulary.ts";
import {wilsonInterval} from "../stats/wilson.ts";
import {sqlString, withDb, writeFileAtomic, type Row} from "../warehouse/db.ts";
import {TABLES} from "../warehouse/schema.ts";

export type SyntheticOptions = {
  commits: number;
  agents: string[];
  /** Agents that appear in the warehouse but have no comparison rows. */
  emptyAgents?: string[];
  /** Characters of raw log on every failed measurement (long-log check). */
  logChars?: number;
  /** Text put into subjects and errors (the XSS check passes markup here). */
  hostileText?: string;
  seed?: number;
  threshold?: number;
};

/** mulberry32: a tiny seeded PRNG so the same options always give the same warehouse. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ["meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "ibm-ai-platform/Bamba-9B", "facebook/opt-125m"];

export type SyntheticTables = {measurements: Row[]; metrics: Row[]; comparisons: Row[]; flags: Row[]; failures: Row[]; summary: unknown};

export function syntheticTables(o: SyntheticOptions): SyntheticTables {
  const rnd = prng(o.seed ?? 1);
  const threshold = o.threshold ?? 5;
  const measurements: Row[] = [];
  const metrics: Row[] = [];
  const comparisons: Row[] = [];
  const flags: Row[] = [];
  const failures: Row[] = [];
  const hostile = o.hostileText ?? "";
  const log = o.logChars ? "INFO vllm serving step ok\n".repeat(Math.ceil(o.logChars / 26)).slice(0, o.logChars) : null;
  const measure = (commit: string, subject: string, variant: string, agent: string | null, source: string, model: string, mode: string, metric: string, value: number | null, error: string | null) => {
    const id = `syn-${commit}-${variant}-${agent ?? "shared"}-${source}`;
    measurements.push({
      measurement_id: id,
      run_set: agent ?? "shared",
      agent,
      commit,
      variant,
      source,
      batch: `${source}-batch`,
      file: `synthetic/${commit}/${variant}.json`,
      status: value === null ? "error" : "success",
      error,
      model,
      benchmark_mode: mode,
      subject,
      timestamp: "2026-01-01",
      raw_log_excerpt: value === null ? log : null
    });
    if (value !== null) metrics.push({measurement_id: id, metric, value, unit: metric === "tpot_mean" ? "ms" : "tok/s", better: metric === "tpot_mean" ? "lower" : "higher", origin: "structured"});
    return id;
  };
  for (let i = 0; i < o.commits; i++) {
    const commit = (0x10000000 + i * 7919).toString(16).slice(-8);
    const subject = `[Perf] synthetic change ${i}${hostile}`;
    const model = MODELS[i % MODELS.length];
    const serving = rnd() < 0.6;
    const mode = serving ? "serving" : "throughput";
    const metric = serving ? "tpot_mean" : "throughput";
    const lowerBetter = serving;
    const source = rnd() < 0.7 ? "modal" : "separate";
    const base = serving ? 10 + rnd() * 40 : 500 + rnd() * 5000;
    const humanGain = (rnd() - 0.3) * 0.3;
    const human = lowerBetter ? base * (1 - humanGain) : base * (1 + humanGain);
    const hasBaseline = rnd() < 0.75;
    const bId = hasBaseline ? measure(commit, subject, "baseline", null, source, model, mode, metric, base, null) : null;
    const hId = measure(commit, subject, "human", null, source, model, mode, metric, human, null);
    for (const agent of o.agents) {
      if (o.emptyAgents?.includes(agent)) continue;
      const failed = rnd() < 0.15;
      let category: Category;
      let outcome: Outcome | null = null;
      let aValue: number | null = null;
      let aId: string | null;
      if (failed) {
        aId = measure(commit, subject, "agent", agent, source, model, mode, metric, null, `Server crashed after applying patch${hostile}`);
        category = "agent_failed";
        outcome = "failed";
        failures.push({commit, variant: "agent", agent, source, failure_class: "server_crashed_after_patch", evidence: `RuntimeError: engine core died${hostile}`, measurement_id: aId});
      } else {
        const delta = (rnd() - 0.5) * 0.4;
        aValue = lowerBetter ? human * (1 - delta) : human * (1 + delta);
        aId = measure(commit, subject, "agent", agent, source, model, mode, metric, aValue, null);
        category = hasBaseline ? "valid_3way" : "ha_only";
      }
      const imp = (ref: number, x: number) => (lowerBetter ? ((ref - x) / ref) * 100 : ((x - ref) / ref) * 100);
      const avh = aValue === null ? null : imp(human, aValue);
      if (avh !== null) outcome = avh > threshold ? "win" : avh < -threshold ? "loss" : "match";
      comparisons.push({
        agent,
        commit,
        subject,
        model,
        source,
        category,
        outcome,
        primary_metric: metric,
        primary_metric_reason: serving ? "serving at a finite request rate: latency (tpot_mean)" : "throughput benchmark: throughput",
        baseline_value: hasBaseline ? base : null,
        human_value: human,
        agent_value: aValue,
        human_vs_baseline_pct: hasBaseline ? imp(base, human) : null,
        agent_vs_baseline_pct: hasBaseline && aValue !== null ? imp(base, aValue) : null,
        agent_vs_human_pct: avh,
        stable: true,
        baseline_measurement_id: bId,
        human_measurement_id: hId,
        agent_measurement_id: aId
      });
      if (hasBaseline && imp(base, human) < -20) {
        flags.push({agent, commit, kind: "suspicious_regression", severity: "warning", detail: `human ${imp(base, human).toFixed(1)}% vs baseline; nothing differs: may be real`, measurement_id_a: bId, measurement_id_b: hId});
      }
    }
  }
  return {measurements, metrics, comparisons, flags, failures, summary: summarise(o.agents, comparisons, flags, threshold)};
}

/** summary.json in the shape loaders/summary-shape.ts reads. */
function summarise(agents: string[], comparisons: Row[], flags: Row[], threshold: number) {
  return {
    threshold,
    noise: null,
    agents: agents.map((agent) => {
      const mine = comparisons.filter((c) => c.agent === agent);
      const evaluable = mine.filter((c) => CATEGORY_INFO[c.category as Category].evaluable).length;
      const categories: Record<string, {count: number; pct: number | null}> = {};
      for (const c of mine) categories[c.category as string] = {count: (categories[c.category as string]?.count ?? 0) + 1, pct: null};
      for (const v of Object.values(categories)) v.pct = (v.count * 100) / mine.length;
      const outcomes: Record<string, {count: number; rate: number | null; low: number | null; high: number | null}> = {};
      for (const name of OUTCOMES) {
        const count = mine.filter((c) => c.outcome === name).length;
        const ci = evaluable ? wilsonInterval(count, evaluable) : null;
        outcomes[name] = {count, rate: evaluable ? count / evaluable : null, low: ci?.low ?? null, high: ci?.high ?? null};
      }
      const diffs = mine.map((c) => c.agent_vs_human_pct).filter((x): x is number => typeof x === "number").sort((a, b) => a - b);
      const flagCounts: Record<string, number> = {};
      for (const k of FLAG_KINDS) flagCounts[k] = flags.filter((f) => f.agent === agent && f.kind === k).length;
      return {
        agent,
        total: mine.length,
        evaluable,
        categories,
        outcomes,
        mean: diffs.length ? diffs.reduce((s, x) => s + x, 0) / diffs.length : null,
        median: diffs.length ? diffs[Math.floor(diffs.length / 2)] : null,
        flags: flagCounts
      };
    })
  };
}

/** DuckDB column types of every table written, so all-null and empty columns keep their type. */
function columnTypes(name: string): Record<string, string> {
  if (TABLES[name]) return TABLES[name].columns;
  const site = {comparisons: COMPARISON_COLUMNS, flags: FLAG_COLUMNS, failures: FAILURE_COLUMNS}[name] as Columns;
  return Object.fromEntries(Object.entries(site).map(([k, kind]) => [k, kind === "number" ? "DOUBLE" : kind === "boolean" ? "BOOLEAN" : "VARCHAR"]));
}

/** Writes rows as Parquet through newline-delimited JSON, typed by `columnTypes`. */
export async function writeRowsParquet(dir: string, name: string, rows: Row[]): Promise<void> {
  const types = columnTypes(name);
  const json = join(dir, `.${name}.ndjson`);
  await writeFileAtomic(json, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  try {
    await withDb(async (db) => {
      const spec = Object.entries(types).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(", ");
      const select = rows.length
        ? `SELECT * FROM read_json(${sqlString(json)}, format = 'newline_delimited', columns = {${spec}})`
        : `SELECT ${Object.entries(types).map(([k, v]) => `NULL::${v} AS "${k}"`).join(", ")} LIMIT 0`;
      await db.copyToParquet(select, join(dir, `${name}.parquet`));
    });
  } finally {
    await rm(json, {force: true});
  }
}

/** Writes the synthetic tables as Parquet (plus summary.json) into `dir`. */
export async function writeSyntheticWarehouse(dir: string, o: SyntheticOptions): Promise<void> {
  const t = syntheticTables(o);
  await mkdir(dir, {recursive: true});
  for (const name of ["measurements", "metrics", "comparisons", "flags", "failures"] as const) await writeRowsParquet(dir, name, t[name]);
  await writeFileAtomic(join(dir, "summary.json"), JSON.stringify(t.summary, null, 2));
}
