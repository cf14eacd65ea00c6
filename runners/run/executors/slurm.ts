// The Slurm executor (`benchbook run --executor slurm`): each (task, version, repeat) becomes one sbatch job that runs
// the unit on a compute node (slurm-job.ts) and leaves its record in the warehouse's shared folder. This side submits,
// tracks jobs with squeue/scontrol (clusters often run without accounting), collects records as jobs end, adopts jobs
// of an earlier runner by their names, cancels its jobs on Ctrl-C, and flags a task whose versions ran on different
// node types (the comparison would not be back to back).
import {existsSync} from "node:fs";
import {mkdir, readFile, rm} from "node:fs/promises";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {z} from "zod";
import {tokenize} from "../../commands/tokenize.ts";
import {InputError, formatZodIssues} from "../../errors.ts";
import {readTail, runLogged} from "../../exec.ts";
import {writeFileAtomic} from "../../warehouse/db.ts";
import {getEngine} from "../engines/index.ts";
import type {ResolvedTask} from "../plan.ts";
import {RUN_RECORD_FORMAT, RunRecordSchema, recordHead, type RunRecord, type RunStatus} from "../record.ts";
import type {Executor, ExecutorContext, RunUnit} from "./index.ts";

/** The batch script sbatch runs: fixed text, every value reaches it as an argument (nothing is interpolated). */
export const SLURM_JOB_SCRIPT = fileURLToPath(new URL("./slurm-job.sh", import.meta.url));
/** The Node entry the batch script starts on the node (registers tsx, then runs slurm-job.ts). */
export const SLURM_JOB_ENTRY = fileURLToPath(new URL("./slurm-job.js", import.meta.url));
export const SLURM_JOB_FORMAT = "benchbook.slurm-job/v1";
/** Job names are `benchbook.<run-id>`: deterministic, so a restarted runner finds its jobs with squeue. */
export const JOB_NAME_PREFIX = "benchbook.";
/** How often squeue is asked (seconds); BENCHBOOK_SLURM_POLL_S overrides. */
const DEFAULT_POLL_S = 5;
/** Added to a run's step timeouts for the job's time limit: node start, environment probes, file-system lag. */
const TIME_MARGIN_S = 600;
/** A finished job's record may reach this host later on a network file system: polls to wait before giving up. */
const RECORD_GRACE_POLLS = 3;
/** squeue/sbatch/scontrol/scancel answer in seconds; a controller that does not is an error, not a hang. */
const COMMAND_TIMEOUT_MS = 60_000;
/** Job states (squeue %T) in which a job still holds its place. */
const LIVE_STATES = new Set(["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "STAGE_OUT"]);

/** What the batch job reads: which unit to run, from which plan, into which warehouse. */
export const SlurmJobSchema = z.strictObject({
  format: z.literal(SLURM_JOB_FORMAT),
  plan_file: z.string().min(1),
  warehouse: z.string().min(1),
  batch: z.string().min(1),
  agent: z.string().nullable(),
  run_id: z.string().min(1),
  record_file: z.string().min(1)
});
export type SlurmJob = z.infer<typeof SlurmJobSchema>;

const SettingsSchema = z.object({
  BENCHBOOK_SLURM_PARTITION: z.string().min(1).optional(),
  BENCHBOOK_SLURM_ACCOUNT: z.string().min(1).optional(),
  BENCHBOOK_SLURM_GRES: z.string().regex(/^[\w:.,-]+$/, "expected a gres like gpu:1 or gpu:h100:1, or none").optional(),
  BENCHBOOK_SLURM_TIME_MIN: z.coerce.number().int().positive().optional(),
  BENCHBOOK_SLURM_POLL_S: z.coerce.number().positive().optional(),
  BENCHBOOK_SLURM_ARGS: z.string().optional()
});

/** Cluster settings: where and how jobs are submitted (README, "GPU runs and Slurm"). */
export type SlurmSettings = {
  partition?: string;
  account?: string;
  /** `--gres` for every job; undefined: `gpu:<n>` when the task names n GPUs, else none; "none": never. */
  gres?: string;
  timeMin?: number;
  pollMs: number;
  /** More sbatch options (`--constraint=h100 --qos=high`), split by the shared tokenizer, never by a shell. */
  extraArgs: string[];
  /** The Node binary jobs run with (this one, so node and head agree). */
  node: string;
};

/** Reads BENCHBOOK_SLURM_* variables; throws InputError naming the variable. */
export function slurmSettings(env: Record<string, string | undefined> = process.env, node = process.execPath): SlurmSettings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) throw new InputError("environment", `invalid Slurm settings\n${formatZodIssues("environment", parsed.error.issues)}`);
  const s = parsed.data;
  let extraArgs: string[] = [];
  if (s.BENCHBOOK_SLURM_ARGS) {
    const t = tokenize(s.BENCHBOOK_SLURM_ARGS);
    if (t.commands.length > 1 || t.separators.length || t.unexpanded.length) {
      throw new InputError("BENCHBOOK_SLURM_ARGS", "expected sbatch options only (no shell syntax)");
    }
    extraArgs = t.commands[0]?.argv ?? [];
  }
  return {
    partition: s.BENCHBOOK_SLURM_PARTITION,
    account: s.BENCHBOOK_SLURM_ACCOUNT,
    gres: s.BENCHBOOK_SLURM_GRES,
    timeMin: s.BENCHBOOK_SLURM_TIME_MIN,
    pollMs: (s.BENCHBOOK_SLURM_POLL_S ?? DEFAULT_POLL_S) * 1000,
    extraArgs,
    node
  };
}

