// The configuration a `perf_command` declares (model, dataset, lengths, prompts, rate), read from its flags with the
// shell-like tokenizer: compared with the executed configuration from the log, it shows when what ran was not what
// was asked for (299ebb62 declares 1000/100 tokens, ran 512/128).
import type {Workload} from "../model/measurement.ts";
import {recentMemo} from "../recent-memo.ts";
import {parseFlags, tokenize, TokenizeError, type ShellCommand} from "./tokenize.ts";

/** Benchmark entry points whose flags we read, and which kind of benchmark each is. */
export const BENCHMARK_TOOLS: {pattern: RegExp; tool: BenchmarkTool}[] = [
  {pattern: /benchmark_serving\.py$/, tool: "serve"},
  {pattern: /benchmark_throughput\.py$/, tool: "throughput"},
  {pattern: /benchmark_latency\.py$/, tool: "latency"},
  {pattern: /benchmark_prefix_caching\.py$/, tool: "prefix_caching"},
  {pattern: /bench_serving(\.py)?$/, tool: "serve"}
];
export type BenchmarkTool = "serve" | "throughput" | "latency" | "prefix_caching";

export type DeclaredConfig = Workload & {
  tool: BenchmarkTool | null;
  model: string | null;
  /** Environment prefixes of the benchmark command (`VLLM_USE_V1=1 vllm bench serve …`). */
  env: Record<string, string>;
};

const EMPTY: Readonly<DeclaredConfig> = Object.freeze({
  tool: null,
  model: null,
  dataset_name: null,
  input_len: null,
  output_len: null,
  num_prompts: null,
  request_rate: null,
  max_concurrency: null,
  env: Object.freeze({})
});

/** Finds the benchmark invocation among the commands of a line (`vllm bench serve`, `python benchmarks/…py`). */
export function findBenchmarkCommand(commands: ShellCommand[]): {command: ShellCommand; tool: BenchmarkTool; args: string[]} | null {
  for (const command of commands) {
    const {argv} = command;
    for (let k = 0; k < argv.length; k++) {
      // `vllm bench serve|throughput|latency`
      if (/(^|\/)vllm$/.test(argv[k]) && argv[k + 1] === "bench" && argv[k + 2]) {
        const sub = argv[k + 2];
        const tool = sub === "serve" || sub === "throughput" || sub === "latency" ? sub : null;
        if (tool) return {command, tool, args: argv.slice(k + 3)};
      }
      const hit = BENCHMARK_TOOLS.find((t) => t.pattern.test(argv[k]));
      if (hit) return {command, tool: hit.tool, args: argv.slice(k + 1)};
    }
  }
  return null;
}

function intFlag(v: string | true | undefined): number | null {
  if (typeof v !== "string" || !/^\d+$/.test(v)) return null;
  return Number(v);
}
function numFlag(v: string | true | undefined): number | null {
  if (typeof v !== "string") return null;
  if (/^[+-]?inf$/i.test(v)) return v.startsWith("-") ? -Infinity : Infinity;
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) ? n : null;
}

/** The declared configuration of a perf_command; fields it does not state are null (never guessed). */
export function declaredConfig(perfCommand: string | null | undefined): Readonly<DeclaredConfig> {
  return perfCommand ? declaredOf(perfCommand) : EMPTY;
}

/** The three versions of a commit declare the same command (see recent-memo.ts). */
const declaredOf = recentMemo(parseDeclared);

function parseDeclared(perfCommand: string): DeclaredConfig {
  let commands: ShellCommand[];
  try {
    commands = tokenize(perfCommand).commands;
  } catch (error) {
    if (error instanceof TokenizeError) return EMPTY;
    throw error;
  }
  const found = findBenchmarkCommand(commands);
  if (!found) return EMPTY;
  const {flags} = parseFlags(found.args);
  const get = (...names: string[]) => names.map((n) => flags.get(n)).find((v) => v !== undefined);
  const model = get("model");
  const dataset = get("dataset-name", "dataset");
  return {
    tool: found.tool,
    model: typeof model === "string" ? model : null,
    dataset_name: typeof dataset === "string" ? dataset : null,
    input_len: intFlag(get("random-input-len", "input-len", "sonnet-input-len", "random-input")),
    output_len: intFlag(get("random-output-len", "output-len", "sonnet-output-len", "sharegpt-output-len", "random-output")),
    num_prompts: intFlag(get("num-prompts", "batch-size")),
    request_rate: numFlag(get("request-rate")),
    max_concurrency: intFlag(get("max-concurrency")),
    env: found.command.env
  };
}
