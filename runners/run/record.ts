// One run = one (task, version, repeat). The runs of one task's version are kept together in one JSON file,
// `<warehouse>/runs/<plan>/<task>.<version>.json` (format `benchbook.runs/v1`), rewritten atomically as soon as a run
// ends: it is the unit of resume, the source of the warehouse rows (runners/run/run-format.ts reads it, so
// `benchbook ingest` lands it too), and what a machine without Node (the GPU host) can write itself.
import {z} from "zod";
import {ENGINE_NAMES, VERSIONS, type ResolvedTask} from "./plan.ts";

export const RUN_RECORD_FORMAT = "benchbook.run/v1";
/** Format of the file holding every run of one task's version. */
export const RUN_GROUP_FORMAT = "benchbook.runs/v1";

/** Outcome of one run. Everything but `success` is a failure kept as a measurement with its evidence. */
export const RUN_STATUSES = [
  "success",
  /** The port was taken before the server started. */
  "port_in_use",
  /** The agent's patch did not apply to the copy of the baseline tree. */
  "patch_failed",
  /** The server exited before it became ready. */
  "server_failed",
  /** The server did not become ready (health + smoke request) within server_start_s. */
  "server_timeout",
  /** The server was ready but the one-request smoke test failed. */
  "smoke_failed",
  /** The server died while the benchmark ran. */
  "server_crashed",
  /** The benchmark ran past its timeout and was killed. */
  "timeout",
  /** The benchmark exited non-zero (or could not start). */
  "client_failed",
  /** The benchmark exited 0 but wrote no result file. */
  "no_result",
  /** The result file exists but is not a result the engine's format reads. */
  "bad_result"
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const Step = z.object({
  /** server, ready, smoke, client, benchmark, patch. */
  name: z.string(),
  argv: z.array(z.string()).nullable(),
  exit_code: z.number().int().nullable(),
  signal: z.string().nullable(),
  timed_out: z.boolean(),
  duration_s: z.number(),
  ok: z.boolean(),
  /** Log files relative to the warehouse. */
  stdout: z.string().nullable(),
  stderr: z.string().nullable(),
  error: z.string().nullable()
});
export type StepRecord = z.infer<typeof Step>;

const Metric = z.object({metric: z.string(), value: z.number(), unit: z.string(), better: z.string()});

export const RunRecordSchema = z.object({
  format: z.literal(RUN_RECORD_FORMAT),
  run_id: z.string().min(1),
  plan: z.string().min(1),
  /** Plan run the record belongs to (`measurements.batch`). */
  batch: z.string().min(1),
  task_id: z.string().min(1),
  commit: z.string().min(1),
  parent: z.string().nullable(),
  subject: z.string().nullable(),
  agent: z.string().nullable(),
  model: z.string(),
  engine: z.enum(ENGINE_NAMES),
  benchmark_mode: z.string(),
  version: z.enum(VERSIONS),
  repeat: z.number().int().min(1),
  has_patch: z.boolean(),
  status: z.enum(RUN_STATUSES),
  /** execa's shortMessage plus the stderr tail of the failing step; null on success. */
  error: z.string().nullable(),
  /** Tail of the most telling log (the failing step's stderr, else the benchmark's stdout). */
  log_tail: z.string().nullable(),
  server_log_tail: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string(),
  duration_s: z.number(),
  steps: z.array(Step),
  metrics: z.array(Metric),
  executed: z.record(z.string(), z.union([z.string(), z.number()])),
  warnings: z.array(z.string()),
  /** Key → value: GPU, driver, CUDA, Python, torch, engine version, git commit, VLLM_* variables, hostname. */
  environment: z.record(z.string(), z.string()),
  /** Where the result file was written, relative to the warehouse (null when none). */
  result_file: z.string().nullable()
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** Deterministic id of one run, so `--resume` recognises what is done: `<plan>.<task>.<version>.r<repeat>`. */
export function runId(plan: string, taskId: string, version: string, repeat: number): string {
  return `${plan}.${taskId}.${version}.r${repeat}`;
}

/** Every recorded run of one task's version, in repeat order. */
/** The fields of a run's record that say which run it is: the same whether the run finished or its job died. */
export function recordHead(
  unit: {runId: string; version: RunRecord["version"]; repeat: number; task: Pick<ResolvedTask, "id" | "commit" | "parent" | "subject" | "model" | "engine" | "versions">},
  ctx: {plan: {name: string}; batch: string; agent: string | null},
  benchmarkMode: string
): Pick<RunRecord, "format" | "run_id" | "plan" | "batch" | "task_id" | "commit" | "parent" | "subject" | "agent" | "model" | "engine" | "benchmark_mode" | "version" | "repeat" | "has_patch"> {
  const {task} = unit;
  return {
    format: RUN_RECORD_FORMAT,
    run_id: unit.runId,
    plan: ctx.plan.name,
    batch: ctx.batch,
    task_id: task.id,
    commit: task.commit,
    parent: task.parent ?? null,
    subject: task.subject ?? null,
    agent: ctx.agent,
    model: task.model,
    engine: task.engine,
    benchmark_mode: benchmarkMode,
    version: unit.version,
    repeat: unit.repeat,
    has_patch: Boolean(task.versions[unit.version]?.patch)
  };
}

export const RunGroupSchema = z.object({
  format: z.literal(RUN_GROUP_FORMAT),
  plan: z.string().min(1),
  task_id: z.string().min(1),
  version: z.enum(VERSIONS),
  runs: z.array(RunRecordSchema).min(1)
});
export type RunGroup = z.infer<typeof RunGroupSchema>;

/** Path of a group file relative to the warehouse (also its `file` key in every table). */
export function groupFile(plan: string, taskId: string, version: string): string {
  return `runs/${plan}/${taskId}.${version}.json`;
}