export function jobName(runId: string): string {
  return JOB_NAME_PREFIX + runId;
}

/** `<warehouse>/slurm/<plan>/`: job files, records on their way back, and each job's own output. */
export function slurmDir(warehouse: string, plan: string): string {
  return join(warehouse, "slurm", plan);
}

/** The job's time limit: every step timeout of the engine's mode, plus a margin. */
export function timeLimitMinutes(task: ResolvedTask, serving: boolean, settings: Pick<SlurmSettings, "timeMin">): number {
  if (settings.timeMin) return settings.timeMin;
  const t = task.timeouts;
  const steps = serving ? t.server_start_s + t.smoke_s + t.client_s + t.stop_grace_s : t.offline_s;
  return Math.ceil((steps + t.patch_s + TIME_MARGIN_S) / 60);
}

/** `--gres` for a task: the setting, else one GPU per index the task names; null for none. */
export function gresFor(task: ResolvedTask, settings: Pick<SlurmSettings, "gres">): string | null {
  if (settings.gres) return settings.gres === "none" ? null : settings.gres;
  return task.gpus ? `gpu:${task.gpus.split(",").length}` : null;
}

/** sbatch's argv for one unit (the batch script's arguments: node, job entry, job file). */
export function sbatchArgv(
  unit: RunUnit,
  settings: SlurmSettings,
  o: {jobFile: string; outFile: string; serving: boolean; afterJob?: string}
): string[] {
  const gres = gresFor(unit.task, settings);
  return [
    "sbatch",
    "--parsable",
    `--job-name=${jobName(unit.runId)}`,
    `--output=${o.outFile}`,
    `--time=${timeLimitMinutes(unit.task, o.serving, settings)}`,
    ...(gres ? [`--gres=${gres}`] : []),
    ...(settings.partition ? [`--partition=${settings.partition}`] : []),
    ...(settings.account ? [`--account=${settings.account}`] : []),
    // One task's runs one after another, in plan order (back to back or interleaved), never side by side.
    ...(o.afterJob ? [`--dependency=afterany:${o.afterJob}`] : []),
    ...settings.extraArgs,
    SLURM_JOB_SCRIPT,
    settings.node,
    SLURM_JOB_ENTRY,
    o.jobFile
  ];
}

