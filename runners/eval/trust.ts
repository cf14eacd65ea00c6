// Trust checks on evaluation scores: the mistakes seed 004 made by hand (0% from a broken pipeline, 20% on a
// four-choice test called "moderate", 100 samples reported as the benchmark, a slow kernel picked by config)
// become flags shown next to the score. Pure rules over rows; the page and `benchbook score` both call them.
import {chanceLevel, datasetFor} from "./datasets.ts";
import {fasterKernel} from "./kernels.ts";
import {wilsonInterval} from "../stats/wilson.ts";
import type {Severity} from "../analysis/vocabulary.ts";

/** Below this share of responses with an answer found, the score measures the parser, not the model. */
export const MIN_EXTRACTION_RATE = 0.9;
/** A score this close to 0 or 1 (with responses present) is treated as exactly 0% / 100%. */
export const DEGENERATE_EPSILON = 1e-9;

export type FlagCode =
  | "below_chance"
  | "near_chance"
  | "degenerate_score"
  | "low_extraction"
  | "partial_benchmark"
  | "n_above_benchmark"
  | "unknown_n"
  | "slow_kernel"
  | "fewshot_mismatch"
  | "nonstandard_metric";

/** Every flag, its severity and what it means: one vocabulary for CLI, loaders and pages. */
export const FLAGS: Record<FlagCode, {severity: Severity; title: string}> = {
  below_chance: {severity: "critical", title: "below chance"},
  degenerate_score: {severity: "critical", title: "0% or 100% with responses present"},
  low_extraction: {severity: "critical", title: "answers not extracted"},
  slow_kernel: {severity: "critical", title: "slow kernel selected"},
  near_chance: {severity: "warning", title: "not above chance"},
  fewshot_mismatch: {severity: "warning", title: "few-shot differs between compared runs"},
  nonstandard_metric: {severity: "warning", title: "not the benchmark's metric"},
  partial_benchmark: {severity: "info", title: "fewer samples than the benchmark"},
  n_above_benchmark: {severity: "warning", title: "more samples than the benchmark has"},
  unknown_n: {severity: "warning", title: "sample count not published"}
};

export type Flag = {code: FlagCode; severity: Severity; message: string};

/** What the checks need to know about one score (one model × preset × dataset run). */
export type ScoreFacts = {
  eval_id: string;
  dataset: string;
  /** Proportion in [0, 1]; null when not scored. */
  score: number | null;
  metric: string | null;
  n: number | null;
  n_expected: number | null;
  n_choices: number | null;
  /** Share of responses in which an answer was found (multiple choice, numbers), when known. */
  extraction_rate: number | null;
  /** Whether responses were present (false: the model returned nothing; null: unknown). */
  responses_present: boolean | null;
  few_shot: number | null;
  kernel_selected: string | null;
  kernel_fast_available: string | null;
};

const pct = (x: number) => `${(x * 100).toFixed(x * 100 >= 10 || x === 0 ? 0 : 1)}%`;

/** The 95% Wilson interval text for a score on n samples, e.g. "95% CI 65–82%". */
export function intervalText(score: number, n: number): string | null {
  const ci = wilsonInterval(score * n, n);
  return ci ? `95% CI ${Math.round(ci.low * 100)}–${Math.round(ci.high * 100)}%` : null;
}

/** The slow-kernel flag of a run (a run without scores earns it too), or null. */
export function kernelFlag(selected: string | null, fastAvailable: string | null): Flag | null {
  const faster = fastAvailable ?? fasterKernel(selected);
  if (!selected || !faster || faster === selected) return null;
  const message = `vLLM ran the ${selected} kernel although ${faster} exists for this checkpoint (set quantization=${faster})`;
  return {code: "slow_kernel", severity: FLAGS.slow_kernel.severity, message};
}

