// Data of the "Runner runs" page: every measurement `benchbook run` (or the GPU host's plan runner) produced, with
// its environment, exactly what ran in each repeat, and per-metric mean ± std, n and CV. Works on a warehouse with
// no runner rows (the page then says how to make some).
import {VARIANTS, type Variant} from "../runners/model/measurement.ts";
import {headlineMetric} from "../runners/run/progress.ts";
import {cvPct} from "../runners/sweeps/stats.ts";
import {TABLES} from "../runners/warehouse/schema.ts";
import {emptyRelation, type Columns} from "./site-columns.ts";
import {defaultWarehouse, hasTable, queryWarehouse} from "./warehouse.ts";

/** The empty relation read in place of a table an older warehouse lacks, with the contract's columns. */
function emptyOf(table: string): string {
  const kind = (t: string) => (t === "VARCHAR" ? "string" : t === "BOOLEAN" ? "boolean" : "number");
  return emptyRelation(Object.fromEntries(Object.entries(TABLES[table].columns).map(([c, t]) => [c, kind(t)])) as Columns);
}

export type RunMetric = {
  metric: string;
  mean: number;
  std: number | null;
  n: number | null;
  cv_pct: number | null;
  unit: string;
  better: string;
};
export type RunRow = {
  run_id: string;
  repeat: number;
  status: string;
  error: string | null;
  log_tail: string | null;
  server_log_tail: string | null;
  started_at: string;
  duration_s: number;
  command: string | null;
  server_command: string | null;
  warnings: string[];
};
export type RunMeasurement = {
  measurement_id: string;
  run_set: string;
  batch: string | null;
  commit: string | null;
  commit_full: string | null;
  parent_commit: string | null;
  subject: string | null;
  variant: string | null;
  status: string;
  error: string | null;
  model: string | null;
  benchmark_mode: string | null;
  perf_command: string | null;
  repeats: number;
  run_count: number;
  timestamp: string | null;
  engine: string | null;
  headline: RunMetric | null;
  /** Headline mean relative to the baseline of the same plan run and commit, in percent, signed so + is better. */
  vs_baseline_pct: number | null;
  metrics: RunMetric[];
  environment: Record<string, string>;
  runs: RunRow[];
};
export type RunsPage = {warehouse: string; measurements: RunMeasurement[]};

