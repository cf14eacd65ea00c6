// EleutherAI lm-evaluation-harness 0.4 per-sample output (`--log_samples`: samples_<task>_<date>.jsonl, written by
// EvaluationTracker.save_results_samples): one JSON object per document with doc_id, doc, target, arguments
// ({gen_args_0: {arg_0: prompt, arg_1: generation kwargs}}), resps, filtered_resps, the metric values (acc,
// exact_match …) and, in newer releases, `filter` and `metrics`. Rows join the results file's evals by id.
import {z} from "zod";
import {InputError} from "../errors.ts";
import {datasetFor} from "../eval/datasets.ts";
import {LETTERS} from "../eval/choice-answer.ts";
import {clip, fromFile, shape, EVAL_TABLES} from "../eval/rows.ts";
import type {SampleStatus} from "../eval/score.ts";
import type {Row} from "../warehouse/db.ts";
import type {Format} from "./types.ts";
import {firstJsonLine, readJsonLines} from "./json-lines.ts";
import {describeSkipped, skippedRows} from "./skipped.ts";
import {headlineFilter, lmEvalEvalId, lmEvalRunId, primaryMetricKey, sampleTaskOf} from "./lm-eval-common.ts";

export const LM_EVAL_SAMPLES = "lm-eval-samples";

/** Keys every --log_samples line has (lm_eval/evaluator.py, the `example` dict of evaluate()). */
export const LM_EVAL_SAMPLE_KEYS = ["doc_id", "doc", "target", "arguments", "resps", "filtered_resps"] as const;

const Sample = z
  .object({
    doc_id: z.number().int(),
    doc: z.unknown(),
    target: z.unknown(),
    arguments: z.unknown(),
    resps: z.array(z.unknown()),
    filtered_resps: z.array(z.unknown()),
    filter: z.string().optional(),
    metrics: z.array(z.string()).optional()
  })
  .loose();
type Sample = z.infer<typeof Sample>;

/** Keys of a line that are not metric values. */
const NOT_METRICS = new Set([...LM_EVAL_SAMPLE_KEYS, "filter", "metrics", "doc_hash", "prompt_hash", "target_hash"]);

/** lm-eval's regex filters answer "[invalid]" when nothing matched (lm_eval/filters/extraction.py fallback). */
const INVALID = "[invalid]";

function promptOf(args: unknown): string | null {
  // 0.4.3+: {"gen_args_0": {"arg_0": prompt, "arg_1": kwargs}}; older: [[prompt, kwargs], …]
  if (args && typeof args === "object" && !Array.isArray(args)) {
    const first = (args as Record<string, Record<string, unknown>>).gen_args_0;
    return typeof first?.arg_0 === "string" ? first.arg_0 : null;
  }
  if (Array.isArray(args) && Array.isArray(args[0]) && typeof args[0][0] === "string") return args[0][0];
  return null;
}

const finite = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

/** A target as a person reads it: the answer after GSM8K's "####", an option letter for an index. */
function targetText(target: unknown): string {
  const t = typeof target === "string" ? target : JSON.stringify(target);
  const marker = t.lastIndexOf("####");
  if (marker >= 0) return JSON.stringify(t.slice(marker + 4).trim());
  return /^\d$/.test(t) ? `${t} (${LETTERS[Number(t)]})` : JSON.stringify(t.length > 80 ? `${t.slice(0, 80)}…` : t);
}

/** What a line says the model answered, and why it was scored as it was. */
type Described = {response: string | null; extracted: string | null; why: string; status: SampleStatus};

