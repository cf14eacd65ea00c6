// The `vllm bench serve` CLI (vllm/benchmarks/serve.py add_cli_args + vllm/benchmarks/datasets.py
// add_dataset_parser). Read from vllm-project/vllm vllm/benchmarks/serve.py @009e6d4a (add_cli_args) and
// vllm/benchmarks/datasets.py add_dataset_parser (the stored release with --no-oversample and prefix_repetition).
// Newer releases added --input-len/--output-len as general aliases; older ones reject them, so they warn.
import {type FlagSet, flagTable} from "./types.ts";

export const vllmBenchServe: FlagSet = {
  tool: "vllm-bench-serve",
  label: "vllm bench serve",
  source: "vllm-project/vllm vllm/benchmarks/serve.py @009e6d4a1cd6 (add_cli_args) + vllm/benchmarks/datasets.py (add_dataset_parser)",
  flags: flagTable(
    {
      switches: [
        "--no-stream",
        "--no-oversample",
        "--custom-skip-chat-template",
        "--use-beam-search",
        "--disable-tqdm",
        "--profile",
        "--save-result",
        "--save-detailed",
        "--append-result",
        "--ignore-eos",
        "--self-timed",
        "--no-self-timed",
        "--skip-tokenizer-init",
        "--insecure",
        "--plot-timeline",
        "--trust-remote-code"
      ],
      values: [
        "--seed",
        "--num-prompts",
        "--dataset-name",
        "--dataset-path",
        "--custom-output-len",
        "--spec-bench-output-len",
        "--spec-bench-category",
        "--sonnet-input-len",
        "--sonnet-output-len",
        "--sonnet-prefix-len",
        "--sharegpt-output-len",
        "--blazedit-min-distance",
        "--blazedit-max-distance",
        "--random-input-len",
        "--random-output-len",
        "--random-range-ratio",
        "--random-prefix-len",
        "--random-batch-size",
        "--random-mm-base-items-per-request",
        "--random-mm-num-mm-items-range-ratio",
        "--random-mm-limit-mm-per-prompt",
        "--random-mm-bucket-config",
        "--hf-subset",
        "--hf-split",
        "--hf-name",
        "--hf-output-len",
        "--prefix-repetition-prefix-len",
        "--prefix-repetition-suffix-len",
        "--prefix-repetition-num-prefixes",
        "--prefix-repetition-output-len",
        "--label",
        "--backend",
        "--base-url",
        "--host",
        "--port",
        "--endpoint",
        "--max-concurrency",
        "--model",
        "--input-len",
        "--output-len",
        "--tokenizer",
        "--tokenizer-mode",
        "--logprobs",
        "--request-rate",
        "--burstiness",
        "--probe-request-rate",
        "--num-warmups",
        "--result-dir",
        "--result-filename",
        "--percentile-metrics",
        "--metric-percentiles",
        "--request-id-prefix",
        "--top-p",
        "--top-k",
        "--min-p",
        "--temperature",
        "--frequency-penalty",
        "--presence-penalty",
        "--repetition-penalty",
        "--served-model-name",
        "--lora-assignment",
        "--ramp-up-strategy",
        "--ramp-up-start-rps",
        "--ramp-up-end-rps",
        "--ready-check-timeout-sec",
        "--chat-template-kwargs",
        "--extra-body"
      ],
      lists: ["--header", "--metadata", "--goodput", "--lora-modules"]
    },
    {
      "--dataset-name": ["sharegpt", "burstgpt", "sonnet", "random", "random-mm", "random-rerank", "hf", "custom", "prefix_repetition", "spec_bench", "txt-slices"],
      "--lora-assignment": ["random", "round-robin"],
      "--ramp-up-strategy": ["linear", "exponential"]
    }
  ),
  renamed: {
    "--dataset": {use: "--dataset-path", note: "--dataset was removed; name the file with --dataset-path and the kind with --dataset-name"},
    "--batch-size": {use: "--max-concurrency", note: "the serving client has no --batch-size; concurrency is --max-concurrency"}
  },
  underscoresAsDashes: true,
  allowsAbbreviations: true
};

/** Flags of `vllm bench serve` that only recent releases accept (general aliases added after the dataset flags). */
export const RECENT_SERVE_FLAGS: Record<string, string> = {
  "--input-len": "--random-input-len",
  "--output-len": "--random-output-len"
};
