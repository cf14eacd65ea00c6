// vLLM's three benchmarks as engines. The server is the OpenAI API server module (present in every vLLM version the
// corpus covers); the benchmark is either the `vllm bench` CLI (option `client: "cli"`) or the legacy
// `benchmarks/benchmark_*.py` script of the version's own tree (`client: "script"`), each with its own result option.
// By default (`client: "auto"`) a version whose tree predates the CLI (vLLM before 2025: the study's 2024 commits)
// runs the tree's script, any other the CLI.
import {existsSync} from "node:fs";
import {basename, dirname, join} from "node:path";
import {vllmLatency} from "../../formats/vllm-latency.ts";
import {vllmServe} from "../../formats/vllm-serve.ts";
import {vllmThroughput} from "../../formats/vllm-throughput.ts";
import type {Format} from "../../formats/types.ts";
import type {ResolvedTask} from "../plan.ts";
import type {Engine, EngineContext} from "./index.ts";
import {parseWithFormat} from "./result.ts";
import {openAiCompletionSmoke} from "./openai-smoke.ts";

type Bench = "serve" | "throughput" | "latency";

/** Legacy script per benchmark, relative to the version's tree. */
const SCRIPTS: Record<Bench, string> = {
  serve: "benchmarks/benchmark_serving.py",
  throughput: "benchmarks/benchmark_throughput.py",
  latency: "benchmarks/benchmark_latency.py"
};
/** The formats (runners/formats/) that read each benchmark's result file: the same parsers ingest uses. */
const RESULT_FORMATS: Record<Bench, Format> = {serve: vllmServe, throughput: vllmThroughput, latency: vllmLatency};

/** Where a vLLM source tree holds the `vllm bench` subcommands (vllm-project/vllm #13993, early 2025). */
const CLI_BENCHMARK_DIR = "vllm/entrypoints/cli/benchmark";

/**
 * `client` engine option: the `vllm bench` CLI, or the version tree's legacy script; "auto" (the default) picks the
 * script for a tree that has it and not the CLI, else the CLI. Without a tree (lint, or an installed vLLM) auto is the CLI.
 */
export function vllmClient(task: ResolvedTask, tree?: string | null): "cli" | "script" {
  const client = task.options.client ?? "auto";
  if (client !== "cli" && client !== "script" && client !== "auto") {
    throw new Error(`task ${task.id}: options.client: expected "auto", "cli" or "script", found ${JSON.stringify(client)}`);
  }
  if (client !== "auto") return client;
  return tree && !existsSync(join(tree, CLI_BENCHMARK_DIR)) && existsSync(join(tree, SCRIPTS.serve)) ? "script" : "cli";
}

function benchProgram(bench: Bench, ctx: EngineContext): string[] {
  if (vllmClient(ctx.task, ctx.launch.tree) === "cli") return ["-m", "vllm.entrypoints.cli.main", "bench", bench];
  if (!ctx.launch.tree) throw new Error(`task ${ctx.task.id}: options.client "script" needs versions.${ctx.version}.tree`);
  return [join(ctx.launch.tree, SCRIPTS[bench])];
}

const versionArgv = () => ["-c", "import vllm; print(vllm.__version__)"];
/** Flag sets (runners/lint/flags/) of each benchmark: the CLI subcommand, or the legacy script. */
const LINT_TOOLS: Record<Bench, {cli: string; script: string}> = {
  serve: {cli: "vllm-bench-serve", script: "vllm-benchmark-serving"},
  throughput: {cli: "vllm-bench-throughput", script: "vllm-benchmark-throughput"},
  latency: {cli: "vllm-bench-latency", script: "vllm-benchmark-latency"}
};
const lintTool = (bench: Bench) => (task: ResolvedTask) => LINT_TOOLS[bench][vllmClient(task)];

export const vllmServeEngine: Engine = {
  name: "vllm-serve",
  mode: "serving",
  benchmarkMode: "serving",
  python: true,
  lintTool: lintTool("serve"),
  ownedFlags: ["--model", "--host", "--port", "--save-result", "--result-dir", "--result-filename", "--base-url"],
  serverArgv: (ctx) => [
    ...["-m", "vllm.entrypoints.openai.api_server", "--model", ctx.task.model],
    ...["--host", ctx.host, "--port", String(ctx.port)],
    ...ctx.serverArgs
  ],
  healthPath: "/health",
  smokeRequest: openAiCompletionSmoke,
  benchArgv: (ctx) => [
    ...benchProgram("serve", ctx),
    "--model",
    ctx.task.model,
    "--host",
    ctx.host,
    "--port",
    String(ctx.port),
    ...ctx.args,
    "--save-result",
    "--result-dir",
    dirname(ctx.resultPath),
    "--result-filename",
    basename(ctx.resultPath)
  ],
  parseResult: (text, ctx) => parseWithFormat(RESULT_FORMATS.serve, text, ctx),
  versionArgv
};

function offline(bench: "throughput" | "latency"): Engine {
  return {
    name: `vllm-${bench}`,
    mode: "offline",
    benchmarkMode: bench,
    python: true,
    lintTool: lintTool(bench),
    ownedFlags: ["--model", "--output-json"],
    benchArgv: (ctx) => [...benchProgram(bench, ctx), "--model", ctx.task.model, ...ctx.args, "--output-json", ctx.resultPath],
    parseResult: (text, ctx) => parseWithFormat(RESULT_FORMATS[bench], text, ctx),
    versionArgv
  };
}

export const vllmThroughputEngine = offline("throughput");
export const vllmLatencyEngine = offline("latency");
