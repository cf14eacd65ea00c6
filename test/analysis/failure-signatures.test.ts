import {describe, expect, it} from "vitest";
import {classifyFailure, SIGNATURES} from "../../runners/analysis/failure-signatures.ts";
import {FAILURE_CLASSES, type FailureClass} from "../../runners/analysis/vocabulary.ts";

// Each line is copied from the corpus (../shared/isobench/claude_code), path in the comment, unless marked as vLLM's
// own message text (two classes never occur in this corpus).
const REAL_LINES: Array<[FailureClass, string, string]> = [
  // logs/modal/hero_3way_20260102_080433_progress.json, results[].agent_error
  ["patch_not_applied", "logs/modal/hero_3way_20260102_080433_progress.json", "Patch contains only non-Python files (skipped: ['CMakeLists.txt'])"],
  // results/modal/3476ed08/benchmark_result.json, result.error
  ["install_failed", "modal 3476ed08 error", "Baseline install failed: No wheel available and no ancestor wheel found for 54600709b6d4"],
  // logs/modal/hero_3way_20260101_102817_progress.json, results[].agent_error (the agent's incremental build)
  ["install_failed", "logs/modal/hero_3way_20260101_102817_progress.json", "Incremental build failed: Cache build timed out"],
  // results/separate_baseline/93e5f3c5_baseline_result.json, error
  ["install_failed", "separate_baseline 93e5f3c5 error", "vLLM not properly installed in baseline image - cannot import LLM"],
  // results/separate_agent/e493e485_agent_result.json, raw_output
  [
    "cuda_tma_driver_mismatch",
    "separate_agent e493e485 agent raw_output",
    "ImportError: /opt/vllm_baseline/vllm/_C.abi3.so: undefined symbol: cuTensorMapEncodeTiled"
  ],
  // results/separate_agent/3092375e_human_result.json, raw_output
  [
    "flash_attn_missing",
    "separate_agent 3092375e human raw_output",
    "ERROR 01-09 23:59:01 [core.py:387] ModuleNotFoundError: No module named 'vllm.vllm_flash_attn.fa_utils'"
  ],
  // results/separate_agent/8d75fe48_human_result.json, raw_output
  ["fp8_checkpoint_format", "separate_agent 8d75fe48 human raw_output", "[rank0]: KeyError: 'model.layers.18.mlp.down_proj.input_scale'"],
  // results/e7523c2e_baseline_result.json, raw_output
  [
    "max_model_len_too_large",
    "e7523c2e baseline raw_output",
    "ValueError: The model's max seq len (131072) is larger than the maximum number of tokens that can be stored in KV cache (50352). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine."
  ],
  // logs/modal/hero_3way_20251231_085011_progress.json, a version's raw log
  [
    "model_not_found",
    "logs/modal/hero_3way_20251231_085011_progress.json",
    "OSError: meta-llama/Llama-3-8B-Instruct is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'"
  ],
  // logs/reruns/rerun_log_v18_server_log_fix.txt (Bamba-9B on an older Transformers)
  [
    "unsupported_architecture",
    "logs/reruns/rerun_log_v18_server_log_fix.txt",
    "ValueError: The checkpoint you are trying to load has model type `bamba` but Transformers does not recognize this architecture. This could be because of an issue with the checkpoint, or because your version of Transformers is out of date."
  ],
  // logs/reruns/rerun_log.txt
  [
    "cuda_oom",
    "logs/reruns/rerun_log.txt",
    "[rank0]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 896.00 MiB. GPU 0 has a total capacity of 79.18 GiB of which 812.56 MiB is free."
  ],
  // logs/reruns/rerun_log_v18_server_log_fix.txt
  ["import_incompatibility", "logs/reruns/rerun_log_v18_server_log_fix.txt", "ERROR 01-03 21:07:34 [core.py:387] ImportError: Numba needs NumPy 2.2 or less. Got NumPy 2.4."],
  // results/modal/25ebed2f/benchmark_result.json, result.error (status version_bug)
  [
    "import_incompatibility",
    "modal 25ebed2f error",
    "vLLM 0.6.4.post2.dev375+gd263bd9d has known port binding bug (issue #8791) - serving benchmarks not supported"
  ],
  // results/3a243095_agent_result.json, error
  ["server_crashed_after_patch", "3a243095 agent error", "Server crashed after applying patch"],
  // results/3a243095_human_result.json, error
  ["server_failed_to_start", "3a243095 human error", "Server crashed during startup"],
  // results/modal/4fb56914/benchmark_result.json, error_message
  ["server_failed_to_start", "modal 4fb56914 error_message", "Baseline server failed to start"],
  // results/modal/eefbf4a6/benchmark_result.json, result.error
  ["timeout", "modal eefbf4a6 error", "Command '['git', 'reset', '--hard', 'HEAD']' timed out after 60 seconds"],
  // results/modal/015069b0/benchmark_result.json, result.error
  ["broken_pipe", "modal 015069b0 error", "[Errno 32] Broken pipe"],
  // results/modal/22d33bac/benchmark_result.json, result.error
  ["no_metrics_in_output", "modal 22d33bac error", "Baseline benchmark produced no metrics"],
  // results/6ce01f30_baseline_result.json, error
  ["no_metrics_in_output", "6ce01f30 baseline error", "No serving metrics in output"],
  // logs/modal/hero_3way_20251231_023448_progress.json, results[].error: a harness bug no signature knows
  ["unclassified", "logs/modal/hero_3way_20251231_023448_progress.json", "name 'port' is not defined"]
];

