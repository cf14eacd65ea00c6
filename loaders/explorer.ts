// The three-way explorer's tables: one row per (agent, commit) with the benchmark mode and flag count added, and
// every measurement of every commit (with its metrics) for the per-commit detail view.
import type {Row} from "../runners/warehouse/db.ts";
import {COMPARISON_COLUMNS, FLAG_COLUMNS, MEASUREMENT_COLUMNS, METRIC_COLUMNS, arrowTypes} from "./site-columns.ts";
import {readTable} from "./site-read.ts";
import {excerpt} from "./site-text.ts";
import {typedArrowStream} from "./site-arrow.ts";

/** Extra columns the explorer adds to each comparison row. */
const EXPLORER_EXTRA = {mode: "string", flags: "number", chosen_sources: "string"} as const;

/** Comparison rows for the explorer table, each with its benchmark mode and number of flags. */
export async function explorerRows(warehouse?: string): Promise<Row[]> {
  const comparisons = await readTable("comparisons", COMPARISON_COLUMNS, {warehouse, orderBy: "agent, commit"});
  const measurements = await readTable("measurements", {measurement_id: "string", commit: "string", benchmark_mode: "string", source: "string"}, {warehouse});
  const flags = await readTable("flags", {agent: "string", commit: "string"}, {warehouse});
  const byId = new Map(measurements.map((m) => [m.measurement_id as string, m]));
  // A row without chosen measurements (agent failed, no attempt, …) takes its commit's mode when all runs agree on one.
  const commitModes = new Map<string, Set<unknown>>();
  for (const m of measurements) if (m.benchmark_mode != null) commitModes.set(m.commit as string, (commitModes.get(m.commit as string) ?? new Set()).add(m.benchmark_mode));
  const flagCount = new Map<string, number>();
  for (const f of flags) {
    const key = `${f.agent ?? ""}\u0000${f.commit}`;
    flagCount.set(key, (flagCount.get(key) ?? 0) + 1);
  }
  return comparisons.map((c) => {
    const used = [c.baseline_measurement_id, c.human_measurement_id, c.agent_measurement_id].map((id) => byId.get(id as string)).filter(Boolean) as Row[];
    const modes = commitModes.get(c.commit as string);
    const mode = used.map((m) => m.benchmark_mode).find((x) => x != null) ?? (modes?.size === 1 ? [...modes][0] : null);
    const sources = [...new Set(used.map((m) => m.source as string))].join(" + ") || null;
    const own = flagCount.get(`${c.agent ?? ""}\u0000${c.commit}`) ?? 0;
    const shared = c.agent == null ? 0 : flagCount.get(`\u0000${c.commit}`) ?? 0;
    return {...c, mode, flags: own + shared, chosen_sources: sources};
  });
}

export async function explorerArrow(warehouse?: string): Promise<Uint8Array> {
  return typedArrowStream(await explorerRows(warehouse), {...arrowTypes(COMPARISON_COLUMNS), ...EXPLORER_EXTRA});
}

/** Every measurement, logs shortened (see site-text.ts). */
export async function measurementsArrow(warehouse?: string): Promise<Uint8Array> {
  const rows = await readTable("measurements", MEASUREMENT_COLUMNS, {warehouse, orderBy: "commit, variant, source, batch, measurement_id"});
  for (const r of rows) {
    r.raw_log_excerpt = excerpt(r.raw_log_excerpt);
    r.server_log_excerpt = excerpt(r.server_log_excerpt);
    r.error = excerpt(r.error);
  }
  return typedArrowStream(rows, arrowTypes(MEASUREMENT_COLUMNS));
}

/** Every measured value (long form). */
export async function metricsArrow(warehouse?: string): Promise<Uint8Array> {
  const rows = await readTable("metrics", METRIC_COLUMNS, {warehouse, orderBy: "measurement_id, metric"});
  return typedArrowStream(rows, arrowTypes(METRIC_COLUMNS));
}

/** Every flag. */
export async function flagsArrow(warehouse?: string): Promise<Uint8Array> {
  const rows = await readTable("flags", FLAG_COLUMNS, {warehouse, orderBy: "kind, commit, agent"});
  for (const r of rows) r.detail = excerpt(r.detail);
  return typedArrowStream(rows, arrowTypes(FLAG_COLUMNS));
}