export type QueuedJob = {id: string; name: string; state: string; node: string; reason: string};
/** squeue output format matching parseSqueue. */
export const SQUEUE_FORMAT = "%i|%j|%T|%N|%r";

/** Parses `squeue -h -o "%i|%j|%T|%N|%r"`. */
export function parseSqueue(text: string): QueuedJob[] {
  return text
    .split("\n")
    .map((l) => l.trim().split("|"))
    .filter((f) => f.length >= 5 && /^\d+/.test(f[0]))
    .map(([id, name, state, node, ...reason]) => ({id, name, state, node, reason: reason.join("|")}));
}

/** `Key=Value` fields of `scontrol show job|node` (values up to the next space). */
export function parseScontrol(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)=(\S*)/g)) if (!(m[1] in out)) out[m[1]] = m[2];
  return out;
}

/** A node's type for back-to-back checks: its GPU and its Slurm features, as the job recorded them. */
export function nodeType(env: Record<string, string>): string {
  const gpu = env.gpu_name ?? "no GPU";
  const features = env.slurm_node_features && env.slurm_node_features !== "(null)" ? ` [${env.slurm_node_features}]` : "";
  return gpu + features;
}

/** A warning when `record` ran on another node type than earlier versions of its task; null when all agree. */
export function nodeTypeWarning(record: RunRecord, earlier: readonly RunRecord[]): string | null {
  const mine = nodeType(record.environment);
  const other = earlier.find((r) => r.task_id === record.task_id && r.version !== record.version && nodeType(r.environment) !== mine);
  if (!other) return null;
  const where = (r: RunRecord) => `${r.version} r${r.repeat} ran on ${nodeType(r.environment)} (node ${r.environment.slurm_node ?? "?"})`;
  return `node types differ within task ${record.task_id}: ${where(other)}, ${where(record)}; the comparison is not back to back on one machine`;
}

/** A record for a run whose job ended without leaving one (killed, timed out, failed to start). */
export function jobFailureRecord(unit: RunUnit, ctx: Pick<ExecutorContext, "plan" | "batch" | "agent">, o: {status: RunStatus; error: string; logTail: string | null; startedAt: Date; environment?: Record<string, string>}): RunRecord {
  const finished = new Date();
  return {
    ...recordHead(unit, ctx, getEngine(unit.task.engine).benchmarkMode),
    status: o.status,
    error: o.error,
    log_tail: o.logTail,
    server_log_tail: null,
    started_at: o.startedAt.toISOString(),
    finished_at: finished.toISOString(),
    duration_s: (finished.getTime() - o.startedAt.getTime()) / 1000,
    steps: [],
    metrics: [],
    executed: {},
    warnings: [],
    environment: o.environment ?? {},
    result_file: null
  };
}

export type CommandResult = {ok: boolean; stdout: string; error: string | null};
/** The side effects, injectable for tests: running a Slurm command, waiting. */
export type SlurmEffects = {run(argv: string[]): Promise<CommandResult>; sleep(ms: number, signal: AbortSignal): Promise<void>};

function realEffects(logDir: string): SlurmEffects {
  return {
    async run(argv) {
      const out = await runLogged(argv, {logDir, name: argv[0].replace(/\W/g, "_"), timeoutMs: COMMAND_TIMEOUT_MS});
      const stdout = await readFile(out.stdoutPath, "utf8").catch(() => "");
      return {ok: out.ok, stdout, error: out.error};
    },
    sleep: (ms, signal) =>
      new Promise((done) => {
        const onAbort = () => (clearTimeout(t), done());
        const t = setTimeout(() => (signal.removeEventListener("abort", onAbort), done()), ms);
        signal.addEventListener("abort", onAbort, {once: true});
      })
  };
}

type Tracked = {unit: RunUnit; id: string; state: string; node: string; startedAt: Date; missingPolls: number; outFile: string};

