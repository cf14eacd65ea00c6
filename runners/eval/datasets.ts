// The evaluation vocabulary, defined once: which benchmarks BenchBook knows, how each is scored, how many items the
// full benchmark has (to say when a run used fewer), how many choices (to say what chance is), and its standard
// metric (to say when a report used another one). Formats, scorers, trust checks and pages import it.

export type ScoringKind = "number" | "choice" | "code" | "json" | "judge";

export type DatasetInfo = {
  /** Canonical id used in every table. */
  id: string;
  label: string;
  kind: ScoringKind;
  /** Items in the split the benchmark is normally reported on; null when there is no fixed size. */
  size: number | null;
  /** Which split `size` counts (said on the page next to n). */
  split: string | null;
  /** Answer options per item for multiple-choice benchmarks (chance = 1 / choices). */
  choices: number | null;
  /** The metric the benchmark's score normally means. */
  metric: string;
  /** Other names this benchmark goes by in lm-eval task names and reports (lower case). */
  aliases: string[];
};

/** Metric names, defined once. All are proportions in [0, 1], higher is better. */
export const METRICS = {
  accuracy: "accuracy",
  accuracyNorm: "accuracy (length-normalised)",
  exactMatch: "exact match",
  passAt1: "pass@1",
  jsonValidity: "valid JSON for the declared schema",
  judgeScore: "judge score"
} as const;

export const DATASETS: Record<string, DatasetInfo> = {
  gsm8k: {
    id: "gsm8k", label: "GSM8K", kind: "number", size: 1319, split: "test", choices: null, metric: METRICS.exactMatch,
    aliases: ["gsm8k", "gsm8k_cot", "gsm8k_cot_zeroshot", "gsm8k_cot_self_consistency", "gsm8k_platinum"]
  },
  arc_challenge: {
    id: "arc_challenge", label: "ARC-Challenge", kind: "choice", size: 1172, split: "test", choices: 4, metric: METRICS.accuracy,
    aliases: ["arc_challenge", "arc challenge", "arc-challenge", "ai2_arc", "arc_challenge_chat"]
  },
  hellaswag: {
    id: "hellaswag", label: "HellaSwag", kind: "choice", size: 10042, split: "validation", choices: 4, metric: METRICS.accuracy,
    aliases: ["hellaswag"]
  },
  mmlu: {
    id: "mmlu", label: "MMLU", kind: "choice", size: 14042, split: "test", choices: 4, metric: METRICS.accuracy,
    aliases: ["mmlu"]
  },
  mmlu_pro: {
    id: "mmlu_pro", label: "MMLU-Pro", kind: "choice", size: 12032, split: "test", choices: 10, metric: METRICS.exactMatch,
    aliases: ["mmlu_pro", "leaderboard_mmlu_pro"]
  },
  humaneval: {
    id: "humaneval", label: "HumanEval", kind: "code", size: 164, split: "test", choices: null, metric: METRICS.passAt1,
    aliases: ["humaneval", "openai_humaneval", "humaneval_instruct"]
  },
  mbpp: {
    id: "mbpp", label: "MBPP", kind: "code", size: 500, split: "test", choices: null, metric: METRICS.passAt1,
    aliases: ["mbpp", "mbpp_plus"]
  },
  mt_bench: {
    id: "mt_bench", label: "MT-Bench", kind: "judge", size: 80, split: "questions", choices: null, metric: METRICS.judgeScore,
    aliases: ["mt_bench", "mt-bench", "mtbench"]
  },
  function_calling: {
    id: "function_calling", label: "Function calling", kind: "json", size: null, split: null, choices: null,
    metric: METRICS.jsonValidity, aliases: ["function_calling", "function calling", "tool_calling"]
  }
};

/** The dataset an lm-eval task name or a report's dataset name refers to, or null when BenchBook does not know it. */
export function datasetFor(name: string): DatasetInfo | null {
  const key = name.trim().toLowerCase();
  if (DATASETS[key]) return DATASETS[key];
  for (const info of Object.values(DATASETS)) if (info.aliases.includes(key)) return info;
  // lm-eval variants (gsm8k_cot_llama, hellaswag_de …): the longest alias that prefixes the name wins, so
  // mmlu_pro_math is MMLU-Pro (10 choices), not MMLU (4).
  let best: {info: DatasetInfo; len: number} | null = null;
  for (const info of Object.values(DATASETS)) {
    for (const a of info.aliases) if (key.startsWith(`${a}_`) && a.length > (best?.len ?? 0)) best = {info, len: a.length};
  }
  return best?.info ?? null;
}

/** Probability of answering right by guessing among `choices` options. */
export function chanceLevel(choices: number | null | undefined): number | null {
  return choices && choices > 1 ? 1 / choices : null;
}
