// vLLM engine arguments (EngineArgs.add_cli_args): accepted by the server and by the offline benchmarks
// (benchmark_latency.py / benchmark_throughput.py / `vllm bench latency|throughput`), never by the serving client.
// Read from vllm-project/vllm vllm/engine/arg_utils.py (the v0.6 era release in which --use-v2-block-manager is
// deprecated, the era of most corpus commits), EngineArgs.add_cli_args and AsyncEngineArgs.add_cli_args.
import {flagTable} from "./types.ts";

export const ENGINE_ARGS_SOURCE = "vllm-project/vllm vllm/engine/arg_utils.py (EngineArgs.add_cli_args, v0.6.x)";

export const VLLM_ENGINE_FLAGS = flagTable(
  {
    switches: [
      "--skip-tokenizer-init",
      "--trust-remote-code",
      "--worker-use-ray",
      "--ray-workers-use-nsight",
      "--enable-prefix-caching",
      "--disable-sliding-window",
      "--use-v2-block-manager",
      "--disable-log-stats",
      "--enforce-eager",
      "--disable-custom-all-reduce",
      "--enable-lora",
      "--fully-sharded-loras",
      "--enable-prompt-adapter",
      "--speculative-disable-mqa-scorer",
      "--disable-async-output-proc",
      "--pooling-norm",
      "--no-pooling-norm",
      "--pooling-softmax",
      "--no-pooling-softmax",
      "--disable-log-requests",
      // StoreBoolean with nargs="?": `--enable-chunked-prefill` alone or `--enable-chunked-prefill False`.
      "--enable-chunked-prefill",
      "--multi-step-stream-outputs",
      "--disable-logprobs-during-spec-decoding"
    ],
    values: [
      "--model",
      "--task",
      "--tokenizer",
      "--revision",
      "--code-revision",
      "--tokenizer-revision",
      "--tokenizer-mode",
      "--chat-template-text-format",
      "--allowed-local-media-path",
      "--download-dir",
      "--load-format",
      "--config-format",
      "--dtype",
      "--kv-cache-dtype",
      "--quantization-param-path",
      "--max-model-len",
      "--guided-decoding-backend",
      "--distributed-executor-backend",
      "--pipeline-parallel-size",
      "-pp",
      "--tensor-parallel-size",
      "-tp",
      "--max-parallel-loading-workers",
      "--block-size",
      "--num-lookahead-slots",
      "--seed",
      "--swap-space",
      "--cpu-offload-gb",
      "--gpu-memory-utilization",
      "--num-gpu-blocks-override",
      "--max-num-batched-tokens",
      "--max-num-seqs",
      "--max-logprobs",
      "--quantization",
      "-q",
      "--rope-scaling",
      "--rope-theta",
      "--max-seq-len-to-capture",
      "--tokenizer-pool-size",
      "--tokenizer-pool-type",
      "--tokenizer-pool-extra-config",
      "--limit-mm-per-prompt",
      "--mm-processor-kwargs",
      "--max-loras",
      "--max-lora-rank",
      "--lora-extra-vocab-size",
      "--lora-dtype",
      "--long-lora-scaling-factors",
      "--max-cpu-loras",
      "--max-prompt-adapters",
      "--max-prompt-adapter-token",
      "--device",
      "--num-scheduler-steps",
      "--scheduler-delay-factor",
      "--speculative-model",
      "--speculative-model-quantization",
      "--num-speculative-tokens",
      "--speculative-draft-tensor-parallel-size",
      "-spec-draft-tp",
      "--speculative-max-model-len",
      "--speculative-disable-by-batch-size",
      "--ngram-prompt-lookup-max",
      "--ngram-prompt-lookup-min",
      "--spec-decoding-acceptance-method",
      "--typical-acceptance-sampler-posterior-threshold",
      "--typical-acceptance-sampler-posterior-alpha",
      "--model-loader-extra-config",
      "--ignore-patterns",
      "--preemption-mode",
      "--qlora-adapter-name-or-path",
      "--otlp-traces-endpoint",
      "--collect-detailed-traces",
      "--override-neuron-config",
      "--scheduling-policy",
      "--pooling-type",
      "--pooling-step-tag-id"
    ],
    lists: ["--served-model-name", "--pooling-returned-token-ids"]
  },
  {
    "--dtype": ["auto", "half", "float16", "bfloat16", "float", "float32"],
    "--kv-cache-dtype": ["auto", "fp8", "fp8_e5m2", "fp8_e4m3"],
    "--distributed-executor-backend": ["ray", "mp"],
    "--block-size": ["8", "16", "32"],
    "--scheduling-policy": ["fcfs", "priority"]
  }
);

/**
 * Engine flags that only later releases accept: arg_utils.py moved to generated BooleanOptionalAction flags
 * (`--enable-prefix-caching` / `--no-enable-prefix-caching`), which the v0.6 parser above rejects.
 */
export const RECENT_ENGINE_FLAGS: Record<string, string> = {
  "--no-enable-prefix-caching": "--enable-prefix-caching",
  "--no-enable-chunked-prefill": "--enable-chunked-prefill"
};
