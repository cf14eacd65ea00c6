// Log lines as vLLM prints them: the attention selector's `Using %s backend.` (enum names in current releases,
// display names in older ones), the MoE backend line, and marlin_utils_fp4.py's no-native-FP4 warning.
import {describe, expect, it} from "vitest";
import {normalizeBackend, readVllmConfigLog} from "../../runners/logs/vllm-config-log.ts";

const GB10_LOG = `
(EngineCore_DP0 pid=311) INFO 01-09 16:21:02 [cuda.py:366] Using AttentionBackendEnum.TRITON_ATTN backend.
(EngineCore_DP0 pid=311) WARNING 01-09 16:21:40 [marlin_utils_fp4.py:137] Your GPU does not have native support for FP4 computation but FP4 quantization is being used. Weight-only FP4 compression will be used leveraging the Marlin kernel. This may degrade performance for compute-heavy workloads.
(EngineCore_DP0 pid=311) INFO 01-09 16:22:10 [gpu_model_runner.py:2602] Model loading took 65.97 GiB and 58.96 seconds
`;

describe("readVllmConfigLog(text)", () => {
  it("reads TRITON_ATTN and the weight-only FP4 fallback from a GB10 log", () => {
    const r = readVllmConfigLog(GB10_LOG);
    expect(r).toMatchObject({attention_used: "TRITON_ATTN", moe_kernel_used: "MARLIN", fp4_native: false});
    expect(r.warnings).toEqual(["GPU has no native FP4: weight-only FP4 compression (Marlin)"]);
    expect(r.evidence).toHaveLength(2);
  });

  it("reads the MoE backend line of newer releases and the display names of older ones", () => {
    expect(readVllmConfigLog("INFO [mxfp4.py:98] Using 'MARLIN' Mxfp4 MoE backend").moe_kernel_used).toBe("MARLIN");
    expect(readVllmConfigLog("INFO 08-06 10:00:00 [cuda.py:240] Using Flash Attention backend on V1 engine.").attention_used).toBe("FLASH_ATTN");
    expect(readVllmConfigLog("INFO [cuda.py:253] Using FlashInfer backend.").attention_used).toBe("FLASHINFER");
    expect(readVllmConfigLog("INFO [mxfp4.py:60] Using Marlin backend").moe_kernel_used).toBe("MARLIN");
  });

  it("lets the last engine start win and says nothing about what the log does not mention", () => {
    const r = readVllmConfigLog("Using FLASHINFER backend.\nrestarting\nUsing TRITON_ATTN backend.");
    expect(r).toMatchObject({attention_used: "TRITON_ATTN", moe_kernel_used: null, fp4_native: null, warnings: []});
    expect(readVllmConfigLog("INFO Using max model len 131072")).toMatchObject({attention_used: null, evidence: []});
  });

  it("normalizes enum prefixes and display names", () => {
    expect(normalizeBackend("AttentionBackendEnum.FLASHINFER")).toBe("FLASHINFER");
    expect(normalizeBackend("_Backend.FLASH_ATTN")).toBe("FLASH_ATTN");
    expect(normalizeBackend("Torch SDPA")).toBe("TORCH_SDPA");
  });
});
