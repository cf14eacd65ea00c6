// `benchbook lint <perf_command>` / `--plan <file>`: check benchmark command lines before anything runs; exit 1
// when there is an error (with --strict, also on warnings). `--json` prints the findings for machines.
import {CliError, InputError} from "../errors.ts";
import {countBySeverity, formatFindings, type Finding} from "../lint/findings.ts";
import {lintCommand, lintPlan} from "../lint/lint.ts";
import {loadPlan} from "../run/plan.ts";
import {parseCommand, type CommandSpec} from "./args.ts";

export const spec: CommandSpec = {
  name: "lint",
  summary: "Check a benchmark command line (or every task of a plan) before it runs.",
  usage: "'<perf_command>' | --plan <file> [--json] [--strict]",
  positionals: {min: 0, name: "<perf_command>"},
  options: {
    plan: {type: "string", value: "<file>", description: "Lint every task of a plan (JSON or YAML)"},
    json: {type: "boolean", description: "Print the findings as JSON"},
    strict: {type: "boolean", description: "Exit 1 on warnings too"}
  },
  details: `Quote the command, or put it after --:  benchbook lint -- python benchmarks/benchmark_serving.py --model m
Flags are checked against each tool's own argument parser (runners/lint/flags/, each file names its source):
vllm bench serve|throughput|latency, benchmarks/benchmark_{serving,throughput,latency}.py, sglang.bench_serving,
llama-bench. Nothing is executed.`
};

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand(spec, argv);
  if (!args) return 0;
  const planFile = args.values.plan as string | undefined;
  const command = args.positionals.join(" ").trim();
  if (!planFile && !command) throw new CliError(`benchbook lint: give a command line or --plan <file>\nUsage: benchbook lint ${spec.usage}`, {exitCode: 2});
  if (planFile && command) throw new CliError("benchbook lint: give either a command line or --plan, not both", {exitCode: 2});
  let findings: Finding[];
  let report: unknown;
  let header: string;
  if (planFile) {
    let plan;
    try {
      plan = await loadPlan(planFile);
    } catch (error) {
      if (error instanceof InputError) throw new CliError(error.message);
      throw error;
    }
    findings = lintPlan(plan);
    header = `plan ${plan.name} (${plan.tasks.length} task${plan.tasks.length === 1 ? "" : "s"})`;
    report = {plan: plan.file, findings};
  } else {
    const result = lintCommand(command);
    findings = result.findings;
    header = `${result.label ?? "unknown tool"}${result.source ? ` — flags from ${result.source}` : ""}`;
    report = result;
  }
  const counts = countBySeverity(findings);
  const failed = counts.error > 0 || (Boolean(args.values.strict) && counts.warning > 0);
  if (args.values.json) {
    console.log(JSON.stringify({ok: !failed, counts, ...(report as object)}, null, 2));
  } else {
    console.log(header);
    if (findings.length) console.log(formatFindings(findings));
    console.log(`${counts.error} error(s), ${counts.warning} warning(s)${failed ? "" : " — OK"}`);
  }
  return failed ? 1 : 0;
}
