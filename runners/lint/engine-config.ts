// Combinations of engine arguments that vLLM refuses when the engine starts, so the whole run fails after minutes of
// loading. Read from vllm-project/vllm vllm/config.py (v0.6, SpeculativeConfig.maybe_create_spec_config): with the
// `[ngram]` speculative model, ngram_prompt_lookup_max must be set (seed 002: 83450458 "ngram_prompt_lookup_max=None").
import {finding, type Finding} from "./findings.ts";

/** Findings for flag combinations the engine rejects at start-up. */
export function engineConfigFindings(flags: Map<string, string | true>, where?: string): Finding[] {
  const out: Finding[] = [];
  const lookupMax = flags.get("--ngram-prompt-lookup-max");
  if (flags.get("--speculative-model") === "[ngram]" && !(typeof lookupMax === "string" && Number(lookupMax) >= 1)) {
    const message =
      "--speculative-model [ngram] without --ngram-prompt-lookup-max: vLLM refuses to start " +
      '("ngram_prompt_lookup_max=None must be > 0"); add e.g. --ngram-prompt-lookup-max 4';
    out.push(finding("error", "engine-config", message, {token: "--speculative-model", ...(where ? {where} : {})}));
  }
  return out;
}
