// `benchbook ingest <path>... --warehouse <dir>`: read result folders and files into the Parquet warehouse.
import {defaultWarehouse} from "../warehouse/db.ts";
import {formatSummary, ingestPaths, PARALLEL_MIN_FILES, type IngestProgress} from "../ingest/ingest.ts";
import {CliError} from "../errors.ts";
import {numberOption, parseCommand, type CommandSpec} from "./args.ts";
import {EXIT_INTERRUPTED, whenInterrupted} from "./interrupt.ts";

export const spec: CommandSpec = {
  name: "ingest",
  summary: "Read result folders and files into the Parquet warehouse (bad files are quarantined with a reason).",
  usage: "<path>... [--warehouse <dir>] [--agent <name>] [--run-set <name>] [--threads <n>]",
  positionals: {min: 1, name: "<path>"},
  options: {
    warehouse: {type: "string", value: "<dir>", description: "Warehouse folder (default: $BENCHBOOK_WAREHOUSE or data/warehouse)"},
    agent: {
      type: "string",
      value: "<name>",
      description: "Agent whose patches the agent measurements belong to (default: from the folder name, e.g. iso_bench_results_3way_claude_code → claude_code)"
    },
    "run-set": {type: "string", value: "<name>", description: "Run set name (default: the folder's name; needed for two folders of one name)"},
    force: {type: "boolean", description: "Parse files again even when their content hash is already in the warehouse"},
    threads: {
      type: "string",
      value: "<n>",
      description: `Threads that parse files (default: one per CPU from ${PARALLEL_MIN_FILES} files on, else 1)`
    },
    quiet: {type: "boolean", short: "q", description: "Print no progress bar"}
  },
  details: `Formats are recognised by content: Modal three-way runs, separate per-version files, docker verification and
re-runs, vLLM serve/throughput/latency result files, SGLang bench_serving JSONL, and every format registered in
runners/formats/index.ts. Re-running on the same inputs gives a byte-identical warehouse; files already ingested with
the same content are not read again, and a changed file replaces its own rows.

Example: benchbook ingest ../shared/isobench/claude_code --agent claude_code --warehouse data/warehouse`
};

/** Width of the progress bar in characters. */
const BAR_WIDTH = 30;
/** Redraw the bar at most this often (ms): redrawing per file would cost more than parsing small files. */
const REDRAW_MS = 100;

function progressBar(stream: NodeJS.WriteStream): (p: IngestProgress) => void {
  let last = 0;
  return ({done, total, file}) => {
    const now = Date.now();
    if (done < total && now - last < REDRAW_MS) return;
    last = now;
    const filled = total ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
    const name = file.length > 40 ? `…${file.slice(-39)}` : file;
    stream.write(`\r[${"#".repeat(filled)}${" ".repeat(BAR_WIDTH - filled)}] ${done}/${total} ${name}`.padEnd(100) + (done === total ? "\n" : ""));
  };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand(spec, argv);
  if (!args) return 0;
  const warehouse = (args.values.warehouse as string | undefined) ?? defaultWarehouse();
  const threads = numberOption(spec, args.values, "threads");
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new CliError(`benchbook ingest: --threads: expected a whole number ≥ 1, found ${threads}`, {exitCode: 2});
  }
  const onProgress = process.stderr.isTTY && !args.values.quiet ? progressBar(process.stderr) : undefined;
  // The bar's line says so while a commit writes; the bar draws over it when reading goes on.
  let writing = false;
  const onCommit = onProgress
    ? () => {
        writing = true;
        process.stderr.write(`\r${"Writing the warehouse…".padEnd(100)}`);
      }
    : undefined;
  // First Ctrl-C: finish the files being read and commit what was read; a second one exits at once.
  const stop = whenInterrupted("Stopping after the files being read (Ctrl-C again to quit without saving)…");
  const summary = await ingestPaths(args.positionals, {
    signal: stop.signal,
    warehouse,
    agent: args.values.agent as string | undefined,
    runSet: args.values["run-set"] as string | undefined,
    force: args.values.force === true,
    threads,
    onProgress,
    onCommit
  }).finally(() => {
    stop.release();
    if (writing) process.stderr.write("\n");
  });
  console.log(formatSummary(summary, warehouse));
  return summary.interrupted ? EXIT_INTERRUPTED : 0;
}
