// `benchbook run <plan>`: lint the plan, then execute it three ways into the warehouse with a progress display;
// Ctrl-C stops the running processes, keeps every finished run, and `--resume` continues where it stopped.
import {resolve} from "node:path";
import {CliError, InputError} from "../errors.ts";
import {defaultWarehouse} from "../warehouse/db.ts";
import {lintPlan, formatFindings} from "../lint/lint.ts";
import {EXECUTORS} from "../run/executors/index.ts";
import {describeDryRun} from "../run/dry-run.ts";
import {loadPlan} from "../run/plan.ts";
import {Progress} from "../run/progress.ts";
import {planUnits, runPlan} from "../run/runner.ts";
import {parseCommand, type CommandSpec} from "./args.ts";

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

export const spec: CommandSpec = {
  name: "run",
  summary: "Execute a benchmark plan three ways (baseline, human, agent) into the warehouse.",
  usage: "<plan.json|plan.yaml> [--warehouse <dir>] [--resume] [--dry-run] [--executor local]",
  positionals: {min: 1, max: 1, name: "<plan>"},
  options: {
    warehouse: {type: "string", value: "<dir>", description: "Warehouse to write (default: $BENCHBOOK_WAREHOUSE or data/warehouse)"},
    resume: {type: "boolean", description: "Skip runs already recorded under <warehouse>/runs/<plan>/"},
    "dry-run": {type: "boolean", description: "Lint the plan and print every command each run would execute; run nothing"},
    executor: {type: "string", value: "<name>", default: "local", description: `Where runs execute (${Object.keys(EXECUTORS).join(", ")})`},
    agent: {type: "string", value: "<name>", description: "Name of the agent whose patches the plan runs (measurements.agent)"}
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
  if (!EXECUTORS[executor]) throw new CliError(`benchbook run: --executor: unknown executor ${JSON.stringify(executor)} (known: ${Object.keys(EXECUTORS).join(", ")})`, {exitCode: 2});
  const findings = lintPlan(plan);
  const errors = findings.filter((f) => f.severity === "error");
  if (findings.length) console.error(formatFindings(findings));
  if (args.values["dry-run"]) {
    console.log(describeDryRun(plan, warehouse));
    return errors.length ? 1 : 0;
  }
  if (errors.length) throw new CliError(`benchbook run: the plan has ${errors.length} lint error(s); nothing was run`);

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
    console.error("\nInterrupted: stopping the current run (Ctrl-C again to quit at once)…");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  const progress = new Progress(process.stderr, planUnits(plan).length);
  try {
    const summary = await runPlan(plan, {
      warehouse,
      resume: Boolean(args.values.resume),
      executor,
      agent: (args.values.agent as string | undefined) ?? null,
      signal: controller.signal,
      onProgress: (event) => progress.event(event)
    });
    progress.stop();
    console.log(progress.summary(summary, warehouse));
    if (summary.interrupted) return EXIT_INTERRUPTED;
    return 0;
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
}
