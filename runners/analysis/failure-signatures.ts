// The failure taxonomy as one ordered table of signatures: the first that matches a version's error text, raw log or
// server log names its class, and the matching line is kept as evidence. Specific causes come before generic
// symptoms (a crash whose log shows cuTensorMapEncodeTiled is a driver mismatch, not just "server failed").
// To extend the taxonomy, add a class to vocabulary.ts and a row here, with a test line from a real log.
import type {FailureClass} from "./vocabulary.ts";

export type Signature = {failure_class: FailureClass; pattern: RegExp};

/** Ordered: the first match wins. Patterns are matched line by line. */
export const SIGNATURES: readonly Signature[] = [
  // The harness refused or failed to apply the agent's diff.
  {failure_class: "patch_not_applied", pattern: /patch (did not|does not|could not|failed to) apply|error: patch failed|Hunk #\d+ FAILED|can't find file to patch|Patch contains only non-Python files/i},
  // Before anything ran: no wheel for the commit, or installing/building it failed.
  {failure_class: "install_failed", pattern: /install failed|No wheel available|wheel not available|Failed to install wheel|\bbuild failed|failed-wheel-build|Could not find vLLM installation|not properly installed/i},
  // Kernels built against a newer CUDA than the driver offers.
  {failure_class: "cuda_tma_driver_mismatch", pattern: /cuTensorMapEncodeTiled/},
  // V1 engine images without the separately compiled vllm_flash_attn.
  {failure_class: "flash_attn_missing", pattern: /vllm_flash_attn\.fa_utils|No module named '[\w.]*fa_utils'/},
  // Older engines cannot read newer FP8 checkpoints (a missing `…input_scale` weight).
  {failure_class: "fp8_checkpoint_format", pattern: /KeyError: '[\w.]*input_scale'|input_scale.{0,40}(missing|not found)/i},
  // Context length larger than the model (or the KV cache) allows.
  {failure_class: "max_model_len_too_large", pattern: /max_model_len \(\d+\) is greater than the derived max_model_len|max seq len \(\d+\) is larger than/i},
  // The model repository does not exist (404) or cannot be fetched (gated, 401).
  {failure_class: "model_not_found", pattern: /is not a valid model identifier|Repository Not Found|RepositoryNotFoundError|GatedRepoError|Cannot access gated repo/i},
  {failure_class: "unsupported_architecture", pattern: /does not recognize this architecture|Model architectures? \[.*\] (are|is) not supported|not supported for now/i},
  {failure_class: "cuda_oom", pattern: /CUDA out of memory|OutOfMemoryError/},
  // A traceback's last line naming an import failure, or the harness refusing an engine version.
  {failure_class: "import_incompatibility", pattern: /(^|[\s:\]])(ImportError|ModuleNotFoundError): \S|cannot import name|known port binding bug/},
  {failure_class: "server_crashed_after_patch", pattern: /crashed after applying (the )?patch/i},
  {failure_class: "server_failed_to_start", pattern: /server failed to start|Server crashed during startup|server failed\b/i},
  {failure_class: "timeout", pattern: /timed out after|hit its timeout|TimeoutError|timed out/i},
  {failure_class: "broken_pipe", pattern: /Broken pipe|\[Errno 32\]/},
  // Nothing measured: no results printed, or a serving run none of whose requests completed (ingest's own error text).
  {failure_class: "no_metrics_in_output", pattern: /no metrics|No (serving|latency|throughput) metrics|No JSON results|no request completed/i}
];

/** Longest evidence line kept (a person reads it; the full text stays in the source file). */
export const EVIDENCE_MAX_CHARS = 300;

export type Classification = {failure_class: FailureClass; evidence: string};

function clip(line: string): string {
  const t = line.trim();
  return t.length > EVIDENCE_MAX_CHARS ? `${t.slice(0, EVIDENCE_MAX_CHARS - 1)}…` : t;
}

/**
 * Classifies a failed version from its texts, tried in the order given (error first, then logs). The evidence is the
 * matching line; when nothing matches, the class is `unclassified` and the evidence is the first non-empty line of
 * the error (or of a log), so a person can extend the table.
 */
export function classifyFailure(texts: Array<string | null | undefined>): Classification {
  const lines = texts.filter((t): t is string => !!t).map((t) => t.split(/\r?\n|\\n/).filter((l) => l.trim()));
  for (const {failure_class, pattern} of SIGNATURES) {
    for (const ls of lines) {
      const hit = ls.find((l) => pattern.test(l));
      if (hit !== undefined) return {failure_class, evidence: clip(hit)};
    }
  }
  const first = lines.find((ls) => ls.length)?.[0];
  return {failure_class: "unclassified", evidence: first ? clip(first) : "(no error text or log recorded)"};
}
