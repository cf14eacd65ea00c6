// `benchbook run` without the CLI: orders a plan's runs (back to back or interleaved), skips what is recorded when
// resuming, hands the rest to an executor, and lands every finished run at once (group file, then warehouse rows,
// both atomic) so that Ctrl-C or a killed runner loses nothing already measured.
import {createHash} from "node:crypto";
import {readFile} from "node:fs/promises";
import {basename, dirname, join, resolve} from "node:path";
import {formatZodIssues, InputError, isEnoent} from "../errors.ts";
import {writeFileAtomic} from "../warehouse/db.ts";
import {appendToWarehouse, type Batch} from "../warehouse/writer.ts";
import {EXECUTORS, type ProgressEvent, type RunUnit} from "./executors/index.ts";
import type {ResolvedPlan, VersionName} from "./plan.ts";
import {VERSIONS} from "./plan.ts";
import {groupFile, RUN_GROUP_FORMAT, RunGroupSchema, runId, type RunGroup, type RunRecord} from "./record.ts";
import {groupRows} from "./run-format.ts";

/** The plan's runs in execution order: per task, B×r,H×r,A×r (back-to-back) or B,H,A repeated r times (interleaved). */
export function planUnits(plan: ResolvedPlan): RunUnit[] {
  const units: RunUnit[] = [];
  for (const task of plan.tasks) {
    const versions = VERSIONS.filter((v) => task.versions[v]);
    const unit = (version: VersionName, repeat: number): RunUnit => ({task, version, repeat, runId: runId(plan.name, task.id, version, repeat)});
    if (task.order === "interleaved") {
      for (let r = 1; r <= task.repeats; r++) for (const v of versions) units.push(unit(v, r));
    } else {
      for (const v of versions) for (let r = 1; r <= task.repeats; r++) units.push(unit(v, r));
    }
  }
  return units;
}

/** Reads a group file; null when absent. A damaged one is an InputError: the user must look before runs are redone. */
export async function readGroup(warehouse: string, plan: string, taskId: string, version: string): Promise<RunGroup | null> {
  const path = join(warehouse, groupFile(plan, taskId, version));
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isEnoent(error)) return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `not valid JSON (${(error as Error).message}); move it away to re-run these runs`);
  }
  const parsed = RunGroupSchema.safeParse(json, {reportInput: true});
  if (!parsed.success) {
    const why = formatZodIssues(path, parsed.error.issues);
    throw new InputError(path, `not a valid ${RUN_GROUP_FORMAT} file; move it away to re-run these runs\n${why}`);
  }
  return parsed.data;
}

/** The text of a group file (also what its sha256 is taken over). */
function groupText(group: RunGroup): string {
  return `${JSON.stringify(group, null, 2)}\n`;
}

/** The warehouse batch of one group file: its rows keyed by the file's path relative to the warehouse. */
export function groupBatch(group: RunGroup, runSet: string): Batch {
  const file = groupFile(group.plan, group.task_id, group.version);
  const sha256 = createHash("sha256").update(groupText(group)).digest("hex");
  const tables = groupRows(group, {path: file, folder: basename(dirname(file)), runSet, agent: group.runs[0]?.agent ?? null, sha256});
  return {file, file_sha256: sha256, run_set: runSet, tables};
}

/** Writes one group file atomically, then merges its rows into the warehouse (replacing the group's earlier rows). */
export async function landGroup(warehouse: string, group: RunGroup, runSet: string): Promise<void> {
  await writeFileAtomic(join(warehouse, groupFile(group.plan, group.task_id, group.version)), groupText(group));
  await appendToWarehouse(warehouse, [groupBatch(group, runSet)]);
}

export type RunOptions = {
  warehouse: string;
  resume?: boolean;
  executor?: string;
  agent?: string | null;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Called after each run is landed. */
  onLanded?: (record: RunRecord) => void;
};

export type RunSummary = {
  planned: number;
  skipped: number;
  recorded: RunRecord[];
  interrupted: boolean;
};

/** Executes a plan into the warehouse. */
export async function runPlan(plan: ResolvedPlan, options: RunOptions): Promise<RunSummary> {
  const warehouse = resolve(options.warehouse);
  const all = planUnits(plan);
  const groups = new Map<string, RunGroup>();
  const key = (taskId: string, version: string) => `${taskId}\u0000${version}`;
  if (options.resume) {
    for (const task of plan.tasks) {
      for (const version of VERSIONS) {
        const group = task.versions[version] ? await readGroup(warehouse, plan.name, task.id, version) : null;
        if (group) groups.set(key(task.id, version), group);
      }
    }
  }
  // A runner killed between writing a group file and merging its rows leaves the file ahead of the warehouse:
  // land every recorded group again (idempotent: a file's rows replace its earlier rows) before skipping its runs.
  if (groups.size) await appendToWarehouse(warehouse, [...groups.values()].map((g) => groupBatch(g, plan.name)));
  const done = new Set([...groups.values()].flatMap((g) => g.runs.map((r) => r.run_id)));
  const todo = all.filter((u) => !done.has(u.runId));
  const makeExecutor = EXECUTORS[options.executor ?? "local"];
  if (!makeExecutor) throw new Error(`unknown executor ${JSON.stringify(options.executor)} (known: ${Object.keys(EXECUTORS).join(", ")})`);
  const executor = await makeExecutor();
  const signal = options.signal ?? new AbortController().signal;
  const recorded: RunRecord[] = [];
  const records = executor.execute(todo, {
    plan,
    warehouse,
    batch: plan.name,
    agent: options.agent ?? null,
    signal,
    onProgress: options.onProgress ?? (() => {})
  });
  for await (const record of records) {
    const k = key(record.task_id, record.version);
    const previous = groups.get(k)?.runs.filter((r) => r.run_id !== record.run_id) ?? [];
    const group: RunGroup = {
      format: RUN_GROUP_FORMAT,
      plan: plan.name,
      task_id: record.task_id,
      version: record.version,
      runs: [...previous, record].sort((a, b) => a.repeat - b.repeat)
    };
    groups.set(k, group);
    await landGroup(warehouse, group, plan.name);
    recorded.push(record);
    options.onLanded?.(record);
  }
  return {planned: all.length, skipped: all.length - todo.length, recorded, interrupted: signal.aborted};
}

/**
 * Runs one unit of a plan by its run id and returns its record without touching the warehouse tables (logs still go
 * to `<warehouse>/logs/<run-id>/`). Cluster executors run this inside a job and land the record themselves.
 */
export async function runOneUnit(
  plan: ResolvedPlan,
  id: string,
  options: {warehouse: string; agent?: string | null; signal?: AbortSignal}
): Promise<RunRecord | null> {
  const unit = planUnits(plan).find((u) => u.runId === id);
  if (!unit) throw new Error(`plan ${plan.name} has no run ${JSON.stringify(id)} (run ids: <plan>.<task>.<version>.r<repeat>)`);
  const {runUnit} = await import("./run-unit.ts");
  return runUnit(unit, {
    plan,
    warehouse: resolve(options.warehouse),
    batch: plan.name,
    agent: options.agent ?? null,
    signal: options.signal ?? new AbortController().signal,
    onProgress: () => {},
    shared: new Map()
  });
}
