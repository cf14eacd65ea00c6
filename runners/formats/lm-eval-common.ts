// What EleutherAI lm-evaluation-harness (0.4) result and sample files share: metric keys are "<metric>,<filter>"
// (lm_eval/evaluator_utils.py consolidate_results), files are named results_<date_id>.json and
// samples_<task>_<date_id>.jsonl in one folder per model (lm_eval/loggers/evaluation_tracker.py), and which metric
// of a task is its headline number. Both formats use these so a samples file joins its results file.
import {posix} from "node:path";
import {datasetFor, METRICS} from "../eval/datasets.ts";
import {stableId} from "../eval/rows.ts";

/** lm-eval metric names → BenchBook's metric vocabulary. */
export const LM_EVAL_METRICS: Record<string, string> = {
  acc: METRICS.accuracy,
  acc_norm: METRICS.accuracyNorm,
  exact_match: METRICS.exactMatch,
  "pass@1": METRICS.passAt1,
  pass_at_1: METRICS.passAt1
};

/** Headline metric key per dataset kind, in preference order (the filter lm-eval's task YAMLs report first). */
const PRIMARY: Record<string, string[]> = {
  number: ["exact_match,strict-match", "exact_match,flexible-extract", "exact_match,none"],
  choice: ["acc,none", "exact_match,none", "acc_norm,none"],
  code: ["pass@1,create_test", "pass_at_1,none", "pass@1,none"]
};

/**
 * The filter a sample line without one belongs to. Older releases write no `filter`: each document once per filter,
 * in the task's filter order, whose first is the headline one (gsm8k: strict-match). The first line of a document is
 * therefore the headline filter of its metric, and joins the results file's "<metric>,<that filter>" row.
 */
export function headlineFilter(task: string, metrics: string[]): string {
  const kind = datasetFor(task)?.kind;
  const key = (PRIMARY[kind ?? ""] ?? []).find((k) => metrics.includes(k.slice(0, k.indexOf(","))));
  return key ? key.slice(key.indexOf(",") + 1) : "none";
}

/** Splits "exact_match,strict-match" into metric and filter; null for stderr keys and non-metric keys. */
export function splitMetricKey(key: string): {metric: string; filter: string} | null {
  const i = key.indexOf(",");
  if (i < 0) return null;
  const metric = key.slice(0, i);
  if (metric.endsWith("_stderr")) return null;
  return {metric, filter: key.slice(i + 1)};
}

/** The headline metric key among a task's keys. */
export function primaryMetricKey(task: string, keys: string[]): string | null {
  const kind = datasetFor(task)?.kind;
  for (const k of PRIMARY[kind ?? ""] ?? []) if (keys.includes(k)) return k;
  return keys.find((k) => splitMetricKey(k)) ?? null;
}

/**
 * The `<date_id>` lm-eval puts in file names (`results_2024-05-01T12-00-00.123456.json`), or null. With
 * `--output_path run.json` the results file is `run_<date_id>.json` beside the samples (evaluation_tracker.py).
 */
export function dateIdOf(path: string): string | null {
  const base = posix.basename(path);
  const m =
    /^results_(.+)\.json$/.exec(base) ??
    /^samples_.+_(\d{4}-\d{2}-\d{2}T[^_]+)\.jsonl$/.exec(base) ??
    /^.+_(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?)\.json$/.exec(base);
  return m ? m[1] : null;
}

/** The task of a samples file name (`samples_gsm8k_2024-05-01T12-00-00.123456.jsonl` → gsm8k). */
export function sampleTaskOf(path: string): string | null {
  const m = /^samples_(.+)_(\d{4}-\d{2}-\d{2}T[^_]+)\.jsonl$/.exec(posix.basename(path));
  return m ? m[1] : null;
}

/** Same ids from a results file and from its samples files: (run set, folder, date id) and task + metric key. */
export function lmEvalRunId(runSet: string, path: string): string {
  return stableId(runSet, "lm-eval", posix.dirname(path), dateIdOf(path) ?? posix.basename(path));
}
export function lmEvalEvalId(runId: string, task: string, metricKey: string): string {
  return stableId(runId, task, metricKey);
}

/** Parses lm-eval's `model_args` ("pretrained=Qwen/X,gpu_memory_utilization=0.8" or an object) into a map. */
export function parseModelArgs(args: unknown): Record<string, string> {
  if (args && typeof args === "object" && !Array.isArray(args)) {
    return Object.fromEntries(Object.entries(args as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  if (typeof args !== "string") return {};
  const out: Record<string, string> = {};
  for (const part of args.split(",")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
