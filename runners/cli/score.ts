// `benchbook score`: scores a predictions JSONL file (BenchBook's own format) into the warehouse, running code samples
// in the sandbox one process each. Long runs show progress, stop cleanly on Ctrl-C and resume where they stopped
// (finished samples are kept in a progress file next to the warehouse until the tables are written).
import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {appendFile, mkdir, readFile, rm} from "node:fs/promises";
import {basename, dirname, join, resolve} from "node:path";
import {CliError} from "../errors.ts";
import {resolveKernel} from "../eval/kernels.ts";
import {figuresFromLog} from "../eval/vllm-figures.ts";
import {predictionRows, readPredictions, type PredictionLine} from "../eval/predictions.ts";
import {skippedRows} from "../formats/skipped.ts";
import {scorePrediction, type SampleScore} from "../eval/score.ts";
import {trustFlags, type ScoreFacts} from "../eval/trust.ts";
import {sandboxUnavailable} from "../eval/sandbox.ts";
import {defaultWarehouse} from "../warehouse/db.ts";
import {PREDICTIONS} from "../formats/predictions.ts";
import {appendToWarehouse} from "../warehouse/writer.ts";
import {numberOption, parseCommand, type CommandSpec} from "./args.ts";
import {EXIT_INTERRUPTED, whenInterrupted} from "./interrupt.ts";

export const spec: CommandSpec = {
  name: "score",
  summary: "Score a predictions JSONL file (GSM8K, multiple choice, code in a sandbox, function calls) into the warehouse",
  usage: "<predictions.jsonl> [--warehouse <dir>] [--model <name>] [--preset <name>] [--vllm-log <file>]",
  positionals: {min: 1, max: 1, name: "<predictions.jsonl>"},
  options: {
    warehouse: {
      type: "string",
      value: "<dir>",
      description: "Warehouse to write eval_runs/evals/eval_samples into (default: $BENCHBOOK_WAREHOUSE or data/warehouse)"
    },
    model: {type: "string", value: "<name>", description: "Model name for every prediction (else each line's `model`)"},
    preset: {type: "string", value: "<name>", description: "Serving preset (performance, balanced, memory …; else each line's `preset`)"},
    "few-shot": {type: "string", value: "<n>", description: "Few-shot examples the prompts used (else each line's `few_shot`)"},
    quantization: {type: "string", value: "<method>", description: "Quantization the server was asked for (awq, awq_marlin …)"},
    "vllm-log": {
      type: "string",
      value: "<file>",
      description: "vLLM server log: the kernel it selected, weights memory and generation throughput are read from it"
    },
    "memory-gb": {type: "string", value: "<GB>", description: "GPU memory the run used (overrides the log's weights memory)"},
    throughput: {type: "string", value: "<tok/s>", description: "Output throughput of the run (overrides the log's mean generation throughput)"},
    "gpu-util": {type: "string", value: "<percent>", description: "GPU utilisation during the run"},
    "run-set": {type: "string", value: "<name>", description: "Run set (default: the predictions file's folder name, as ingest names it)"},
    timeout: {type: "string", value: "<seconds>", default: "10", description: "Wall-clock limit per code sample"},
    restart: {type: "boolean", description: "Ignore progress saved by an interrupted run and score every sample again"}
  },
  details: `Code samples run as Debian's python3 in fresh network/PID/mount namespaces, as an unprivileged user, under CPU,
memory, process-count and file-size limits, in a throw-away directory (runners/eval/sandbox.ts). If the sandbox
cannot be set up, code samples are recorded as not run (status sandbox_error), never run unsandboxed.
Scoring the same file again replaces its rows (also rows \`benchbook ingest\` wrote for it, which leave code unscored).`
};

