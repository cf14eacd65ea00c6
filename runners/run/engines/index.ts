// What an engine is to the runner: how to build the argv of its server and benchmark for one version, whether it
// serves (server + client) or runs offline, and how its result file becomes metrics. Engines are pure argv builders
// and parsers; starting processes, timeouts and logs are the executor's job (runners/run/steps.ts).
import type {EngineName, Launch, ResolvedTask, VersionName} from "../plan.ts";
import {commandEngine} from "./command.ts";
import {llamaBenchEngine} from "./llama-bench.ts";
import {sglangServeEngine} from "./sglang.ts";
import {torchEngine} from "./torch.ts";
import {vllmLatencyEngine, vllmServeEngine, vllmThroughputEngine} from "./vllm.ts";

/** Everything an engine needs to build argv for one (task, version, repeat). */
export type EngineContext = {
  task: ResolvedTask;
  version: VersionName;
  launch: Launch;
  repeat: number;
  runId: string;
  /** `<warehouse>/logs/<run-id>`: logs and result files of this run. */
  runDir: string;
  /** Where the benchmark must write its result (engines pass it with the tool's own option). */
  resultPath: string;
  host: string;
  port: number;
  /** The task's benchmark arguments, tokenized (never through a shell). */
  args: string[];
  serverArgs: string[];
};

/** One metric value in the catalogue's vocabulary (runners/model/metrics.ts). */
export type MetricValue = {metric: string; value: number; unit: string; better: string};

/** What a run actually executed, read back from the result file (compared with what the plan declared). */
export type ExecutedConfig = Partial<{
  model: string;
  dataset_name: string;
  input_len: number;
  output_len: number;
  num_prompts: number;
  request_rate: number;
  max_concurrency: number;
  benchmark_mode: string;
}>;

export type EngineOutput = {metrics: MetricValue[]; executed: ExecutedConfig; warnings: string[]};

export interface Engine {
  name: EngineName;
  /** serving: start a server, wait until ready, smoke-test it, run a client against it. offline: run one program. */
  mode: "serving" | "offline";
  /** `measurements.benchmark_mode` for its rows (serving, throughput, latency, sweep …). */
  benchmarkMode: string;
  /** Which flag set of runners/lint/flags/ the task's `args` are checked against (undefined: not linted). */
  lintTool?(task: ResolvedTask): string | undefined;
  /** Flags the runner sets itself (model, host, port, result file); a task must not repeat them in `args`. */
  ownedFlags: string[];
  /** serving: argv of the server, appended to the version's prefix. */
  serverArgv?(ctx: EngineContext): string[];
  /** serving: readiness endpoint polled until it answers 200. */
  healthPath?: string;
  /** serving: one OpenAI completions request sent after readiness; the run fails if it does not answer. */
  smokeRequest?(ctx: EngineContext): {path: string; body: Record<string, unknown>};
  /** argv of the benchmark (the client when serving), appended to the version's prefix; it writes ctx.resultPath. */
  benchArgv(ctx: EngineContext): string[];
  /** true when the benchmark prints its result on stdout instead of writing a file (llama-bench -o json). */
  resultOnStdout?: boolean;
  /** Parses the result file's text into metrics; throws when it is not a result of this engine. */
  parseResult(text: string, ctx: EngineContext): EngineOutput;
  /** argv (after the prefix) printing the engine's version on stdout; undefined when it cannot be asked. */
  versionArgv?(ctx: EngineContext): string[] | undefined;
  /** true when the prefix is a Python interpreter (Python and torch versions are captured). */
  python: boolean;
}

/** The registry; the torch engine adds itself here with one line. */
export const ENGINES: Partial<Record<EngineName, Engine>> = {
  "vllm-serve": vllmServeEngine,
  "vllm-throughput": vllmThroughputEngine,
  "vllm-latency": vllmLatencyEngine,
  "sglang-serve": sglangServeEngine,
  "llama-bench": llamaBenchEngine,
  torch: torchEngine,
  command: commandEngine
};

/** Looks an engine up; throws naming the known engines when it is missing. */
export function getEngine(name: EngineName): Engine {
  const engine = ENGINES[name];
  if (!engine) throw new Error(`engine ${JSON.stringify(name)} is not available (known: ${Object.keys(ENGINES).join(", ")})`);
  return engine;
}