/** Reads a record file left by a job; null when absent, a failure description when unreadable. */
async function readRecord(path: string, runId: string): Promise<RunRecord | string | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${path}: not JSON`;
  }
  const parsed = RunRecordSchema.safeParse(json);
  if (!parsed.success) return `${path}: not a ${RUN_RECORD_FORMAT} record (${parsed.error.issues[0]?.message})`;
  if (parsed.data.run_id !== runId) return `${path}: holds run ${parsed.data.run_id}, expected ${runId}`;
  return parsed.data;
}

/** The Slurm executor; `effects` and `settings` are injectable for tests. */
export function createSlurmExecutor(options: {effects?: SlurmEffects; settings?: SlurmSettings} = {}): Executor {
  return {
    name: "slurm",
    async *execute(units, ctx) {
      const settings = options.settings ?? slurmSettings();
      const dir = slurmDir(ctx.warehouse, ctx.plan.name);
      await mkdir(dir, {recursive: true});
      const fx = options.effects ?? realEffects(join(dir, "commands"));
      const recordFile = (runId: string) => join(dir, `${runId}.record.json`);
      const outFile = (runId: string) => join(dir, `${runId}.%j.out`);
      const yielded: RunRecord[] = [];
      const ready: RunRecord[] = [];
      const tracked = new Map<string, Tracked>();
      const lastJobOfTask = new Map<string, string>();

      const finish = (record: RunRecord): RunRecord => {
        const warning = nodeTypeWarning(record, yielded);
        return warning ? {...record, warnings: [...record.warnings, warning]} : record;
      };

      // Jobs of an earlier runner (same names) are adopted instead of submitted twice.
      const names = units.map((u) => jobName(u.runId));
      const queued = names.length ? await fx.run(["squeue", "-h", "-o", SQUEUE_FORMAT, `--name=${names.join(",")}`]) : {ok: true, stdout: "", error: null};
      if (!queued.ok) throw new Error(`squeue failed, is Slurm reachable (SLURM_CONF)? ${queued.error ?? ""}`);
      const live = new Map<string, QueuedJob>();
      for (const job of parseSqueue(queued.stdout)) {
        if (!LIVE_STATES.has(job.state)) continue;
        const seen = live.get(job.name);
        if (!seen || Number(job.id) > Number(seen.id)) live.set(job.name, job);
      }

      for (const [index, unit] of units.entries()) {
        if (ctx.signal.aborted) break;
        const existing = await readRecord(recordFile(unit.runId), unit.runId);
        if (existing && typeof existing !== "string") {
          ready.push(existing); // finished while no runner was watching
          continue;
        }
        const adopted = live.get(jobName(unit.runId));
        ctx.onProgress({type: "start", unit, index, total: units.length});
        if (adopted) {
          tracked.set(adopted.id, {unit, id: adopted.id, state: adopted.state, node: adopted.node, startedAt: new Date(), missingPolls: 0, outFile: outFile(unit.runId).replace("%j", adopted.id)});
          lastJobOfTask.set(unit.task.id, adopted.id);
          ctx.onProgress({type: "step", unit, step: `adopted job ${adopted.id} (${adopted.state.toLowerCase()})`});
          continue;
        }
        await rm(recordFile(unit.runId), {force: true});
        const jobFile = join(dir, `${unit.runId}.job.json`);
        const job: SlurmJob = {
          format: SLURM_JOB_FORMAT,
          plan_file: ctx.plan.file,
          warehouse: ctx.warehouse,
          batch: ctx.batch,
          agent: ctx.agent,
          run_id: unit.runId,
          record_file: recordFile(unit.runId)
        };
        await writeFileAtomic(jobFile, `${JSON.stringify(job, null, 2)}\n`);
        const previous = lastJobOfTask.get(unit.task.id);
        const after = previous && [...tracked.values()].some((t) => t.id === previous) ? previous : undefined;
        const serving = getEngine(unit.task.engine).mode === "serving";
        const startedAt = new Date();
        const submitted = await fx.run(sbatchArgv(unit, settings, {jobFile, outFile: outFile(unit.runId), serving, afterJob: after}));
        const id = submitted.stdout.trim().split(";")[0];
        if (!submitted.ok || !/^\d+$/.test(id)) {
          ready.push(jobFailureRecord(unit, ctx, {status: "client_failed", error: `sbatch failed: ${submitted.error ?? submitted.stdout.trim()}`, logTail: null, startedAt}));
          continue;
        }
        tracked.set(id, {unit, id, state: "PENDING", node: "", startedAt, missingPolls: 0, outFile: outFile(unit.runId).replace("%j", id)});
        lastJobOfTask.set(unit.task.id, id);
        ctx.onProgress({type: "step", unit, step: `submitted job ${id}`});
      }

      const cancelAll = async () => {
        const ids = [...tracked.keys()];
        if (ids.length) await fx.run(["scancel", ...ids]);
      };

      while (ready.length || tracked.size) {
        while (ready.length) {
          if (ctx.signal.aborted) break;
          const record = finish(ready.shift()!);
          ctx.onProgress({type: "end", unit: units.find((u) => u.runId === record.run_id)!, record});
          yielded.push(record);
          yield record;
          await rm(recordFile(record.run_id), {force: true});
        }
        if (ctx.signal.aborted) {
          await cancelAll();
          return;
        }
        if (!tracked.size) break;
        // By name, not by id: squeue refuses ids that have left the queue, names it simply does not list.
        const polled = await fx.run(["squeue", "-h", "-o", SQUEUE_FORMAT, `--name=${[...tracked.values()].map((t) => jobName(t.unit.runId)).join(",")}`]);
        if (!polled.ok) {
          await fx.sleep(settings.pollMs, ctx.signal); // a busy controller: ask again rather than give jobs up
          continue;
        }
        const inQueue = new Map(parseSqueue(polled.stdout).map((j) => [j.id, j]));
        for (const t of [...tracked.values()]) {
          const q = inQueue.get(t.id);
          if (q && LIVE_STATES.has(q.state)) {
            if (q.state !== t.state) ctx.onProgress({type: "step", unit: t.unit, step: `job ${t.id} ${q.state.toLowerCase()}${q.node ? ` on ${q.node}` : ""}`});
            t.state = q.state;
            t.node = q.node || t.node;
            continue;
          }
          const record = await readRecord(recordFile(t.unit.runId), t.unit.runId);
          if (record && typeof record !== "string") {
            tracked.delete(t.id);
            ready.push(record);
            continue;
          }
          const shown = await fx.run(["scontrol", "show", "job", t.id]);
          const info = shown.ok ? parseScontrol(shown.stdout) : {};
          const state = (info.JobState ?? q?.state ?? "UNKNOWN").toUpperCase();
          if (LIVE_STATES.has(state)) continue;
          // A record still on its way, or a controller that did not answer: wait a few polls before giving the run up.
          if ((state === "COMPLETED" || !shown.ok) && typeof record !== "string" && ++t.missingPolls <= RECORD_GRACE_POLLS) continue;
          tracked.delete(t.id);
          const node = info.NodeList && info.NodeList !== "(null)" ? info.NodeList : t.node;
          const why = typeof record === "string" ? record : `Slurm job ${t.id} ended ${state}${node ? ` on ${node}` : ""} without a run record`;
          ready.push(
            jobFailureRecord(t.unit, ctx, {
              status: state === "TIMEOUT" ? "timeout" : "client_failed",
              error: `${why}${info.Reason && info.Reason !== "None" ? ` (reason: ${info.Reason})` : ""}; job output: ${t.outFile}`,
              logTail: existsSync(t.outFile) ? (await readTail(t.outFile)) || null : null,
              startedAt: t.startedAt,
              environment: {slurm_job_id: t.id, ...(node ? {slurm_node: node} : {})}
            })
          );
        }
        if (!ready.length && tracked.size) await fx.sleep(settings.pollMs, ctx.signal);
      }
    }
  };
}

export const slurmExecutor: Executor = createSlurmExecutor();