type Done = {line: number; score: SampleScore};

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand(spec, argv);
  if (!args) return 0;
  const input = resolve(args.positionals[0]);
  if (!existsSync(input)) throw new CliError(`benchbook score: ${args.positionals[0]}: no such file`);
  const warehouse = resolve((args.values.warehouse as string | undefined) ?? defaultWarehouse());
  const fewShot = numberOption(spec, args.values, "few-shot");
  const timeoutS = numberOption(spec, args.values, "timeout") ?? 10;
  if (fewShot !== undefined && (!Number.isInteger(fewShot) || fewShot < 0)) {
    throw new CliError(`benchbook score: --few-shot: expected a whole number ≥ 0, found ${fewShot}`, {exitCode: 2});
  }
  if (!(timeoutS > 0)) throw new CliError(`benchbook score: --timeout: expected seconds > 0, found ${timeoutS}`, {exitCode: 2});
  const logPath = args.values["vllm-log"] as string | undefined;
  if (logPath && !existsSync(logPath)) throw new CliError(`benchbook score: --vllm-log ${logPath}: no such file`);

  const bytes = await readFile(input);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const ctx = {path: basename(input), runSet: (args.values["run-set"] as string | undefined) ?? basename(dirname(input)), sha256};
  const {lines, skipped} = readPredictions(bytes.toString("utf8"));
  for (const s of skipped) console.error(`skipped: ${args.positionals[0]}:${s.line}: ${s.reason}`);
  if (!lines.length) throw new CliError(`benchbook score: ${args.positionals[0]}: no valid prediction lines`);
  const sandbox = sandboxUnavailable();
  if (sandbox) console.error(`warning: code samples will not be run: ${sandbox}`);

  // Progress of an interrupted run of this exact file content.
  const progressPath = join(warehouse, ".score-progress", `${sha256}.jsonl`);
  const done = new Map<number, SampleScore>();
  if (args.values.restart) await rm(progressPath, {force: true});
  else if (existsSync(progressPath)) {
    for (const raw of (await readFile(progressPath, "utf8")).split("\n")) {
      if (!raw.trim()) continue;
      try {
        const d = JSON.parse(raw) as Done;
        done.set(d.line, d.score);
      } catch {
        // a line cut by the interruption: that sample is scored again
      }
    }
    if (done.size) console.error(`resuming: ${done.size} of ${lines.length} samples already scored`);
  }
  await mkdir(dirname(progressPath), {recursive: true});

  const stop = whenInterrupted("interrupted: finishing the current sample, then stopping (run the same command again to resume)");
  const scored: Array<PredictionLine & {score: SampleScore}> = [];
  const started = Date.now();
  let lastReport = 0;
  try {
    for (const [i, l] of lines.entries()) {
      if (stop.signal.aborted) break;
      let score = done.get(l.line);
      if (!score) {
        score = await scorePrediction(l.p, {timeoutMs: timeoutS * 1000});
        await appendFile(progressPath, JSON.stringify({line: l.line, score} satisfies Done) + "\n");
      }
      scored.push({...l, score});
      if (Date.now() - lastReport > 1000 || i === lines.length - 1) {
        lastReport = Date.now();
        const correct = scored.filter((s) => s.score.correct).length;
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        process.stderr.write(`\rscored ${scored.length}/${lines.length} (${correct} correct, ${seconds} s)   `);
      }
    }
  } finally {
    stop.release();
    process.stderr.write("\n");
  }
  if (stop.signal.aborted) {
    console.error(`stopped after ${scored.length} of ${lines.length} samples; progress kept in ${progressPath}`);
    return EXIT_INTERRUPTED;
  }

  const log = logPath ? await readFile(logPath, "utf8") : "";
  const kernel = resolveKernel(args.values.quantization as string | undefined, log);
  const fromLog = figuresFromLog(log);
  const memory = numberOption(spec, args.values, "memory-gb") ?? fromLog.weights_memory_gb;
  const memoryFromLog = args.values["memory-gb"] === undefined && fromLog.weights_memory_gb !== null;
  const throughputFromLog = args.values.throughput === undefined && fromLog.generation_tok_s !== null;
  const notes = [
    memoryFromLog ? "memory: model weights per the vLLM log (KV cache not included)" : null,
    throughputFromLog ? `throughput: mean of ${fromLog.throughput_samples} vLLM generation-throughput log lines` : null
  ];
  const system = {
    memory_used_gb: memory,
    throughput_tok_s: numberOption(spec, args.values, "throughput") ?? fromLog.generation_tok_s,
    gpu_util_pct: numberOption(spec, args.values, "gpu-util") ?? null,
    note: notes.filter(Boolean).join("; ") || null
  };
  const rows = predictionRows(ctx, PREDICTIONS, scored, {
    model: args.values.model as string | undefined,
    preset: args.values.preset as string | undefined,
    few_shot: fewShot,
    quantization: args.values.quantization as string | undefined,
    kernel,
    system
  });
  // The skipped lines stay in sight in the warehouse, as ingest keeps them.
  const tables = {...rows, data_quality: skippedRows(ctx, skipped)};
  await appendToWarehouse(warehouse, [{file: ctx.path, file_sha256: sha256, run_set: ctx.runSet, tables}]);
  await rm(progressPath, {force: true});
  console.log(formatSummary(tables));
  return 0;
}

/** The scores just written, with their interval and every trust flag, as text for the terminal. */
export function formatSummary(tables: ReturnType<typeof predictionRows>): string {
  const run = new Map(tables.eval_runs.map((r) => [r.run_id, r]));
  const facts = tables.evals.map((e) => ({
    ...(e as unknown as ScoreFacts),
    kernel_selected: (run.get(e.run_id)?.kernel_selected as string | null) ?? null,
    kernel_fast_available: (run.get(e.run_id)?.kernel_fast_available as string | null) ?? null
  }));
  const flags = trustFlags(facts);
  const pct = (x: unknown) => (typeof x === "number" ? `${(x * 100).toFixed(1)}%` : "–");
  const lines: string[] = [];
  for (const e of tables.evals) {
    const r = run.get(e.run_id);
    const ci = `95% CI ${pct(e.ci_low)}–${pct(e.ci_high)}`;
    lines.push(`${r?.run_label ?? ""} · ${e.dataset}: ${pct(e.score)} on n = ${e.n ?? "?"} (${ci}; extraction ${pct(e.extraction_rate)})`);
    for (const f of flags.get(String(e.eval_id)) ?? []) lines.push(`  [${f.severity}] ${f.message}`);
  }
  return lines.join("\n");
}