function describe(s: Sample, metricKey: string, value: number | null): Described {
  const metric = metricKey.split(",")[0];
  const verdict = value === null ? `${metric} missing` : `${metric} = ${value}`;
  const resps = s.resps as unknown[];
  // Multiple choice: one [loglikelihood, is_greedy] pair per option, stringified by lm-eval's sanitize_list
  // (["-14.5", "False"]) in files, numbers in memory.
  const isPair = (r: unknown): r is unknown[] => Array.isArray(r) && r.length === 2 && /^(true|false)$/i.test(String(r[1]));
  const lls = s.filtered_resps.map((r) => (isPair(r) ? finite(r[0]) : null));
  if (lls.length > 1 && lls.every((x) => x !== null)) {
    const best = lls.indexOf(Math.max(...(lls as number[])));
    const letter = LETTERS[best] ?? String(best);
    return {
      response: `log-likelihoods: ${(lls as number[]).map((x, i) => `${LETTERS[i] ?? i} ${x.toFixed(2)}`).join(", ")}`,
      extracted: letter,
      why: `highest log-likelihood is option ${letter}; target ${targetText(s.target)}; ${verdict}`,
      status: value === null ? "not_scored" : value >= 1 ? "correct" : "incorrect"
    };
  }
  const response = flat(resps).find((x) => typeof x === "string") as string | undefined;
  const filtered = flat(s.filtered_resps).find((x) => typeof x === "string") as string | undefined;
  const extracted = filtered === undefined || filtered === INVALID ? null : filtered;
  const status: SampleStatus =
    value === null ? "not_scored" : filtered === INVALID ? "not_extracted" : value >= 1 ? "correct" : "incorrect";
  const filter = `the ${s.filter ?? "answer"} filter`;
  const how = filtered === INVALID ? `${filter} found no answer ("${INVALID}")` : `${filter} read ${JSON.stringify(filtered)}`;
  return {response: response ?? null, extracted, why: `${how}; target ${targetText(s.target)}; ${verdict}`, status};
}

export const lmEvalSamplesFormat: Format = {
  name: LM_EVAL_SAMPLES,
  description: "EleutherAI lm-evaluation-harness --log_samples output (samples_<task>_<date>.jsonl)",
  detect({path, text, json}) {
    const head = firstJsonLine(text, json);
    if (!head.ok) return sampleTaskOf(path) ? {match: true, broken: true} : {match: false};
    const first = head.value;
    if (!first || typeof first !== "object" || Array.isArray(first)) return {match: false};
    const keys = Object.keys(first);
    const match = LM_EVAL_SAMPLE_KEYS.every((k) => keys.includes(k));
    return {match, broken: match && !sampleTaskOf(path)};
  },
  parse({text}, ctx) {
    const task = sampleTaskOf(ctx.path);
    if (!task) {
      throw new InputError(ctx.path, "expected lm-eval's file name samples_<task>_<date>.jsonl (the task and run are read from it)");
    }
    const run_id = lmEvalRunId(ctx.runSet, ctx.path);
    const info = datasetFor(task);
    const {records, skipped} = readJsonLines(text, Sample);
    const lines = records.map(({value, line}) => ({s: value, line}));
    if (!lines.length) throw new InputError(ctx.path, `no valid lm-eval sample lines${skipped.length ? `:\n${describeSkipped(ctx.path, skipped)}` : " (empty file)"}`);
    const metricNames = (s: Sample) => Object.keys(s).filter((k) => !NOT_METRICS.has(k) && typeof s[k] === "number");
    const unfiltered = headlineFilter(task, [...new Set(lines.flatMap(({s}) => metricNames(s)))]);
    const primary = primaryMetricKey(task, [...new Set(lines.flatMap(({s}) => metricNames(s).map((k) => `${k},${s.filter ?? unfiltered}`)))]);
    if (!primary) throw new InputError(ctx.path, "expected metric values (acc, exact_match …) on each line, found none");
    const [metric, filter] = primary.split(",");
    const eval_id = lmEvalEvalId(run_id, task, primary);
    const seen = new Set<number>();
    const samples: Row[] = [];
    for (const {s} of lines) {
      // Older releases repeat each document once per filter without saying which: the first is the headline filter.
      if (s.filter !== undefined && s.filter !== filter) continue;
      if (seen.has(s.doc_id)) continue;
      seen.add(s.doc_id);
      const value = typeof s[metric] === "number" ? (s[metric] as number) : null;
      const d = describe(s, primary, value);
      samples.push(
        fromFile(
          ctx,
          shape(EVAL_TABLES.samples, {
            eval_id,
            sample_id: String(s.doc_id),
            dataset: info?.id ?? task,
            prompt: clip(promptOf(s.arguments)),
            response: clip(d.response),
            extracted: clip(d.extracted, 500),
            reference: clip(typeof s.target === "string" ? s.target : JSON.stringify(s.target), 2000),
            correct: value === null ? null : value >= 1,
            status: d.status,
            why: d.why,
            duration_ms: null
          })
        )
      );
    }
    return {tables: {eval_samples: samples, data_quality: skippedRows(ctx, skipped)}};
  }
};
