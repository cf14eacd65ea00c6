// The runner's own result format (`benchbook.runs/v1`, runners/run/record.ts) as an ingest Format: one group file per
// task version becomes one measurement (metrics = mean over the successful repeats, with n and std), one
// `runner_runs` row per repeat (status, error, log tail, exactly what ran) and `environment` rows. The runner writes
// through it and `benchbook ingest` reads the same files (e.g. written on a GPU host without Node).
import type {Format, TableRows} from "../formats/types.ts";
import {formatZodIssues, InputError} from "../errors.ts";
import {commitParts, FileRows} from "../model/measurement.ts";
import {summarize} from "../sweeps/stats.ts";
import type {Row} from "../warehouse/db.ts";
import {RUN_GROUP_FORMAT, RunGroupSchema, type RunGroup, type RunRecord} from "./record.ts";

/** Shell-style rendering of argv for display (what exactly ran); never executed. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(" ");
}

/** The step whose argv is "the benchmark" of a run: the client when serving, else the offline program. */
function benchStep(run: RunRecord) {
  return run.steps.find((s) => s.name === "client") ?? run.steps.find((s) => s.name === "benchmark");
}

/** Rows of one group file. */
export function groupRows(group: RunGroup, ctx: Parameters<Format["parse"]>[1]): TableRows {
  const rows = new FileRows(ctx, "runner");
  const runs = [...group.runs].sort((a, b) => a.repeat - b.repeat);
  const ok = runs.filter((r) => r.status === "success" && r.metrics.length);
  const failed = runs.find((r) => r.status !== "success");
  const first = ok[0] ?? runs[0];
  const shown = ok.length ? ok.at(-1)! : failed!;
  const step = benchStep(first);
  const executed = first.executed;
  const num = (k: string) => {
    const v = executed[k];
    if (v === "inf" || v === "-inf") return v === "inf" ? Infinity : -Infinity;
    return typeof v === "number" ? v : null;
  };
  const commit = commitParts(first.commit);
  const id = rows.measurement({
    variant: group.version,
    commit: commit.commit,
    commit_full: commit.commit_full,
    parent_commit: commitParts(first.parent).commit,
    batch: first.batch,
    status: ok.length ? "success" : failed!.status,
    error: ok.length ? null : failed!.error,
    model: first.model,
    benchmark_mode: first.benchmark_mode,
    perf_command: step?.argv ? displayCommand(step.argv) : null,
    dataset_name: typeof executed.dataset_name === "string" ? executed.dataset_name : null,
    input_len: num("input_len"),
    output_len: num("output_len"),
    num_prompts: num("num_prompts"),
    request_rate: num("request_rate"),
    max_concurrency: num("max_concurrency"),
    executed_model: typeof executed.model === "string" ? executed.model : null,
    engine_version: first.environment.engine_version ?? null,
    install_method: "runner",
    timestamp: runs[0].started_at,
    duration_s: runs.reduce((s, r) => s + r.duration_s, 0),
    subject: first.subject,
    has_agent_patch: first.has_patch,
    // The runner was told whose patches it ran (`benchbook run --agent`); a run that names no agent and applied no
    // patch compared engine configurations under the three version names, and is no agent's work.
    agent: first.agent ?? (first.has_patch ? undefined : null),
    repeats: ok.length,
    raw_log_excerpt: shown.log_tail,
    server_log_excerpt: shown.server_log_tail,
    extra: {plan: group.plan, task_id: group.task_id, engine: first.engine, runs: runs.length, failed_runs: runs.length - ok.length}
  });
  const byMetric = new Map<string, {unit: string; better: string; values: number[]}>();
  for (const run of ok) {
    for (const m of run.metrics) {
      if (!Number.isFinite(m.value)) continue;
      const entry = byMetric.get(m.metric) ?? {unit: m.unit, better: m.better, values: []};
      entry.values.push(m.value);
      byMetric.set(m.metric, entry);
    }
  }
  for (const [metric, {unit, better, values}] of [...byMetric].sort(([a], [b]) => a.localeCompare(b))) {
    const s = summarize(values);
    rows.metrics.push({measurement_id: id, metric, value: s.mean, unit, better, origin: "structured", n: s.n, std: s.std});
  }
  const runRows: Row[] = [];
  const envRows: Row[] = [];
  for (const run of runs) {
    runRows.push({
      run_set: ctx.runSet,
      measurement_id: id,
      file: ctx.path,
      run_id: run.run_id,
      batch: run.batch,
      task_id: run.task_id,
      commit: commit.commit,
      variant: run.version,
      engine: run.engine,
      repeat: run.repeat,
      status: run.status,
      error: run.error,
      log_tail: run.log_tail,
      server_log_tail: run.server_log_tail,
      started_at: run.started_at,
      duration_s: run.duration_s,
      command: benchStep(run)?.argv ? displayCommand(benchStep(run)!.argv!) : null,
      server_command: run.steps.find((s) => s.name === "server")?.argv ? displayCommand(run.steps.find((s) => s.name === "server")!.argv!) : null,
      steps: JSON.stringify(run.steps),
      metrics: JSON.stringify(Object.fromEntries(run.metrics.map((m) => [m.metric, m.value]))),
      executed: JSON.stringify(run.executed),
      warnings: run.warnings.length ? JSON.stringify(run.warnings) : null
    });
    for (const [key, value] of Object.entries(run.environment).sort(([a], [b]) => a.localeCompare(b))) {
      envRows.push({run_set: ctx.runSet, measurement_id: id, file: ctx.path, run_id: run.run_id, key, value});
    }
  }
  return {...rows.tables(), runner_runs: runRows, environment: envRows};
}

export const runGroupFormat: Format = {
  name: "benchbook-runs",
  description: "Runs of one task version written by `benchbook run` (benchbook.runs/v1)",
  detect({json}) {
    const match = Boolean(json && typeof json === "object" && (json as {format?: unknown}).format === RUN_GROUP_FORMAT);
    return match ? {match, broken: !RunGroupSchema.safeParse(json).success} : {match: false};
  },
  parse({json}, ctx) {
    const parsed = RunGroupSchema.safeParse(json);
    if (!parsed.success) throw new InputError(ctx.path, `not a valid ${RUN_GROUP_FORMAT} file\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    return {tables: groupRows(parsed.data, ctx)};
  }
};
