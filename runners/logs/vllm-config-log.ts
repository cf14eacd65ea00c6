// What a vLLM server actually ran, read from its log: the attention backend it selected, the MoE kernel, and whether
// FP4 ran natively. Seed 003 found by reading logs that vLLM used TRITON_ATTN and Marlin with weight-only FP4 although
// FlashInfer/CUTLASS were the goal; the tracker records this next to what was requested and flags the difference.

export type VllmObserved = {
  attention_used: string | null;
  moe_kernel_used: string | null;
  /** false when vLLM warned that the GPU has no native FP4; null when the log does not say. */
  fp4_native: boolean | null;
  /** Human-readable notes for the configuration's flags column. */
  warnings: string[];
  /** The log lines the findings come from (trimmed), as evidence. */
  evidence: string[];
};

/**
 * vLLM's attention selector: `Using %s backend.` with the enum name (`TRITON_ATTN`,
 * `AttentionBackendEnum.FLASHINFER`) or, in older releases, a display name (`Flash Attention`).
 */
const BACKEND_LINE = /\bUsing '?([A-Za-z][A-Za-z0-9_. ]*?)'? backend\b/;
/** Newer vLLM names the MoE backend explicitly: `Using 'MARLIN' Mxfp4 MoE backend`. */
const MOE_LINE = /\bUsing '?([A-Za-z0-9_]+)'? (?:[A-Za-z0-9]+ )?MoE backend\b/;
/** vllm/model_executor/layers/quantization/utils/marlin_utils_fp4.py warning_once text. */
const NO_NATIVE_FP4 = /does not have native support for FP4 computation/i;
/** Display names older vLLM printed, mapped to the enum names newer ones print and users request. */
const DISPLAY_NAMES: Record<string, string> = {
  "flash attention": "FLASH_ATTN",
  flashinfer: "FLASHINFER",
  xformers: "XFORMERS",
  "torch sdpa": "TORCH_SDPA",
  triton: "TRITON_ATTN"
};
/** Kernels that are MoE/GEMM paths, never attention backends. */
const MOE_KERNELS = /marlin|cutlass|trtllm|deepgemm|triton_kernels/i;

/** Normalises an attention backend name: enum prefix dropped, display names mapped, upper case. */
export function normalizeBackend(name: string): string {
  const bare = name.trim().replace(/^(AttentionBackendEnum|_Backend)\./, "");
  return DISPLAY_NAMES[bare.toLowerCase()] ?? bare.toUpperCase().replace(/\s+/g, "_");
}

/** Reads the backends a vLLM log says were used. Later lines win (the last engine start is the one measured). */
export function readVllmConfigLog(text: string): VllmObserved {
  const out: VllmObserved = {attention_used: null, moe_kernel_used: null, fp4_native: null, warnings: [], evidence: []};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const moe = MOE_LINE.exec(line);
    if (moe) {
      out.moe_kernel_used = moe[1].toUpperCase();
      out.evidence.push(line);
      continue;
    }
    if (NO_NATIVE_FP4.test(line)) {
      out.fp4_native = false;
      // The warning says the fallback is Marlin; it is the MoE/GEMM kernel unless a MoE line names another.
      out.moe_kernel_used ??= "MARLIN";
      out.warnings.push("GPU has no native FP4: weight-only FP4 compression (Marlin)");
      out.evidence.push(line);
      continue;
    }
    const b = BACKEND_LINE.exec(line);
    if (!b) continue;
    // Older mxfp4 code logged its MoE path as `Using Marlin backend`: a kernel name, not an attention backend.
    if (MOE_KERNELS.test(b[1])) out.moe_kernel_used = b[1].toUpperCase();
    else out.attention_used = normalizeBackend(b[1]);
    out.evidence.push(line);
  }
  return out;
}
