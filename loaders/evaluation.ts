// The evaluation page's data: eval_runs, evals and eval_samples from the chosen warehouse, with every trust flag
// computed by runners/eval/trust.ts (never stored, so a threshold change reaches every page on the next build).
// A warehouse without evaluation tables gives empty lists, and the page says so.
import type {Row} from "../runners/warehouse/db.ts";
import {DATASETS, chanceLevel, datasetFor} from "../runners/eval/datasets.ts";
import {FLAGS, kernelFlag, trustFlags, type Flag, type ScoreFacts} from "../runners/eval/trust.ts";
import {EVAL_TABLES} from "../runners/eval/rows.ts";
import {readTable} from "./site-read.ts";
import {tableColumns} from "./site-columns.ts";
import {defaultWarehouse} from "./warehouse.ts";

/** Samples sent to the page per score (the drill-down shows examples, the warehouse keeps all). */
export const MAX_SAMPLES_PER_EVAL = 200;


export type EvalScore = {
  eval_id: string;
  run_id: string;
  model: string | null;
  preset: string | null;
  run_label: string | null;
  dataset: string;
  dataset_label: string;
  metric: string | null;
  score: number | null;
  n: number | null;
  n_expected: number | null;
  ci_low: number | null;
  ci_high: number | null;
  extraction_rate: number | null;
  few_shot: number | null;
  chance: number | null;
  note: string | null;
  samples: number;
  flags: Flag[];
};
export type EvalRun = Row & {run_id: string; flags: Flag[]; datasets: number};
export type EvalSample = {
  eval_id: string;
  sample_id: string;
  prompt: string | null;
  response: string | null;
  extracted: string | null;
  reference: string | null;
  correct: boolean | null;
  status: string;
  why: string | null;
};
export type EvaluationPageData = {
  runs: EvalRun[];
  scores: EvalScore[];
  samples: EvalSample[];
  datasets: {id: string; label: string; size: number | null; choices: number | null; metric: string}[];
  flagTitles: Record<string, {severity: string; title: string}>;
};

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Builds the page data from table rows (pure; tests pass parsed rows). Only each score's headline metric is shown. */
export function evaluationPageData(runRows: Row[], evalRows: Row[], sampleRows: Row[]): EvaluationPageData {
  const runs = new Map(runRows.map((r) => [String(r.run_id), r]));
  const primary = evalRows.filter((e) => e.primary_metric !== false);
  const extraction = extractionBySample(sampleRows);
  const facts: ScoreFacts[] = primary.map((e) => {
    const run = runs.get(String(e.run_id));
    return {
      eval_id: String(e.eval_id),
      dataset: String(e.dataset),
      score: numOrNull(e.score),
      metric: str(e.metric),
      n: numOrNull(e.n),
      n_expected: numOrNull(e.n_expected),
      n_choices: numOrNull(e.n_choices),
      extraction_rate: numOrNull(e.extraction_rate) ?? extraction.get(String(e.eval_id)) ?? null,
      responses_present: typeof e.responses_present === "boolean" ? e.responses_present : null,
      few_shot: numOrNull(e.few_shot),
      kernel_selected: str(run?.kernel_selected),
      kernel_fast_available: str(run?.kernel_fast_available)
    };
  });
  const flags = trustFlags(facts);
  const sampleCount = new Map<string, number>();
  for (const s of sampleRows) sampleCount.set(String(s.eval_id), (sampleCount.get(String(s.eval_id)) ?? 0) + 1);
  const scores: EvalScore[] = primary.map((e, i) => {
    const run = runs.get(String(e.run_id));
    const info = datasetFor(String(e.dataset));
    return {
      eval_id: String(e.eval_id),
      run_id: String(e.run_id),
      model: str(run?.model),
      preset: str(run?.preset),
      run_label: str(run?.run_label) ?? str(run?.model),
      dataset: String(e.dataset),
      dataset_label: info?.label ?? String(e.dataset),
      metric: str(e.metric),
      score: facts[i].score,
      n: facts[i].n,
      n_expected: facts[i].n_expected ?? info?.size ?? null,
      ci_low: numOrNull(e.ci_low),
      ci_high: numOrNull(e.ci_high),
      extraction_rate: facts[i].extraction_rate,
      few_shot: facts[i].few_shot,
      chance: chanceLevel(facts[i].n_choices ?? info?.choices),
      note: str(e.note),
      samples: sampleCount.get(String(e.eval_id)) ?? 0,
      flags: flags.get(String(e.eval_id)) ?? []
    };
  });
  const runList: EvalRun[] = runRows.map((r) => {
    const own = scores.filter((s) => s.run_id === r.run_id);
    // A run without scores (a kernel benchmark) still earns the slow-kernel flag.
    const kernel = kernelFlag(str(r.kernel_selected), str(r.kernel_fast_available));
    return {...r, run_id: String(r.run_id), datasets: own.length, flags: kernel ? [kernel] : []};
  });
  const perEval = new Map<string, number>();
  const samples: EvalSample[] = [];
  for (const s of sampleRows) {
    const id = String(s.eval_id);
    const k = perEval.get(id) ?? 0;
    if (k >= MAX_SAMPLES_PER_EVAL) continue;
    perEval.set(id, k + 1);
    samples.push({
      eval_id: id,
      sample_id: String(s.sample_id),
      prompt: str(s.prompt),
      response: str(s.response),
      extracted: str(s.extracted),
      reference: str(s.reference),
      correct: typeof s.correct === "boolean" ? s.correct : null,
      status: String(s.status ?? ""),
      why: str(s.why)
    });
  }
  return {
    runs: runList,
    scores,
    samples,
    datasets: Object.values(DATASETS).map(({id, label, size, choices, metric}) => ({id, label, size, choices, metric})),
    flagTitles: Object.fromEntries(Object.entries(FLAGS).map(([code, f]) => [code, {severity: f.severity, title: f.title}]))
  };
}

/** Extraction rate per eval_id from stored samples, for scores whose row carries none (lm-eval results + samples). */
function extractionBySample(samples: Row[]): Map<string, number> {
  const counts = new Map<string, {scorable: number; extracted: number}>();
  for (const s of samples) {
    if (s.status === "not_scored" || s.status === "sandbox_error") continue;
    const c = counts.get(String(s.eval_id)) ?? {scorable: 0, extracted: 0};
    c.scorable++;
    if (s.status !== "not_extracted") c.extracted++;
    counts.set(String(s.eval_id), c);
  }
  return new Map([...counts].map(([id, c]) => [id, c.extracted / c.scorable]));
}

/** Reads the three tables of a warehouse (missing ones are empty) and builds the page data. */
export async function evaluationData(warehouse = defaultWarehouse()): Promise<EvaluationPageData> {
  const [runs, evals, samples] = await Promise.all([
    readTable(EVAL_TABLES.runs, tableColumns(EVAL_TABLES.runs), {warehouse, orderBy: "model, preset NULLS LAST, run_label"}),
    readTable(EVAL_TABLES.evals, tableColumns(EVAL_TABLES.evals), {warehouse, orderBy: "run_id, dataset, metric"}),
    readTable(EVAL_TABLES.samples, tableColumns(EVAL_TABLES.samples), {warehouse, orderBy: "eval_id, sample_id"})
  ]);
  return evaluationPageData(runs, evals, samples);
}
