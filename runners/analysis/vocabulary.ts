// The analysis vocabulary, defined once: categories, outcomes, flag kinds, severities, failure classes and pipeline
// families with their preference order. Analysis writes these strings into Parquet and pages filter on them, so
// nobody spells them again. Pure data, no imports: safe for Node code, loaders and browser components alike.

/**
 * Versions of a commit (`measurements.variant`), in run order. The warehouse model (runners/model/measurement.ts)
 * has the same list; it is repeated here only so this module stays import-free for browser code, and a test holds
 * the two equal.
 */
export const VARIANTS = ["baseline", "human", "agent"] as const;
export type Variant = (typeof VARIANTS)[number];

/** Exact strings of `comparisons.category`, in the order pages list them. */
export const CATEGORIES = [
  "valid_3way",
  "baseline_mismatch",
  "ha_only",
  "agent_failed",
  "no_agent_attempt",
  "incomparable",
  "agent_only",
  "baseline_only",
  "docker_verify_only",
  "no_metrics",
  "not_benchmarkable"
] as const;
export type Category = (typeof CATEGORIES)[number];

export type CategoryInfo = {
  label: string;
  description: string;
  /** Counts towards the agent's score (win/match/loss/failed rates). */
  evaluable: boolean;
  /** Has an agent-vs-human comparison (win/match/loss outcome). */
  compared: boolean;
};

export const CATEGORY_INFO: Record<Category, CategoryInfo> = {
  valid_3way: {
    label: "Valid three-way",
    description: "Human and agent comparable, and a baseline comparable with them.",
    evaluable: true,
    compared: true
  },
  baseline_mismatch: {
    label: "Baseline mismatch",
    description: "Human and agent comparable; a baseline was measured in that pipeline but is not comparable (model, mode or workload).",
    evaluable: true,
    compared: true
  },
  ha_only: {
    label: "Human + agent only",
    description: "Human and agent comparable; no baseline measured in that pipeline.",
    evaluable: true,
    compared: true
  },
  agent_failed: {
    label: "Agent failed",
    description: "Human measured, the agent's patch was attempted but never produced a measurement.",
    evaluable: true,
    compared: false
  },
  no_agent_attempt: {
    label: "No agent attempt",
    description: "Human measured, no trace of an attempt by this agent.",
    evaluable: false,
    compared: false
  },
  incomparable: {
    label: "Incomparable",
    description: "Human and agent both measured, but no comparable pair exists.",
    evaluable: false,
    compared: false
  },
  agent_only: {label: "Agent only", description: "Only the agent's version was measured (no human).", evaluable: false, compared: false},
  baseline_only: {label: "Baseline only", description: "Only the baseline was measured.", evaluable: false, compared: false},
  docker_verify_only: {
    label: "Build verification only",
    description: "Only build-verification runs (often another model) were measured.",
    evaluable: false,
    compared: false
  },
  no_metrics: {label: "No metrics", description: "Attempted, nothing measured.", evaluable: false, compared: false},
  not_benchmarkable: {
    label: "Not benchmarkable",
    description: "No performance command (e.g. a CI-only commit).",
    evaluable: false,
    compared: false
  }
};

/** Exact strings of `comparisons.outcome` (null for categories without one). */
export const OUTCOMES = ["win", "match", "loss", "failed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_INFO: Record<Outcome, {label: string; description: string}> = {
  win: {label: "Agent wins", description: "Agent better than human by more than the threshold."},
  match: {label: "Agent matches", description: "Agent within ± threshold of human (inclusive)."},
  loss: {label: "Agent loses", description: "Agent worse than human by more than the threshold."},
  failed: {label: "Agent failed", description: "The agent's patch never produced a measurement."}
};

/** Categories that count towards the agent's score (the denominator of the outcome rates). */
export const EVALUABLE_CATEGORIES: readonly Category[] = CATEGORIES.filter((c) => CATEGORY_INFO[c].evaluable);
/** Categories with a win/match/loss verdict. */
export const COMPARED_CATEGORIES: readonly Category[] = CATEGORIES.filter((c) => CATEGORY_INFO[c].compared);

