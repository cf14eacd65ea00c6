// A synthetic warehouse of any size and number of agents, for the site's scale and edge-case checks (10,000 commits,
// seven agents, an agent with no rows, long logs, hostile text). Deterministic (seeded), never part of the embedded
// data. It writes measurements and metrics only; the real analysis (runners/analysis) judges them.
import {mkdir, rm} from "node:fs/promises";
import {join} from "node:path";
import {analyzeWarehouse} from "../analysis/analyze.ts";
import {metricInfo} from "../model/metrics.ts";
import {measurementId} from "../model/measurement.ts";
import {sqlString, withDb, writeFileAtomic, type Row} from "../warehouse/db.ts";
import {TABLES} from "../warehouse/schema.ts";

export type SyntheticOptions = {
  commits: number;
  agents: string[];
  /** Agents with nothing evaluable: one agent-only measurement of a commit no human measured, no other attempt. */
  emptyAgents?: string[];
  /** Characters of raw log on each agent's first failed measurement (long-log check); the others get one line. */
  logChars?: number;
  /** Text appended to subjects and errors (the XSS check passes markup here). */
  hostileText?: string;
  seed?: number;
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

/** Share of agent attempts that crash (agent_failed), of commits without a baseline (ha_only), measured twice. */
const FAIL_SHARE = 0.15;
const NO_BASELINE_SHARE = 0.25;
const REPEAT_SHARE = 0.1;

export function syntheticRows(o: SyntheticOptions): {measurements: Row[]; metrics: Row[]} {
  const rnd = prng(o.seed ?? 1);
  const measurements: Row[] = [];
  const metrics: Row[] = [];
  const hostile = o.hostileText ?? "";
  const log = o.logChars ? "INFO engine step ok; nothing to see here\n".repeat(Math.ceil(o.logChars / 40)).slice(0, o.logChars) : null;
  let n = 0;
  const longLogged = new Set<string>();
  const add = (m: Row, metric: string, value: number | null) => {
    const id = measurementId(String(m.run_set), `synthetic/${n++}`, String(m.variant));
    measurements.push({measurement_id: id, file: `synthetic/${m.commit}/${m.variant}-${n}.json`, file_sha256: id, timestamp: "2026-01-01", batch: null, ...m});
    if (value !== null) {
      const info = metricInfo(metric)!;
      metrics.push({measurement_id: id, metric, value, unit: info.unit, better: info.better, origin: "structured"});
    }
  };
  for (let i = 0; i < o.commits; i++) {
    const commit = (0x10000000 + i * 7919).toString(16).slice(-8);
    const subject = `[Perf] synthetic change ${i}${hostile}`;
    const model = MODELS[i % MODELS.length];
    const serving = rnd() < 0.6;
    const common = {commit, subject, model, benchmark_mode: serving ? "serving" : "throughput", source: "separate", batch: `batch-${i % 3}`, status: "success"};
    const metric = serving ? "tpot_mean" : "throughput";
    const better = (x: number, gain: number) => (serving ? x * (1 - gain) : x * (1 + gain));
    const base = serving ? 10 + rnd() * 40 : 500 + rnd() * 5000;
    const human = better(base, (rnd() - 0.3) * 0.3);
    const runSet = o.agents[0] ?? "synthetic";
    if (rnd() >= NO_BASELINE_SHARE) add({...common, run_set: runSet, variant: "baseline", agent: null}, metric, base);
    add({...common, run_set: runSet, variant: "human", agent: null}, metric, human);
    if (rnd() < REPEAT_SHARE) add({...common, run_set: runSet, variant: "human", agent: null, source: "separate", batch: "rerun", timestamp: "2026-01-02"}, metric, better(human, (rnd() - 0.5) * 0.1));
    for (const agent of o.agents) {
      if (o.emptyAgents?.includes(agent)) continue;
      const a = {...common, run_set: agent, variant: "agent", agent, has_agent_patch: true};
      if (rnd() < FAIL_SHARE) {
        const first = !longLogged.has(agent);
        longLogged.add(agent);
        add({...a, status: "error", error: `Server crashed after applying patch${hostile}`, raw_log_excerpt: first ? log : "RuntimeError: engine core died"}, metric, null);
      }
      else add(a, metric, better(human, (rnd() - 0.5) * 0.4));
    }
  }
  for (const agent of o.emptyAgents ?? []) {
    add({commit: "e0e0e0e0", subject: "[Perf] only an agent run exists", model: MODELS[0], benchmark_mode: "serving", source: "separate", status: "success", run_set: agent, variant: "agent", agent, has_agent_patch: true}, "tpot_mean", 10);
  }
  return {measurements, metrics};
}

/** Writes rows as a warehouse table (Parquet, typed by the table contract) through newline-delimited JSON. */
export async function writeTableRows(dir: string, name: "measurements" | "metrics", rows: Row[]): Promise<void> {
  const types = TABLES[name].columns;
  const json = join(dir, `.${name}.ndjson`);
  await writeFileAtomic(json, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  try {
    await withDb(async (db) => {
      const spec = Object.entries(types).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(", ");
      await db.copyToParquet(`SELECT * FROM read_json(${sqlString(json)}, format = 'newline_delimited', columns = {${spec}})`, join(dir, `${name}.parquet`));
    });
  } finally {
    await rm(json, {force: true});
  }
}

/** Writes a synthetic warehouse into `dir` (replacing what is there) and analyses it. */
export async function writeSyntheticWarehouse(dir: string, o: SyntheticOptions): Promise<void> {
  await rm(dir, {recursive: true, force: true});
  await mkdir(dir, {recursive: true});
  const {measurements, metrics} = syntheticRows(o);
  await writeTableRows(dir, "measurements", measurements);
  await writeTableRows(dir, "metrics", metrics);
  await analyzeWarehouse({warehouse: dir});
}
