// Builds the rows of the three evaluation tables (eval_runs, evals, eval_samples; columns in
// runners/warehouse/schema.ts) so every format and `benchbook score` fill them the same way: the interval,
// stderr and extraction rate are computed here, once, from n and the score.
import {createHash} from "node:crypto";
import type {Row} from "../warehouse/db.ts";
import {TABLES} from "../warehouse/schema.ts";
import {proportionStderr, wilsonInterval} from "../stats/wilson.ts";
import {datasetFor} from "./datasets.ts";
import type {SampleScore} from "./score.ts";

export const EVAL_TABLES = {runs: "eval_runs", evals: "evals", samples: "eval_samples"} as const;

/** Longest response/prompt text kept per sample (the page shows excerpts; the source file keeps the rest). */
export const MAX_SAMPLE_TEXT = 8000;

/** A short stable id from parts (file path, task, model …). */
export function stableId(...parts: Array<string | number | null | undefined>): string {
  return createHash("sha256").update(parts.map((p) => String(p ?? "")).join("\u0000")).digest("hex").slice(0, 16);
}

/** Keeps a row to its table's columns, missing ones as null (so every format writes the same shape). */
export function shape(table: string, row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const c of Object.keys(TABLES[table].columns)) out[c] = row[c] ?? null;
  return out;
}

export function clip(text: string | null | undefined, max = MAX_SAMPLE_TEXT): string | null {
  if (text === null || text === undefined) return null;
  return text.length > max ? `${text.slice(0, max)}… [${text.length - max} more characters]` : text;
}

export type EvalFigures = {
  eval_id: string;
  run_id: string;
  dataset: string;
  task?: string | null;
  metric?: string | null;
  primary_metric?: boolean;
  score: number | null;
  n: number | null;
  n_expected?: number | null;
  correct?: number | null;
  stderr?: number | null;
  extraction_rate?: number | null;
  responses_present?: boolean | null;
  few_shot?: number | null;
  n_choices?: number | null;
  note?: string | null;
};

/** An `evals` row: fills the benchmark's size and choices from the vocabulary, the Wilson interval and stderr. */
export function evalRow(f: EvalFigures): Row {
  const info = datasetFor(f.dataset);
  const n = f.n && f.n > 0 ? f.n : null;
  const correct = f.correct ?? (f.score !== null && n ? f.score * n : null);
  const ci = f.score !== null && n ? wilsonInterval(correct!, n) : null;
  return shape(EVAL_TABLES.evals, {
    ...f,
    dataset: info?.id ?? f.dataset,
    task: f.task ?? f.dataset,
    metric: f.metric ?? info?.metric ?? null,
    primary_metric: f.primary_metric ?? true,
    n,
    n_expected: f.n_expected ?? info?.size ?? null,
    correct,
    ci_low: ci?.low ?? null,
    ci_high: ci?.high ?? null,
    stderr: f.stderr ?? (f.score !== null && n ? proportionStderr(f.score, n) : null),
    n_choices: f.n_choices ?? info?.choices ?? null
  });
}

export type SampleSummary = {n: number; correct: number; score: number | null; extraction_rate: number | null; responses_present: boolean};

/** Score and extraction rate of scored samples. Unscorable samples (no reference, no judge) are not in n. */
export function summarizeSamples(samples: Array<Pick<SampleScore, "correct" | "status"> & {response?: string | null}>): SampleSummary {
  const scored = samples.filter((s) => s.correct !== null);
  const correct = scored.filter((s) => s.correct).length;
  const extractable = samples.filter((s) => s.status !== "not_scored" && s.status !== "sandbox_error");
  const extracted = extractable.filter((s) => s.status !== "not_extracted").length;
  return {
    n: scored.length,
    correct,
    score: scored.length ? correct / scored.length : null,
    extraction_rate: extractable.length ? extracted / extractable.length : null,
    responses_present: samples.some((s) => (s.response ?? "").trim().length > 0)
  };
}

export type RunFigures = {
  run_id: string;
  model: string | null;
  model_id?: string | null;
  run_label?: string | null;
  preset?: string | null;
  date?: string | null;
  engine?: string | null;
  gpu?: string | null;
  quantization?: string | null;
  kernel_selected?: string | null;
  kernel_fast_available?: string | null;
  kernel_evidence?: string[] | null;
  gpu_memory_utilization?: number | null;
  max_num_seqs?: number | null;
  batch_size?: number | null;
  prefix_caching?: boolean | null;
  max_model_len?: number | null;
  memory_used_gb?: number | null;
  throughput_tok_s?: number | null;
  input_throughput_tok_s?: number | null;
  gpu_util_pct?: number | null;
  source?: string | null;
  note?: string | null;
};

/** An `eval_runs` row for a file of `format`. The kernel comes from the log evidence when the figures do not say. */
export function runRow(ctx: {path: string; runSet: string; sha256: string}, format: string, f: RunFigures): Row {
  return shape(EVAL_TABLES.runs, {
    ...f,
    run_set: ctx.runSet,
    file: ctx.path,
    file_sha256: ctx.sha256,
    format,
    kernel_evidence: f.kernel_evidence?.length ? f.kernel_evidence.join("\n") : null
  });
}

/** Adds the file's run_set and path to evals/eval_samples rows (the warehouse writer replaces a file's rows by them). */
export function fromFile<T extends Row>(ctx: {path: string; runSet: string}, row: T): T {
  return {...row, run_set: ctx.runSet, file: ctx.path};
}
