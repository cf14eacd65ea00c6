// `benchbook run <plan>`: lint the plan, then execute it three ways into the warehouse with a progress display;
// Ctrl-C stops the running processes, keeps every finished run, and `--resume` continues where it stopped.
import {resolve} from "node:path";
import {CliError, InputError} from "../errors.ts";
import {formatFindings, lintPlan} from "../lint/lint.ts";
import {describeDryRun} from "../run/dry-run.ts";
import {EXECUTORS} from "../run/executors/index.ts";
import {loadPlan, type ResolvedPlan} from "../run/plan.ts";
import {Progress} from "../run/progress.ts";
import {planUnits, runOneUnit, runPlan} from "../run/runner.ts";
import {defaultWarehouse, writeFileAtomic} from "../warehouse/db.ts";
import {parseCommand, type CommandSpec} from "./args.ts";
import {EXIT_INTERRUPTED, whenInterrupted} from "./interrupt.ts";

export const spec: CommandSpec = {
  name: "run",
  summary: "Execute a benchmark plan three ways (baseline, human, agent) into the warehouse.",
  usage: "<plan.json|plan.yaml> [--warehouse <dir>] [--agent <name>] [--resume] [--dry-run] [--executor local]",
  positionals: {min: 1, max: 1, name: "<plan>"},
  options: {
    warehouse: {type: "string", value: "<dir>", description: "Warehouse to write (default: $BENCHBOOK_WAREHOUSE or data/warehouse)"},
    resume: {type: "boolean", description: "Skip runs already recorded under <warehouse>/runs/<plan>/"},
    "dry-run": {type: "boolean", description: "Lint the plan and print every command each run would execute; run nothing"},
    executor: {type: "string", value: "<name>", default: "local", description: `Where runs execute (${Object.keys(EXECUTORS).join(", ")})`},
    agent: {type: "string", value: "<name>", description: "Name of the agent whose patches the plan runs (measurements.agent)"},
    unit: {
      type: "string",
      value: "<run-id>",
      description: "Run only this run (<plan>.<task>.<version>.r<n>) and write its record to --record-out; for cluster jobs"
    },
    "record-out": {type: "string", value: "<file>", description: "With --unit: where the run's record (benchbook.run/v1 JSON) is written, atomically"}
  },
  details: `The plan is linted first (\`benchbook lint --plan\`); any error stops the run before anything starts.
Every finished run is written at once (runs/<plan>/<task>.<version>.json, then the warehouse tables), logs go to
<warehouse>/logs/<run-id>/. Ctrl-C stops the current run's processes; run again with --resume to continue.`
};

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand(spec, argv);
  if (!args) return 0;
  let plan;
  try {
    plan = await loadPlan(args.positionals[0]);
  } catch (error) {
    if (error instanceof InputError) throw new CliError(error.message);
    throw error;
  }
  const warehouse = resolve((args.values.warehouse as string | undefined) ?? defaultWarehouse());
  const executor = args.values.executor as string;
  if (!EXECUTORS[executor]) {
    const known = Object.keys(EXECUTORS).join(", ");
    throw new CliError(`benchbook run: --executor: unknown executor ${JSON.stringify(executor)} (known: ${known})`, {exitCode: 2});
  }
  const findings = lintPlan(plan);
  const errors = findings.filter((f) => f.severity === "error");
  if (findings.length) console.error(formatFindings(findings));
  const agent = (args.values.agent as string | undefined) ?? null;
  const unnamed = unnamedPatches(plan, agent);
  if (unnamed) console.error(unnamed);
  if (args.values["dry-run"]) {
    console.log(describeDryRun(plan, warehouse));
    return errors.length ? 1 : 0;
  }
  if (errors.length) throw new CliError(`benchbook run: the plan has ${errors.length} lint error(s); nothing was run`);
  if (args.values.unit !== undefined) {
    return runUnitCommand(plan, args.values.unit as string, args.values["record-out"] as string | undefined, warehouse, agent);
  }

  const stop = whenInterrupted("Interrupted: stopping the current run (Ctrl-C again to quit at once)…");
  const progress = new Progress(process.stderr, planUnits(plan).length);
  try {
    const summary = await runPlan(plan, {
      warehouse,
      resume: Boolean(args.values.resume),
      executor,
      agent,
      signal: stop.signal,
      onProgress: (event) => progress.event(event)
    }).catch((error) => {
      // A damaged group file found on --resume is the user's to look at, not a bug.
      throw error instanceof InputError ? new CliError(error.message) : error;
    });
    progress.stop();
    console.log(progress.summary(summary, warehouse));
    if (summary.interrupted) return EXIT_INTERRUPTED;
    return 0;
  } finally {
    progress.stop();
    stop.release();
  }
}

/** `--unit`: one run, its record to a file; exit 0 when it succeeded, 1 when it is a failure record, 130 if stopped. */
async function runUnitCommand(plan: ResolvedPlan, id: string, out: string | undefined, warehouse: string, agent: string | null) {
  if (!out) throw new CliError("benchbook run --unit: --record-out <file> is required", {exitCode: 2});
  const stop = whenInterrupted(null);
  try {
    const record = await runOneUnit(plan, id, {warehouse, agent, signal: stop.signal}).catch((error: Error) => {
      throw new CliError(`benchbook run --unit: ${error.message}`, {exitCode: 2});
    });
    if (!record) return EXIT_INTERRUPTED;
    await writeFileAtomic(resolve(out), `${JSON.stringify(record, null, 2)}\n`);
    console.log(`${record.run_id}: ${record.status}`);
    return record.status === "success" ? 0 : 1;
  } finally {
    stop.release();
  }
}

/**
 * The warning for a plan that applies agent patches while no --agent names whose they are: its agent runs are then no
 * agent's (measurements.agent null), like engine configurations, and analysis gives them no verdict. Null otherwise.
 */
export function unnamedPatches(plan: ResolvedPlan, agent: string | null): string | null {
  if (agent !== null) return null;
  const tasks = plan.tasks.filter((t) => t.versions.agent?.patch).map((t) => t.id);
  if (!tasks.length) return null;
  return (
    `benchbook run: warning: task(s) ${tasks.join(", ")} apply an agent patch, but no --agent names the agent: ` +
    `their agent runs will be recorded with no agent and get no verdict against the human's; pass --agent <name>`
  );
}
