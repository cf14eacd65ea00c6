// The legacy serving client `benchmarks/benchmark_serving.py` (the script most corpus perf_commands call).
// Read from vllm-project/vllm benchmarks/benchmark_serving.py @0049e29c, the argparse block under __main__.
// It is a pure HTTP client: engine flags (--dtype, --tensor-parallel-size …) belong to the server.
import {type FlagSet, flagTable} from "./types.ts";

export const vllmBenchmarkServing: FlagSet = {
  tool: "vllm-benchmark-serving",
  label: "benchmarks/benchmark_serving.py",
  source: "vllm-project/vllm benchmarks/benchmark_serving.py @0049e29c41fd (argparse in __main__)",
  flags: flagTable(
    {
      switches: ["--use-beam-search", "--trust-remote-code", "--disable-tqdm", "--profile", "--save-result", "--save-detailed", "--ignore-eos"],
      values: [
        "--backend",
        "--base-url",
        "--host",
        "--port",
        "--endpoint",
        "--dataset-name",
        "--dataset-path",
        "--max-concurrency",
        "--model",
        "--tokenizer",
        "--num-prompts",
        "--logprobs",
        "--request-rate",
        "--burstiness",
        "--seed",
        "--result-dir",
        "--result-filename",
        "--percentile-metrics",
        "--metric-percentiles",
        "--sonnet-input-len",
        "--sonnet-output-len",
        "--sonnet-prefix-len",
        "--sharegpt-output-len",
        "--random-input-len",
        "--random-output-len",
        "--random-range-ratio",
        "--random-prefix-len",
        "--hf-subset",
        "--hf-split",
        "--hf-output-len",
        "--tokenizer-mode",
        "--served-model-name"
      ],
      lists: ["--metadata", "--goodput", "--lora-modules"]
    },
    {
      "--dataset-name": ["sharegpt", "burstgpt", "sonnet", "random", "hf"],
      "--tokenizer-mode": ["auto", "slow", "mistral", "custom"]
    }
  ),
  required: ["--model"],
  renamed: {
    "--dataset": {use: "--dataset-path", note: "--dataset (a ShareGPT path) was deprecated in favour of --dataset-name/--dataset-path and later removed"},
    "--input-len": {use: "--random-input-len", note: "the serving client has no --input-len; the random dataset reads --random-input-len (sonnet: --sonnet-input-len)"},
    "--output-len": {use: "--random-output-len", note: "the serving client has no --output-len; use --random-output-len (ShareGPT: --sharegpt-output-len)"},
    "--batch-size": {use: "--max-concurrency", note: "the serving client has no --batch-size; concurrency is --max-concurrency (offered load: --request-rate)"},
    "--multi-step": {use: null, note: "not a flag of any vLLM script; multi-step scheduling is the server's --num-scheduler-steps"}
  },
  underscoresAsDashes: true,
  allowsAbbreviations: true
};
