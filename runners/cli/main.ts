// The CLI dispatcher: one module per subcommand under runners/cli/, each exporting `spec` and `run(argv)`.
// Modules load lazily so `benchbook lint` does not pay for DuckDB or Framework.
import {CliError} from "../errors.ts";
import type {CommandSpec} from "./args.ts";

export type Command = {spec: CommandSpec; run: (argv: string[]) => Promise<number | void>};

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: Record<string, {summary: string; load: () => Promise<Command>}> = {
  ingest: {summary: "Read result folders into the Parquet warehouse", load: () => import("./ingest.ts")},
  score: {summary: "Score a predictions file (sandboxed code runs) into the warehouse", load: () => import("./score.ts")},
  analyze: {summary: "Compute three-way verdicts, flags and failure classes", load: () => import("./analyze.ts")},
  lint: {summary: "Check a benchmark command line before it runs", load: () => import("./lint.ts")},
  run: {summary: "Execute a benchmark plan three ways into the warehouse", load: () => import("./run.ts")},
  report: {summary: "Build the static report site", load: () => import("./report.ts")},
  dev: {summary: "Live preview of the report site", load: () => import("./dev.ts")}
};

export function formatMainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  return [
    "benchbook <command> [options]",
    "",
    "Notebook-style analysis of LLM-inference benchmarks: ingest results, compare baseline/human/agent, publish a report.",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    "",
    "Run `benchbook <command> --help` for a command's options."
  ].join("\n");
}

/** Runs the CLI; returns the exit code. CliErrors print one line, anything else a stack. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(formatMainHelp());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  try {
    if (!entry) throw new CliError(`benchbook: unknown command ${JSON.stringify(name)}\n\n${formatMainHelp()}`, {exitCode: 2});
    const command = await entry.load();
    return (await command.run(rest)) ?? 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(process.stderr.isTTY ? `\x1b[31m${error.message}\x1b[0m` : error.message);
      return error.exitCode;
    }
    console.error(error);
    console.error("This is a bug in BenchBook; please report it with the command you ran.");
    return 1;
  }
}
