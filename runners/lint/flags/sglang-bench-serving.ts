// SGLang's serving client `python -m sglang.bench_serving`.
// Read from sgl-project/sglang python/sglang/bench_serving.py @0033168f (argparse in __main__). It uses a plain
// ArgumentParser: unique prefixes (`--random-input 1024`, as its own docstring writes) are accepted.
import {type FlagSet, flagTable} from "./types.ts";

export const sglangBenchServing: FlagSet = {
  tool: "sglang-bench-serving",
  label: "python -m sglang.bench_serving",
  source: "sgl-project/sglang python/sglang/bench_serving.py @0033168f0f58 (argparse in __main__)",
  flags: flagTable(
    {
      switches: [
        "--output-details",
        "--disable-tqdm",
        "--disable-stream",
        "--return-logprob",
        "--disable-ignore-eos",
        "--apply-chat-template",
        "--profile",
        "--pd-separated",
        "--flush-cache",
        "--tokenize-prompt"
      ],
      values: [
        "--backend",
        "--base-url",
        "--host",
        "--port",
        "--dataset-name",
        "--dataset-path",
        "--model",
        "--tokenizer",
        "--num-prompts",
        "--sharegpt-output-len",
        "--sharegpt-context-len",
        "--random-input-len",
        "--random-output-len",
        "--random-range-ratio",
        "--request-rate",
        "--max-concurrency",
        "--output-file",
        "--seed",
        "--extra-request-body",
        "--prompt-suffix",
        "--warmup-requests",
        "--gsp-num-groups",
        "--gsp-prompts-per-group",
        "--gsp-system-prompt-len",
        "--gsp-question-len",
        "--gsp-output-len"
      ],
      lists: ["--lora-name"]
    },
    {"--dataset-name": ["sharegpt", "random", "random-ids", "generated-shared-prefix", "mmmu", "burstgpt"]}
  ),
  renamed: {
    "--input-len": {use: "--random-input-len", note: "bench_serving has no --input-len"},
    "--output-len": {use: "--random-output-len", note: "bench_serving has no --output-len"}
  },
  underscoresAsDashes: false,
  allowsAbbreviations: true
};
