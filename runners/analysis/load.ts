// The joins, in DuckDB SQL over the warehouse's Parquet files: measurements with their best metric values, the agent
// of each run set, and the pairs the rules judge (candidate baseline/human/agent combinations within a pipeline
// family's pairing scope, baseline/human pairs, repeats of one version). Strings that mean something (variants,
// scopes, origins) go in as parameters; only paths we control are spliced in.
import {existsSync} from "node:fs";
import {InputError} from "../errors.ts";
import {ORIGINS, type Origin} from "../model/measurement.ts";
import {Db, sqlString, tablePath} from "../warehouse/db.ts";
import {TABLES} from "../warehouse/schema.ts";
import type {Fact, MetricValue} from "./facts.ts";
import type {QualityNote} from "./flags.ts";
import {FAMILIES, FAMILY_INFO, VERIFY_SOURCES, type Variant} from "./vocabulary.ts";

export type CandidateIds = {agent: string; commit: string; human_id: string; agent_id: string; baseline_id: string | null};
export type PairIds = {x_id: string; y_id: string};

export type WarehouseData = {
  facts: Map<string, Fact>;
  /** Every agent any run set names, sorted. */
  agents: string[];
  /** Every commit any run set knows, sorted. */
  commits: string[];
  /**
   * The commits each agent is judged on, sorted: those of the run sets it appears in and of the run sets that hold no
   * agent version at all (shared baseline/human results). Another agent's run set is not this agent's work, and nor is
   * a run set whose agent version names no agent (engine configurations compared three ways, as the H100 runs are):
   * its commits must not count as commits an agent never attempted.
   */
  agentCommits: Map<string, string[]>;
  /**
   * The commits of the run sets that hold no agent version at all, sorted: what a warehouse with no agent is judged on
   * (baseline/human results alone). A run set of engine configurations, whose agent version names no agent, is not.
   */
  sharedCommits: string[];
  candidates: CandidateIds[];
  /** Measured baseline × measured human of one commit (build verification excluded). */
  regressionPairs: PairIds[];
  /**
   * Measured repeats of one version (same commit and variant, same agent for agent rows), build verification excluded
   * and never the same file content twice (one file ingested under two run sets is one measurement, not a repeat).
   */
  repeatPairs: PairIds[];
  quality: QualityNote[];
};

/** The metrics origin that outranks raw-log values. */
const STRUCTURED: Origin = ORIGINS[0];

