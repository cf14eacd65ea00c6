// The configuration a `perf_command` declares (model, dataset, lengths, prompts, rate), read from its flags with the
// shell-like tokenizer: compared with the executed configuration from the log, it shows when what ran was not what
// was asked for (299ebb62 declares 1000/100 tokens, ran 512/128).
import type {Workload} from "../model/measurement.ts";
import {recentMemo} from "../recent-memo.ts";
import {LENGTH_DESTS, lengthsOf} from "./dataset-lengths.ts";
import {normalizeFlag, parseFlags, tokenize, TokenizeError, type ShellCommand} from "./tokenize.ts";

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
  let tokenized: ReturnType<typeof tokenize>;
  try {
    tokenized = tokenize(perfCommand);
  } catch (error) {
    if (error instanceof TokenizeError) return EMPTY;
    throw error;
  }
  const found = findBenchmarkCommand(tokenized.commands);
  if (!found) {
    // `bash -c '… vllm bench serve …'`: the benchmark is in the script the shell is given.
    const script = tokenized.commands.map(shellScript).find((s) => s !== null);
    return script ? declaredOf(script) : EMPTY;
  }
  const flags = withAbbreviations(parseFlags(found.args).flags);
  // A value still holding a shell variable (`--model "$MODEL"`) says nothing about what ran.
  const unexpanded = new Set(tokenized.unexpanded);
  const get = (...names: string[]) => {
    const v = names.map((n) => flags.get(n)).find((x) => x !== undefined);
    return typeof v === "string" && (unexpanded.has(v) || v.includes("$")) ? undefined : v;
  };
  const model = get("model");
  const named = get("dataset-name");
  // The deprecated `--dataset <path>` of older scripts named a ShareGPT file, not a dataset.
  const dataset = typeof named === "string" ? named : typeof get("dataset") === "string" ? "sharegpt" : null;
  return {
    tool: found.tool,
    model: typeof model === "string" ? model : null,
    dataset_name: dataset,
    ...lengthsOf(dataset, (dest) => intFlag(get(normalizeFlag(dest)))),
    num_prompts: intFlag(get("num-prompts", "batch-size")),
    request_rate: numFlag(get("request-rate")),
    max_concurrency: intFlag(get("max-concurrency")),
    env: found.command.env
  };
}

/** The script of `sh -c '…'` / `bash -lc '…'` (also behind a wrapper: `docker exec box bash -lc '…'`), or null. */
function shellScript(command: ShellCommand): string | null {
  const {argv} = command;
  for (let k = 0; k + 2 < argv.length; k++) {
    if (/(^|\/)(ba|z|da)?sh$/.test(argv[k]) && /^-[a-z]*c[a-z]*$/.test(argv[k + 1])) return argv[k + 2];
  }
  return null;
}

/** Shortest prefix taken for a flag: the tools define short options of their own (`--n`, `--seed`). */
const MIN_ABBREVIATION = 6;

/** The flags declaredConfig reads, as argparse spells them. */
const READ_FLAGS = ["model", "dataset-name", "dataset", "num-prompts", "batch-size", "request-rate", "max-concurrency", ...LENGTH_DESTS.map(normalizeFlag)];

/**
 * argparse takes an unambiguous prefix of a long option (SGLang's own usage line says `--num-prompt 10`, scripts say
 * `--random-input 1024`): such a flag counts as the one flag read here that it is a prefix of.
 */
function withAbbreviations(flags: Map<string, string | true>): Map<string, string | true> {
  const out = new Map(flags);
  for (const [name, value] of flags) {
    // Short options the tools define whole (`--n` of vllm throughput) are no prefixes of these.
    if (READ_FLAGS.includes(name) || name.length < MIN_ABBREVIATION) continue;
    const full = READ_FLAGS.filter((f) => f.startsWith(name));
    if (full.length === 1 && !out.has(full[0])) out.set(full[0], value);
  }
  return out;
}
