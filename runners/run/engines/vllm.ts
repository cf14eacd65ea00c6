// vLLM's three benchmarks as engines. The server is the OpenAI API server module (present in every vLLM version the
// corpus covers); the benchmark is either the `vllm bench` CLI (option `client: "cli"`, the default) or the legacy
// `benchmarks/benchmark_*.py` script of the version's own tree (`client: "script"`), each with its own result option.
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

/** `client` engine option: the `vllm bench` CLI, or the version tree's legacy script. */
export function vllmClient(task: ResolvedTask): "cli" | "script" {
  const client = task.options.client ?? "cli";
  if (client !== "cli" && client !== "script") {
    throw new Error(`task ${task.id}: options.client: expected "cli" or "script", found ${JSON.stringify(client)}`);
  }
  return client;
}

function benchProgram(bench: Bench, ctx: EngineContext): string[] {
  if (vllmClient(ctx.task) === "cli") return ["-m", "vllm.entrypoints.cli.main", "bench", bench];
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