/** Selects `columns` of a warehouse table, NULL for any the file lacks (an older or partial warehouse still loads). */
async function project(db: Db, warehouse: string, table: string): Promise<string> {
  const path = tablePath(warehouse, table);
  const schema = TABLES[table].columns;
  const cols = Object.keys(schema);
  if (!existsSync(path)) return `SELECT ${cols.map((c) => `NULL::${schema[c]} AS "${c}"`).join(", ")} WHERE false`;
  const present = new Set((await db.all<{column_name: string}>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`)).map((r) => r.column_name));
  const list = cols.map((c) => (present.has(c) ? `"${c}"::${schema[c]} AS "${c}"` : `NULL::${schema[c]} AS "${c}"`)).join(", ");
  return `SELECT ${list} FROM read_parquet(${sqlString(path)})`;
}

/** Loads everything the rules need from a warehouse folder. */
export async function loadWarehouse(db: Db, warehouse: string): Promise<WarehouseData> {
  if (!existsSync(tablePath(warehouse, "measurements"))) {
    const why = existsSync(tablePath(warehouse, "files"))
      ? "no measurements table: no file ingested into this warehouse held results (files.parquet says what each file was)"
      : "no measurements table: run `benchbook ingest <results> --warehouse` first";
    throw new InputError(tablePath(warehouse, "measurements"), why);
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE m AS ${await project(db, warehouse, "measurements")}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE x AS ${await project(db, warehouse, "metrics")}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE dq AS ${await project(db, warehouse, "data_quality")}`);

  // Pairing scope per source; build verification never pairs.
  await db.run("CREATE OR REPLACE TEMP TABLE scopes (source VARCHAR, scope VARCHAR, verify BOOLEAN)");
  for (const family of FAMILIES) await db.run("INSERT INTO scopes VALUES (?, ?, false)", [family, FAMILY_INFO[family].scope]);
  for (const source of VERIFY_SOURCES) await db.run("INSERT INTO scopes VALUES (?, 'none', true)", [source]);

  // One value per (measurement, metric): structured beats raw_log; ties broken by value for determinism.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE best AS
     SELECT measurement_id, metric, value, origin, better, n, std FROM (
       SELECT *, row_number() OVER (PARTITION BY measurement_id, metric ORDER BY (origin = ?) DESC, value) AS rn
       FROM x WHERE value > 0 AND isfinite(value)) WHERE rn = 1`,
    [STRUCTURED]
  );
  // A run set's agent, for its baseline/human rows (agent is set on agent rows only).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE f AS
     WITH rs AS (SELECT run_set, min(agent) AS agent FROM m WHERE agent IS NOT NULL GROUP BY run_set)
     SELECT m.*, coalesce(m.agent, rs.agent) AS run_agent, coalesce(s.scope, 'file') AS scope, coalesce(s.verify, false) AS verify,
            m.measurement_id IN (SELECT measurement_id FROM best) AS measured,
            -- One representative of a shared (baseline/human) file ingested under several run sets. The batch keeps
            -- apart distinct measurements that one file holds (a report's figures file has one batch per table).
            m.variant = ? OR row_number() OVER (
              PARTITION BY m."commit", m.variant, m.file, coalesce(m.file_sha256, m.measurement_id), m.batch
              ORDER BY m.run_set, m.measurement_id) = 1 AS rep
     FROM m LEFT JOIN rs USING (run_set) LEFT JOIN scopes s USING (source)
     WHERE m.commit IS NOT NULL AND m.variant IN (?, ?, ?)`,
    ["agent", "baseline", "human", "agent"] satisfies Variant[]
  );

  const facts = new Map<string, Fact>();
  const rows = await db.all(`SELECT * EXCLUDE (agent, scope, verify, measured, rep, run_agent), run_agent AS agent FROM f ORDER BY measurement_id`);
  for (const r of rows) facts.set(r.measurement_id as string, {...(r as unknown as Fact), metrics: {}});
  for (const r of await db.all<{measurement_id: string; metric: string} & MetricValue>(`SELECT * FROM best ORDER BY measurement_id, metric`)) {
    const f = facts.get(r.measurement_id);
    if (f) f.metrics[r.metric] = {value: r.value, origin: r.origin, better: r.better, n: r.n, std: r.std};
  }

  const agents = (await db.all<{agent: string}>(`SELECT DISTINCT agent FROM m WHERE agent IS NOT NULL ORDER BY agent`)).map((r) => r.agent);
  const commits = (await db.all<{commit: string}>(`SELECT DISTINCT "commit" FROM f ORDER BY "commit"`)).map((r) => r.commit);
  const agentCommits = new Map<string, string[]>(agents.map((a) => [a, []]));
  // Shared run sets hold no agent version at all: baseline/human results every agent is judged on.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE shared_sets AS SELECT DISTINCT run_set FROM m WHERE run_set NOT IN (SELECT run_set FROM m WHERE variant = ?)`,
    ["agent" satisfies Variant]
  );
  for (const r of await db.all<{agent: string; commit: string}>(
    `WITH agent_sets AS (SELECT DISTINCT run_set, agent FROM m WHERE agent IS NOT NULL)
     SELECT a.agent, f."commit" FROM f JOIN agent_sets a USING (run_set)
     UNION SELECT a.agent, f."commit" FROM f JOIN shared_sets USING (run_set) CROSS JOIN (SELECT DISTINCT agent FROM agent_sets) a
     ORDER BY agent, "commit"`
  )) {
    agentCommits.get(r.agent)?.push(r.commit);
  }
  const sharedCommits = (await db.all<{commit: string}>(`SELECT DISTINCT "commit" FROM f JOIN shared_sets USING (run_set) ORDER BY "commit"`)).map(
    (r) => r.commit
  );

  // Two measurements may pair when their source's scope allows: `any`, the same batch of one run set, or one file.
  const inScope = (a: string, b: string) =>
    `(${a}.scope = 'any' OR (${a}.scope = 'batch' AND ${a}.run_set = ${b}.run_set AND ${a}.batch IS NOT DISTINCT FROM ${b}.batch)
      OR (${a}.scope = 'file' AND ${a}.run_set = ${b}.run_set AND ${a}.file = ${b}.file))`;
  const candidates = await db.all<CandidateIds>(
    `WITH ha AS (
       SELECT a.agent AS agent, h."commit", h.measurement_id AS human_id, a.measurement_id AS agent_id, h.source, h.scope, h.run_set, h.batch, h.file
       FROM f h JOIN f a ON a."commit" = h."commit" AND a.source = h.source
       WHERE h.variant = $human AND a.variant = $agent AND h.measured AND a.measured AND NOT h.verify AND a.agent IS NOT NULL
         AND (h.scope <> 'any' OR h.rep) AND ${inScope("h", "a")})
     SELECT agent, "commit", human_id, agent_id, NULL::VARCHAR AS baseline_id FROM ha
     UNION ALL
     SELECT ha.agent, ha."commit", ha.human_id, ha.agent_id, b.measurement_id
     FROM ha JOIN f b ON b."commit" = ha."commit" AND b.source = ha.source AND b.variant = $baseline AND b.measured
       AND (ha.scope <> 'any' OR b.rep) AND ${inScope("ha", "b")}
     ORDER BY agent, "commit", human_id, agent_id, baseline_id NULLS FIRST`,
    {human: "human", agent: "agent", baseline: "baseline"}
  );
  const regressionPairs = await db.all<PairIds>(
    `SELECT b.measurement_id AS x_id, h.measurement_id AS y_id FROM f b JOIN f h ON h."commit" = b."commit"
     WHERE b.variant = $baseline AND h.variant = $human AND b.measured AND h.measured AND NOT b.verify AND NOT h.verify AND b.rep AND h.rep
     ORDER BY x_id, y_id`,
    {baseline: "baseline", human: "human"}
  );
  const repeatPairs = await db.all<PairIds>(
    `SELECT p.measurement_id AS x_id, q.measurement_id AS y_id FROM f p JOIN f q
       ON q."commit" = p."commit" AND q.variant = p.variant AND q.measurement_id > p.measurement_id
      AND (p.variant <> $agent OR q.agent = p.agent)
     WHERE p.measured AND q.measured AND NOT p.verify AND NOT q.verify AND p.rep AND q.rep AND p.file_sha256 IS DISTINCT FROM q.file_sha256
     ORDER BY x_id, y_id`,
    {agent: "agent"}
  );
  const quality = await db.all<QualityNote>(
    `SELECT measurement_id, metric, field, value_text, reason FROM dq WHERE measurement_id IN (SELECT measurement_id FROM f) ORDER BY measurement_id, field`
  );
  return {facts, agents, commits, agentCommits, sharedCommits, candidates, regressionPairs, repeatPairs, quality};
}
