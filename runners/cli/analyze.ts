// `benchbook analyze --warehouse <dir>`: one verdict per agent and commit, flags and failure classes, written into the
// warehouse (comparisons.parquet, flags.parquet, failures.parquet, summary.json).
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {CliError, InputError} from "../errors.ts";
import {analyzeWarehouse, type AnalysisResult} from "../analysis/analyze.ts";
import {DEFAULT_REGRESSION_THRESHOLD_PCT, DEFAULT_THRESHOLD_PCT} from "../analysis/config.ts";
import {EVALUABLE_CATEGORIES} from "../analysis/vocabulary.ts";
import {defaultWarehouse} from "../warehouse/db.ts";
import {numberOption, parseCommand, type CommandSpec} from "./args.ts";

/** Config file read from the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = "benchbook.config.json";

export const spec: CommandSpec = {
  name: "analyze",
  summary: "Compute one three-way verdict per agent and commit, flags and failure classes.",
  usage: "[--warehouse <dir>] [--threshold <pct>] [--regression-threshold <pct>] [--config <file>]",
  options: {
    warehouse: {type: "string", value: "<dir>", description: "Warehouse folder (default: $BENCHBOOK_WAREHOUSE or data/warehouse)"},
    threshold: {
      type: "string",
      value: "<pct>",
      description: `Agent vs human beyond ±pct is a win or a loss; ±pct itself is a match (default: ${DEFAULT_THRESHOLD_PCT}, or the config file's)`
    },
    "regression-threshold": {
      type: "string",
      value: "<pct>",
      description: `Human worse than baseline by more than pct raises suspicious_regression (default: ${DEFAULT_REGRESSION_THRESHOLD_PCT})`
    },
    config: {
      type: "string",
      value: "<file>",
      description: `Thresholds and per-commit primary metrics with reasons (default: ./${DEFAULT_CONFIG_FILE} when it exists)`
    }
  },
  details: `Writes comparisons.parquet (one row per agent and commit), flags.parquet, failures.parquet and summary.json
into the warehouse. Command-line thresholds win over the config file; see benchbook.config.example.json.

Example: benchbook analyze --warehouse data/warehouse --threshold 5`
};

function positive(name: string, v: number | undefined): number | undefined {
  if (v !== undefined && !(v > 0)) throw new CliError(`benchbook analyze: --${name}: expected a positive number, found ${v}`, {exitCode: 2});
  return v;
}

/** The one-paragraph report printed after a run. */
export function formatResult(result: AnalysisResult, warehouse: string): string {
  const lines = [`Analysed ${warehouse}: ${result.comparisons.length} comparisons, ${result.flags.length} flags, ${result.failures.length} failures.`];
  for (const [agent, s] of Object.entries(result.summary.agents)) {
    const cats = EVALUABLE_CATEGORIES.map((c) => `${c} ${s.categories[c].count}`).join(", ");
    const o = s.outcomes;
    lines.push(
      `  ${agent || "(no agent)"}: ${s.commits} commits, ${s.evaluable} evaluable (${cats}); win ${o.win.count}, match ${o.match.count}, loss ${o.loss.count}, failed ${o.failed.count}; ${s.unstable} unstable.`
    );
  }
  if (!Object.keys(result.summary.agents).length) {
    lines.push(
      result.summary.warehouse.commits
        ? "  No agent to judge: the agent versions here name no agent (engine configurations: see the engine tracker)."
        : "  Nothing to judge: no measurement names a commit."
    );
  }
  return lines.join("\n");
}

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand(spec, argv);
  if (!args) return 0;
  const warehouse = resolve((args.values.warehouse as string | undefined) ?? defaultWarehouse());
  const threshold = positive("threshold", numberOption(spec, args.values, "threshold"));
  const regressionThreshold = positive("regression-threshold", numberOption(spec, args.values, "regression-threshold"));
  const configPath = (args.values.config as string | undefined) ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  try {
    const started = performance.now();
    const result = await analyzeWarehouse({warehouse, threshold, regressionThreshold, configPath});
    console.log(`${formatResult(result, warehouse)}\n  (${((performance.now() - started) / 1000).toFixed(2)} s)`);
  } catch (error) {
    if (error instanceof InputError) throw new CliError(`benchbook analyze: ${error.message}`);
    throw error;
  }
  return 0;
}