// vLLM's own message (vllm/config.py), for the documented huggyllama/llama-7b case the corpus logs never captured.
const VLLM_MESSAGES: Array<[FailureClass, string]> = [
  [
    "max_model_len_too_large",
    "ValueError: User-specified max_model_len (4096) is greater than the derived max_model_len (max_position_embeddings=2048 or model_max_length=None in model's config.json)."
  ],
  ["unsupported_architecture", "ValueError: Model architectures ['Qwen3MoeForCausalLM'] are not supported for now. Supported architectures: […]"],
  // the error ingest records for a vLLM/SGLang serving result with completed = 0 (runners/model/measurement.ts)
  ["no_metrics_in_output", "no request completed (100 failed)"]
];

describe("classifyFailure(texts)", () => {
  it.each(REAL_LINES)("classifies %s from a real line (%s)", (cls, _where, line) => {
    expect(classifyFailure([line])).toEqual({failure_class: cls, evidence: line.length > 300 ? expect.any(String) : line});
  });

  it.each(VLLM_MESSAGES)("classifies %s from vLLM's message text", (cls, line) => {
    expect(classifyFailure([line]).failure_class).toBe(cls);
  });

  it("every class of the vocabulary except unclassified has a signature, in vocabulary order", () => {
    expect(SIGNATURES.map((s) => s.failure_class)).toEqual(FAILURE_CLASSES.filter((c) => c !== "unclassified"));
    const covered = new Set(REAL_LINES.map(([c]) => c));
    expect(FAILURE_CLASSES.filter((c) => !covered.has(c))).toEqual([]);
  });

  it("prefers the specific cause in a log over the generic symptom in the error", () => {
    const error = "Server crashed after applying patch";
    const log = "INFO starting\nImportError: /opt/vllm_baseline/vllm/_C.abi3.so: undefined symbol: cuTensorMapEncodeTiled\n";
    expect(classifyFailure([error, log])).toEqual({
      failure_class: "cuda_tma_driver_mismatch",
      evidence: "ImportError: /opt/vllm_baseline/vllm/_C.abi3.so: undefined symbol: cuTensorMapEncodeTiled"
    });
  });

  it("does not mistake harness source in a log for an import failure", () => {
    const log = '    except ImportError:\n        raise ImportError("LLM not found in vllm")\nBenchmark produced no metrics';
    expect(classifyFailure([null, log]).failure_class).toBe("no_metrics_in_output");
  });

  it("does not mistake vLLM's memory hint for an out-of-memory error", () => {
    const hint =
      "INFO 01-01 14:41:29 model_runner.py:1216] CUDA graphs can take additional 1~3 GiB memory per GPU. If you are running out of memory, consider decreasing `gpu_memory_utilization` or enforcing eager mode.";
    expect(classifyFailure([hint]).failure_class).toBe("unclassified");
  });

  it("reads escaped newlines in a JSON-stored log as line breaks", () => {
    expect(classifyFailure(["BASELINE server failed to start. Logs: x\\n[rank0]: torch.OutOfMemoryError: CUDA out of memory."])).toEqual({
      failure_class: "cuda_oom",
      evidence: "[rank0]: torch.OutOfMemoryError: CUDA out of memory."
    });
  });

  it("keeps a placeholder when there is no text at all", () => {
    expect(classifyFailure([null, "", undefined])).toEqual({failure_class: "unclassified", evidence: "(no error text or log recorded)"});
  });
});
