// BenchBook's own predictions file (JSONL, one prediction per line; fields in PredictionSchema and README
// `## Evaluation accuracy`): read, validated line by line, scored and turned into rows. Shared by the ingest
// format (pure: code samples wait for the sandbox) and `benchbook score` (which runs them).
import {readJsonLines} from "../formats/json-lines.ts";
import type {Skipped} from "../formats/skipped.ts";
import type {Row} from "../warehouse/db.ts";
import {datasetFor} from "./datasets.ts";
import {clip, evalRow, EVAL_TABLES, fromFile, runRow, shape, stableId, summarizeSamples} from "./rows.ts";
import {PredictionSchema, type Prediction, type SampleScore} from "./score.ts";

export type PredictionLine = {line: number; p: Prediction};

/** Parses a predictions JSONL text; bad lines come back as skipped (line, text, why), never dropped silently. */
export function readPredictions(text: string): {lines: PredictionLine[]; skipped: Skipped[]} {
  const {records, skipped} = readJsonLines(text, PredictionSchema);
  return {lines: records.map(({line, value}) => ({line, p: value})), skipped};
}

/** Whether a text's first line looks like a predictions record (dataset, id, response). */
export function looksLikePredictions(text: string): boolean {
  const end = text.indexOf("\n");
  const first = (end < 0 ? text : text.slice(0, end)).trim();
  try {
    const v = JSON.parse(first);
    return !!v && typeof v === "object" && !Array.isArray(v) && "dataset" in v && "id" in v && "response" in v && !("doc_id" in v);
  } catch {
    return false;
  }
}

export type RunContext = {path: string; runSet: string; sha256: string};
export type RunOverrides = {
  model?: string;
  preset?: string;
  few_shot?: number;
  quantization?: string;
  /** System figures of the run (from the vLLM log or given on the command line). */
  system?: {memory_used_gb?: number | null; throughput_tok_s?: number | null; gpu_util_pct?: number | null; note?: string | null};
};

/** Rows for scored predictions: one run per (model, preset), one evals row per dataset, one sample row per line. */
export function predictionRows(
  ctx: RunContext,
  format: string,
  scored: Array<PredictionLine & {score: SampleScore}>,
  o: RunOverrides & {kernel?: {selected: string | null; fastAvailable: string | null; evidence: string[]}} = {}
): {eval_runs: Row[]; evals: Row[]; eval_samples: Row[]} {
  const runs = new Map<string, Row>();
  const groups = new Map<string, {run_id: string; dataset: string; few: Set<number>; items: Array<PredictionLine & {score: SampleScore}>}>();
  for (const item of scored) {
    const model = o.model ?? item.p.model ?? "unknown model";
    const preset = o.preset ?? item.p.preset ?? null;
    const run_id = stableId(ctx.runSet, ctx.path, model, preset);
    if (!runs.has(run_id)) {
      runs.set(
        run_id,
        runRow(ctx, format, {
          run_id,
          model,
          run_label: [model, preset].filter(Boolean).join(", "),
          preset,
          quantization: o.quantization ?? null,
          kernel_selected: o.kernel?.selected ?? null,
          kernel_fast_available: o.kernel?.fastAvailable ?? null,
          kernel_evidence: o.kernel?.evidence ?? null,
          memory_used_gb: o.system?.memory_used_gb ?? null,
          throughput_tok_s: o.system?.throughput_tok_s ?? null,
          gpu_util_pct: o.system?.gpu_util_pct ?? null,
          note: o.system?.note ?? null,
          source: ctx.path
        })
      );
    }
    const dataset = datasetFor(item.p.dataset)?.id ?? item.p.dataset;
    const key = `${run_id}\u0000${dataset}`;
    const g = groups.get(key) ?? {run_id, dataset, few: new Set<number>(), items: []};
    const shot = o.few_shot ?? item.p.few_shot;
    if (shot !== undefined) g.few.add(shot);
    g.items.push(item);
    groups.set(key, g);
  }
  const evals: Row[] = [];
  const samples: Row[] = [];
  for (const g of groups.values()) {
    const eval_id = stableId(g.run_id, g.dataset);
    const summary = summarizeSamples(g.items.map(({p, score}) => ({...score, response: p.response})));
    const unscored = g.items.length - summary.n;
    evals.push(
      fromFile(
        ctx,
        evalRow({
          eval_id,
          run_id: g.run_id,
          dataset: g.dataset,
          score: summary.score,
          n: summary.n || null,
          correct: summary.correct,
          extraction_rate: summary.extraction_rate,
          responses_present: summary.responses_present,
          few_shot: g.few.size === 1 ? [...g.few][0] : null,
          note: [
            unscored ? `${unscored} of ${g.items.length} samples not scored (see eval_samples.why)` : null,
            g.few.size > 1 ? `mixed few-shot settings in one file: ${[...g.few].join(", ")}` : null
          ]
            .filter(Boolean)
            .join("; ") || null
        })
      )
    );
    for (const {p, score} of g.items) {
      samples.push(
        fromFile(
          ctx,
          shape(EVAL_TABLES.samples, {
            eval_id,
            sample_id: p.id,
            dataset: g.dataset,
            prompt: clip(p.prompt),
            response: clip(p.response),
            extracted: clip(score.extracted, 2000),
            reference: clip(p.reference === undefined ? null : String(p.reference), 2000),
            correct: score.correct,
            status: score.status,
            why: score.why,
            duration_ms: score.durationMs ?? null
          })
        )
      );
    }
  }
  return {eval_runs: [...runs.values()], evals, eval_samples: samples};
}