/** Reads every runner measurement of a warehouse with its metrics, runs and environment. */
export async function runsPage(warehouse = defaultWarehouse()): Promise<RunsPage> {
  if (!hasTable("measurements", warehouse)) return {warehouse, measurements: []};
  const q = <T extends Record<string, unknown>>(sql: string) =>
    queryWarehouse<T>(sql, {
      warehouse,
      params: ["runner"],
      empty: {metrics: emptyOf("metrics"), runner_runs: emptyOf("runner_runs"), environment: emptyOf("environment")}
    });
  const ms = await q<Record<string, unknown>>(
    `SELECT measurement_id, run_set, batch, commit, commit_full, parent_commit, subject, variant, status, error, model, benchmark_mode,
            perf_command, coalesce(repeats, 0) AS repeats, timestamp
     FROM {measurements} WHERE source = $1 ORDER BY run_set, batch, commit, measurement_id`
  );
  if (!ms.length) return {warehouse, measurements: []};
  const [metrics, runs, env] = await Promise.all([
    q<Record<string, unknown>>(
      `SELECT x.measurement_id, x.metric, x.value, x.std, x.n, x.unit, x.better FROM {metrics} x
       JOIN {measurements} m USING (measurement_id) WHERE m.source = $1 ORDER BY x.measurement_id, x.metric`
    ),
    q<Record<string, unknown>>(
      `SELECT r.measurement_id, r.run_id, r.repeat, r.status, r.error, r.log_tail, r.server_log_tail, r.started_at, r.duration_s,
              r.command, r.server_command, r.warnings, r.engine
       FROM {runner_runs} r JOIN {measurements} m USING (measurement_id) WHERE m.source = $1 ORDER BY r.measurement_id, r.repeat, r.run_id`
    ),
    // Runs of one version share their environment; where repeats differ, the values are listed together.
    q<Record<string, unknown>>(
      `SELECT e.measurement_id, e.key, string_agg(DISTINCT e.value, ' | ' ORDER BY e.value) AS value
       FROM {environment} e JOIN {measurements} m USING (measurement_id) WHERE m.source = $1 GROUP BY ALL ORDER BY 1, 2`
    )
  ]);
  const group = <T extends {measurement_id?: unknown}>(rows: T[]) => {
    const out = new Map<string, T[]>();
    for (const r of rows) out.set(String(r.measurement_id), [...(out.get(String(r.measurement_id)) ?? []), r]);
    return out;
  };
  const metricsBy = group(metrics);
  const runsBy = group(runs);
  const envBy = group(env);
  const out: RunMeasurement[] = ms.map((m) => {
    const id = String(m.measurement_id);
    const mets: RunMetric[] = (metricsBy.get(id) ?? []).map((x) => {
      const mean = Number(x.value);
      const std = x.std === null ? null : Number(x.std);
      const n = x.n === null ? null : Number(x.n);
      return {metric: String(x.metric), mean, std, n, cv_pct: cvPct(mean, std), unit: String(x.unit ?? ""), better: String(x.better ?? "")};
    });
    const name = headlineMetric(mets.map((x) => x.metric));
    const rs = (runsBy.get(id) ?? []).map(
      (r): RunRow => ({
        run_id: String(r.run_id),
        repeat: Number(r.repeat),
        status: String(r.status),
        error: (r.error as string | null) ?? null,
        log_tail: (r.log_tail as string | null) ?? null,
        server_log_tail: (r.server_log_tail as string | null) ?? null,
        started_at: String(r.started_at),
        duration_s: Number(r.duration_s),
        command: (r.command as string | null) ?? null,
        server_command: (r.server_command as string | null) ?? null,
        warnings: r.warnings ? (JSON.parse(String(r.warnings)) as string[]) : []
      })
    );
    return {
      measurement_id: id,
      run_set: String(m.run_set),
      batch: (m.batch as string | null) ?? null,
      commit: (m.commit as string | null) ?? null,
      commit_full: (m.commit_full as string | null) ?? null,
      parent_commit: (m.parent_commit as string | null) ?? null,
      subject: (m.subject as string | null) ?? null,
      variant: (m.variant as string | null) ?? null,
      status: String(m.status),
      error: (m.error as string | null) ?? null,
      model: (m.model as string | null) ?? null,
      benchmark_mode: (m.benchmark_mode as string | null) ?? null,
      perf_command: (m.perf_command as string | null) ?? null,
      repeats: Number(m.repeats),
      run_count: rs.length,
      timestamp: (m.timestamp as string | null) ?? null,
      engine: (runsBy.get(id)?.[0]?.engine as string | undefined) ?? null,
      headline: mets.find((x) => x.metric === name) ?? null,
      vs_baseline_pct: null,
      metrics: mets,
      environment: Object.fromEntries((envBy.get(id) ?? []).map((e) => [String(e.key), String(e.value)])),
      runs: rs
    };
  });
  // Each version against the baseline of its own plan run and commit, on the headline metric.
  for (const m of out) {
    const base = out.find((b) => b.variant === "baseline" && b.run_set === m.run_set && b.batch === m.batch && b.commit === m.commit);
    const mine = m.headline;
    const theirs = base?.metrics.find((x) => x.metric === mine?.metric);
    if (!mine || !theirs || m === base || !(theirs.mean > 0)) continue;
    const change = ((mine.mean - theirs.mean) / theirs.mean) * 100;
    m.vs_baseline_pct = mine.better === "lower" ? -change : change;
  }
  const order = (v: string | null) => VARIANTS.indexOf(v as Variant);
  out.sort(
    (a, b) =>
      a.run_set.localeCompare(b.run_set) ||
      String(a.batch).localeCompare(String(b.batch)) ||
      String(a.commit).localeCompare(String(b.commit)) ||
      order(a.variant) - order(b.variant)
  );
  return {warehouse, measurements: out};
}