/** Exact strings of `flags.kind`. */
export const FLAG_KINDS = [
  "suspicious_regression",
  "config_drift",
  "unstable_verdict",
  "throughput_at_fixed_rate",
  "zero_or_missing_metric",
  "duplicate_disagreement"
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** Exact strings of `flags.severity`, least to most severe. */
export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FLAG_INFO: Record<FlagKind, {label: string; description: string; severity: Severity}> = {
  suspicious_regression: {
    label: "Suspicious regression",
    description: "Human worse than baseline beyond the regression threshold; the detail names what differs between the runs.",
    // Raised to critical when nothing differs (the regression may be real).
    severity: "warning"
  },
  config_drift: {
    label: "Config drift",
    description: "The configuration the log shows differs from the declared perf_command.",
    severity: "warning"
  },
  unstable_verdict: {
    label: "Unstable verdict",
    description: "Another comparable combination of measurements gives a different outcome.",
    severity: "warning"
  },
  throughput_at_fixed_rate: {
    label: "Throughput at a fixed rate",
    description: "The verdict rests on a throughput metric although the request rate was finite (throughput echoes the offered load).",
    severity: "warning"
  },
  zero_or_missing_metric: {
    label: "Zero or missing metric",
    description: "A value was zero/non-finite (not a measurement), or the preferred metric is missing on one side.",
    severity: "info"
  },
  duplicate_disagreement: {
    label: "Repeats disagree",
    description: "Repeated measurements of one version disagree by more than the threshold (run-to-run noise).",
    severity: "info"
  }
};

/**
 * Failure classes of `failures.failure_class`, in the order the signature table tries them
 * (runners/analysis/failure-signatures.ts holds the patterns).
 */
export const FAILURE_CLASSES = [
  "patch_not_applied",
  "install_failed",
  "cuda_tma_driver_mismatch",
  "flash_attn_missing",
  "fp8_checkpoint_format",
  "max_model_len_too_large",
  "model_not_found",
  "unsupported_architecture",
  "cuda_oom",
  "import_incompatibility",
  "server_crashed_after_patch",
  "server_failed_to_start",
  "timeout",
  "broken_pipe",
  "no_metrics_in_output",
  "unclassified"
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export const FAILURE_CLASS_INFO: Record<FailureClass, {label: string; description: string}> = {
  patch_not_applied: {label: "Patch did not apply", description: "The agent's patch failed to apply to the parent commit."},
  install_failed: {label: "Install failed / missing wheel", description: "No wheel for the commit, or installing it failed."},
  cuda_tma_driver_mismatch: {
    label: "CUDA TMA / driver mismatch",
    description: "Kernels need a newer CUDA driver (cuTensorMapEncodeTiled)."
  },
  flash_attn_missing: {label: "flash-attn module missing", description: "vllm_flash_attn (fa_utils) not in the image."},
  fp8_checkpoint_format: {label: "FP8 checkpoint format", description: "The engine cannot read this FP8 checkpoint (input_scale)."},
  max_model_len_too_large: {label: "max_model_len too large", description: "max_model_len exceeds what the model allows."},
  model_not_found: {label: "Model not found", description: "The model repository does not exist or is gated (404)."},
  unsupported_architecture: {label: "Unsupported architecture", description: "The engine version does not support the model."},
  cuda_oom: {label: "CUDA out of memory", description: "The GPU ran out of memory."},
  import_incompatibility: {
    label: "Import / version incompatibility",
    description: "An import or API mismatch between the engine and its dependencies or harness."
  },
  server_crashed_after_patch: {label: "Server crashed after patch", description: "The server died once the agent's patch was applied."},
  server_failed_to_start: {label: "Server failed to start", description: "The inference server never became ready."},
  timeout: {label: "Timeout", description: "The run exceeded its time limit."},
  broken_pipe: {label: "Broken pipe", description: "The harness lost its connection to the run (Errno 32)."},
  no_metrics_in_output: {
    label: "No metrics in output",
    description: "The run finished without benchmark results: none printed, or no request of a serving run completed."
  },
  unclassified: {label: "Unclassified", description: "No signature matched; the evidence line is kept so the table can be extended."}
};

/**
 * How measurements of a pipeline family may be paired: `file` only within one file (a consolidated back-to-back run),
 * `batch` only within one batch (one plan run), `any` across files and batches (separately written files).
 */
export type PairingScope = "file" | "batch" | "any";

export type FamilyInfo = {label: string; scope: PairingScope; description: string};

/**
 * Pipeline families, most preferred first: when several combinations of measurements are comparable, the verdict
 * uses the earliest family. `runner` (BenchBook's own back-to-back runs with repeats) ranks above the study's
 * pipelines; then the order docker_rerun > modal > separate; hand-typed report figures rank last.
 */
export const FAMILIES = ["runner", "docker_rerun", "modal", "separate", "vllm", "sglang", "seed_report"] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_INFO: Record<Family, FamilyInfo> = {
  runner: {label: "BenchBook runner", scope: "batch", description: "Back-to-back runs of one plan execution (same batch)."},
  docker_rerun: {label: "Docker re-run", scope: "file", description: "Corrected re-runs of all three versions in one file."},
  modal: {label: "Consolidated (Modal)", scope: "file", description: "Back-to-back run of all three versions in one file."},
  separate: {label: "Separate files", scope: "any", description: "One file per version, written at different times."},
  vllm: {label: "vLLM result files", scope: "any", description: "vLLM's own --save-result / --output-json files."},
  sglang: {label: "SGLang result files", scope: "any", description: "SGLang bench_serving JSONL output."},
  seed_report: {label: "Report figures", scope: "batch", description: "Figures typed in from a hand-written report."}
};

/** Build-verification runs: never paired; a commit with nothing else measured is `docker_verify_only`. */
export const VERIFY_SOURCES = ["docker_verify"] as const;

/** Pairing scope of a measurement source; an unknown source pairs only within its own file (the safe choice). */
export function pairingScope(source: string): PairingScope {
  return (FAMILY_INFO as Record<string, FamilyInfo>)[source]?.scope ?? "file";
}

/** Preference rank of a source's family (0 = most preferred); unknown sources rank after every known family. */
export function familyRank(source: string): number {
  const i = (FAMILIES as readonly string[]).indexOf(source);
  return i < 0 ? FAMILIES.length : i;
}