/** Flags that one score earns on its own. */
export function scoreFlags(f: ScoreFacts): Flag[] {
  const out: Flag[] = [];
  const add = (code: FlagCode, message: string) => out.push({code, severity: FLAGS[code].severity, message});
  const info = datasetFor(f.dataset);
  const choices = f.n_choices ?? info?.choices ?? null;
  const chance = chanceLevel(choices);
  if (f.score !== null && chance !== null) {
    const ci = f.n ? wilsonInterval(f.score * f.n, f.n) : null;
    if (f.score < chance) {
      add(
        "below_chance",
        `${pct(f.score)} is below chance (${pct(chance)} for ${choices} choices): guessing would do better; ` +
          "check answer extraction and choice order"
      );
    } else if (ci && ci.low <= chance) {
      add(
        "near_chance",
        `${pct(f.score)} on ${f.n} samples is not distinguishable from chance ` +
          `(${pct(chance)} for ${choices} choices; ${intervalText(f.score, f.n!)})`
      );
    }
  }
  const degenerate = f.score !== null && (f.score <= DEGENERATE_EPSILON || f.score >= 1 - DEGENERATE_EPSILON);
  if (f.score !== null && degenerate && f.responses_present !== false) {
    add(
      "degenerate_score",
      `${f.score <= DEGENERATE_EPSILON ? "0%" : "100%"} with responses present is a pipeline problem until shown ` +
        "otherwise (answer format, test harness, scorer)"
    );
  }
  if (f.extraction_rate !== null && f.extraction_rate < MIN_EXTRACTION_RATE) {
    add(
      "low_extraction",
      `an answer was found in only ${pct(f.extraction_rate)} of responses (threshold ${pct(MIN_EXTRACTION_RATE)}): ` +
        "the score measures the parser"
    );
  }
  if (f.n === null || !(f.n > 0)) {
    add("unknown_n", "the number of samples was not published: no interval can be given");
  } else {
    const expected = f.n_expected ?? info?.size ?? null;
    const split = info?.split ? ` (${info.split} split)` : "";
    if (expected !== null && f.n < expected && f.score !== null) {
      add("partial_benchmark", `n = ${f.n} of ${expected}${split}: ${intervalText(f.score, f.n)}`);
    } else if (expected !== null && f.n > expected) {
      const label = info?.label ?? f.dataset;
      add("n_above_benchmark", `n = ${f.n}, but ${label} has ${expected}${split}: these are not the published benchmark's items`);
    }
  }
  const kernel = kernelFlag(f.kernel_selected, f.kernel_fast_available);
  if (kernel) out.push(kernel);
  if (f.metric && info && f.metric !== info.metric) {
    add(
      "nonstandard_metric",
      `reported as "${f.metric}", but ${info.label} is scored by ${info.metric}: ` +
        `not comparable with published ${info.label} numbers`
    );
  }
  return out;
}

/** Flags that come from comparing runs: the same dataset scored with different few-shot settings. */
export function comparisonFlags(rows: ScoreFacts[]): Map<string, Flag[]> {
  const out = new Map<string, Flag[]>();
  const byDataset = new Map<string, ScoreFacts[]>();
  for (const r of rows) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  for (const [dataset, group] of byDataset) {
    const shots = [...new Set(group.map((r) => r.few_shot).filter((s): s is number => s !== null))].sort((a, b) => a - b);
    if (shots.length < 2) continue;
    const others = (mine: number) => shots.filter((s) => s !== mine).join(", ");
    for (const r of group) {
      if (r.few_shot === null) continue;
      out.set(r.eval_id, [
        {
          code: "fewshot_mismatch",
          severity: FLAGS.fewshot_mismatch.severity,
          message: `${r.few_shot}-shot here, but runs of ${dataset} compared with it used ${others(r.few_shot)}-shot`
        }
      ]);
    }
  }
  return out;
}

/** All flags for a set of compared scores, by eval_id, most severe first. */
export function trustFlags(rows: ScoreFacts[]): Map<string, Flag[]> {
  const comparison = comparisonFlags(rows);
  const rank: Record<Severity, number> = {critical: 0, warning: 1, info: 2};
  const out = new Map<string, Flag[]>();
  for (const r of rows) {
    const flags = [...scoreFlags(r), ...(comparison.get(r.eval_id) ?? [])];
    out.set(r.eval_id, flags.sort((a, b) => rank[a.severity] - rank[b.severity]));
  }
  return out;
}
