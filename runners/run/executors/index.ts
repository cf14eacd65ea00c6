// Where runs execute. An executor takes the runs still to do, in plan order, and yields each run's record as it
// finishes; the orchestrator (runners/run/runner.ts) writes every record before looking at the next one. `local`
// runs them one after another on this machine; a cluster executor (Slurm) submits them and yields as jobs finish.
import type {ResolvedPlan, ResolvedTask, VersionName} from "../plan.ts";
import type {RunRecord} from "../record.ts";

/** One (task, version, repeat). */
export type RunUnit = {task: ResolvedTask; version: VersionName; repeat: number; runId: string};

/** What the orchestrator tells an executor while it works. */
export type ProgressEvent =
  | {type: "start"; unit: RunUnit; index: number; total: number}
  | {type: "step"; unit: RunUnit; step: string}
  | {type: "end"; unit: RunUnit; record: RunRecord};

export type ExecutorContext = {
  plan: ResolvedPlan;
  /** Absolute warehouse folder: logs go to `logs/<run-id>/`, records to `runs/<plan>/`, trees to `work/`. */
  warehouse: string;
  /** `measurements.batch` of this plan run. */
  batch: string;
  /** Name of the agent whose patches the plan runs (`measurements.agent`), if known. */
  agent: string | null;
  /** Aborted on Ctrl-C: stop what is running, yield nothing more. */
  signal: AbortSignal;
  onProgress: (event: ProgressEvent) => void;
};

export interface Executor {
  name: string;
  /**
   * Executes `units` and yields one record per finished run. Benchmark failures are records, never exceptions.
   * When ctx.signal aborts, stop running processes (or cancel jobs) and return without yielding the interrupted runs.
   */
  execute(units: RunUnit[], ctx: ExecutorContext): AsyncIterable<RunRecord>;
}

/** The registry of `--executor` values; the Slurm executor adds itself here with one line. */
export const EXECUTORS: Record<string, () => Promise<Executor>> = {
  local: async () => (await import("./local.ts")).localExecutor,
  slurm: async () => (await import("./slurm.ts")).slurmExecutor
};
