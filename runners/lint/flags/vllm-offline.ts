// vLLM's offline benchmarks, as the legacy scripts and the `vllm bench latency|throughput` CLI define them: their
// own flags plus every engine argument (they build an LLM from EngineArgs).
// Latency: read from vllm-project/vllm benchmarks/benchmark_latency.py @00db0209 (argparse in __main__).
// Throughput: read from vllm-project/vllm vllm/benchmarks/throughput.py @02028314 (add_cli_args), the same flags
// as benchmarks/benchmark_throughput.py of that release; --use-beam-search is from the v0.6 script @018efffd.
import {type FlagSet, flagTable} from "./types.ts";
import {ENGINE_ARGS_SOURCE, VLLM_ENGINE_FLAGS} from "./vllm-engine-args.ts";

const LATENCY_FLAGS = flagTable({
  switches: ["--use-beam-search", "--profile", "--disable-detokenize"],
  values: ["--input-len", "--output-len", "--batch-size", "--n", "--num-iters-warmup", "--num-iters", "--output-json"]
});

const THROUGHPUT_FLAGS = flagTable(
  {
    switches: ["--async-engine", "--disable-frontend-multiprocessing", "--disable-detokenize", "--profile", "--use-beam-search"],
    values: [
      "--backend",
      "--dataset-name",
      "--dataset",
      "--dataset-path",
      "--input-len",
      "--output-len",
      "--n",
      "--num-prompts",
      "--hf-max-batch-size",
      "--output-json",
      "--lora-path",
      "--prefix-len",
      "--random-range-ratio",
      "--hf-subset",
      "--hf-split",
      "--prefix-repetition-prefix-len",
      "--prefix-repetition-suffix-len",
      "--prefix-repetition-num-prefixes",
      "--prefix-repetition-output-len"
    ]
  },
  {
    "--backend": ["vllm", "hf", "mii", "vllm-chat"],
    "--dataset-name": ["sharegpt", "random", "sonnet", "burstgpt", "hf", "prefix_repetition"]
  }
);

const common = {underscoresAsDashes: true, allowsAbbreviations: true};
const latencyRenamed = {
  "--random-input-len": {use: "--input-len", note: "the latency benchmark takes --input-len (random prompts of that length)"},
  "--random-output-len": {use: "--output-len", note: "the latency benchmark takes --output-len"},
  "--num-prompts": {use: "--batch-size", note: "the latency benchmark runs one batch of --batch-size prompts"}
};
const throughputRenamed = {
  "--random-input-len": {use: "--input-len", note: "the throughput benchmark takes --input-len"},
  "--random-output-len": {use: "--output-len", note: "the throughput benchmark takes --output-len"},
  "--batch-size": {use: "--max-num-seqs", note: "the throughput benchmark has no --batch-size; the engine's batch limit is --max-num-seqs"}
};

function offline(tool: string, label: string, own: FlagSet["flags"], source: string, renamed: FlagSet["renamed"]): FlagSet {
  return {tool, label, source: `${source}; engine arguments: ${ENGINE_ARGS_SOURCE}`, flags: {...VLLM_ENGINE_FLAGS, ...own}, renamed, ...common};
}

export const vllmBenchmarkLatency = offline(
  "vllm-benchmark-latency",
  "benchmarks/benchmark_latency.py",
  LATENCY_FLAGS,
  "vllm-project/vllm benchmarks/benchmark_latency.py @00db02095a5d",
  latencyRenamed
);
export const vllmBenchLatency = offline(
  "vllm-bench-latency",
  "vllm bench latency",
  LATENCY_FLAGS,
  "vllm-project/vllm benchmarks/benchmark_latency.py @00db02095a5d (moved to vllm/benchmarks/latency.py)",
  latencyRenamed
);
export const vllmBenchmarkThroughput = offline(
  "vllm-benchmark-throughput",
  "benchmarks/benchmark_throughput.py",
  THROUGHPUT_FLAGS,
  "vllm-project/vllm vllm/benchmarks/throughput.py @020283147c84 add_cli_args (= benchmarks/benchmark_throughput.py of that release)",
  throughputRenamed
);
export const vllmBenchThroughput = offline(
  "vllm-bench-throughput",
  "vllm bench throughput",
  THROUGHPUT_FLAGS,
  "vllm-project/vllm vllm/benchmarks/throughput.py @020283147c84 add_cli_args",
  throughputRenamed
);
