// BenchBook's format for evaluation scores typed in from a report (data/seeds/seed-004-eval.json): runs of a
// model under a preset, with the preset's settings, the system figures (memory, throughput, GPU utilisation), the
// vLLM log lines the report quoted, and each dataset's published score on n samples. The report's own verdicts
// ("moderate", "excellent") are not data: trust checks judge the numbers instead.
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {resolveKernel} from "../eval/kernels.ts";
import {evalRow, fromFile, runRow, stableId} from "../eval/rows.ts";
import type {Row} from "../warehouse/db.ts";
import type {Format} from "./types.ts";

export const EVAL_FIGURES = "eval-figures";
export const EVAL_FIGURES_FORMAT = "benchbook.eval-figures/v1";

const text = z.string().min(1);
const Score = z.object({
  dataset: text,
  /** Score as the report printed it, in percent. */
  score_pct: z.number().min(0).max(100),
  /** Samples the score was computed on; null when the report does not say. */
  n: z.number().int().positive().nullable(),
  /** Correct answers, when the report gave a count (0/4). */
  correct: z.number().int().nonnegative().nullish(),
  /** The metric as the report named it, when it is not the dataset's standard one ("function extraction"). */
  metric: z.string().nullish(),
  few_shot: z.number().int().nonnegative().nullish(),
  /** false when the report says the model returned nothing; omitted when responses were present. */
  responses_present: z.boolean().optional(),
  note: z.string().nullish()
});
const Run = z.object({
  id: text,
  label: text,
  model: text,
  model_id: z.string().nullish(),
  preset: z.string().nullish(),
  date: z.string().nullish(),
  engine: z.string().nullish(),
  gpu: z.string().nullish(),
  settings: z
    .object({
      quantization: z.string().nullish(),
      gpu_memory_utilization: z.number().min(0).max(1).nullish(),
      max_num_seqs: z.number().int().positive().nullish(),
      batch_size: z.number().int().positive().nullish(),
      prefix_caching: z.boolean().nullish(),
      max_model_len: z.number().int().positive().nullish()
    })
    .default({}),
  system: z
    .object({
      memory_used_gb: z.number().positive().nullish(),
      throughput_tok_s: z.number().positive().nullish(),
      input_throughput_tok_s: z.number().positive().nullish(),
      gpu_util_pct: z.number().min(0).max(100).nullish()
    })
    .default({}),
  /** vLLM log lines the report quoted; the kernel is read from them like from a real log. */
  log_excerpt: z.array(z.string()).default([]),
  note: z.string().nullish(),
  scores: z.array(Score).default([])
});
const EvalFigures = z.object({
  format: z.literal(EVAL_FIGURES_FORMAT),
  source: z.object({file: text, title: z.string().nullish(), note: z.string().nullish()}),
  runs: z.array(Run).min(1)
});
export type EvalFiguresDoc = z.input<typeof EvalFigures>;

export const evalFiguresFormat: Format = {
  name: EVAL_FIGURES,
  description: `Evaluation scores typed in from a report (${EVAL_FIGURES_FORMAT}: runs, presets, system figures, scores on n)`,
  detect({text: t, json}) {
    if (json && typeof json === "object" && !Array.isArray(json)) {
      return {match: (json as {format?: unknown}).format === EVAL_FIGURES_FORMAT};
    }
    // Text naming the format that does not parse as JSON: a broken figures file, quarantined.
    const named = json === undefined && t.slice(0, 400).includes(`"${EVAL_FIGURES_FORMAT}"`);
    return named ? {match: true, broken: true} : {match: false};
  },
  parse({json}, ctx) {
    const parsed = EvalFigures.safeParse(json, {reportInput: true});
    if (!parsed.success) {
      throw new InputError(ctx.path, `not a ${EVAL_FIGURES_FORMAT} file:\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    }
    const doc = parsed.data;
    const ids = new Set<string>();
    const runs: Row[] = [];
    const evals: Row[] = [];
    for (const [i, r] of doc.runs.entries()) {
      if (ids.has(r.id)) {
        throw new InputError(`${ctx.path}: runs[${i}].id`, `expected a unique run id, found ${JSON.stringify(r.id)} twice`);
      }
      ids.add(r.id);
      const run_id = stableId(ctx.runSet, ctx.path, r.id);
      const kernel = resolveKernel(r.settings.quantization, r.log_excerpt.join("\n"));
      runs.push(
        runRow(ctx, EVAL_FIGURES, {
          run_id,
          model: r.model,
          model_id: r.model_id ?? null,
          run_label: r.label,
          preset: r.preset ?? null,
          date: r.date ?? null,
          engine: r.engine ?? null,
          gpu: r.gpu ?? null,
          ...r.settings,
          ...r.system,
          kernel_selected: kernel.selected,
          kernel_fast_available: kernel.fastAvailable,
          kernel_evidence: kernel.evidence,
          source: [doc.source.file, doc.source.title].filter(Boolean).join(": "),
          note: r.note ?? null
        })
      );
      const seen = new Set<string>();
      for (const [j, s] of r.scores.entries()) {
        const key = `${s.dataset}/${s.metric ?? ""}`;
        const where = `${ctx.path}: runs[${i}].scores[${j}]`;
        if (seen.has(key)) throw new InputError(where, `expected each dataset and metric once per run, found ${key} twice`);
        seen.add(key);
        if (s.correct != null && s.n != null && s.correct > s.n) {
          throw new InputError(`${where}.correct`, `expected at most n = ${s.n}, found ${s.correct}`);
        }
        evals.push(
          fromFile(
            ctx,
            evalRow({
              eval_id: stableId(run_id, s.dataset, s.metric),
              run_id,
              dataset: s.dataset,
              task: s.dataset,
              metric: s.metric ?? undefined,
              score: s.score_pct / 100,
              n: s.n,
              correct: s.correct ?? null,
              few_shot: s.few_shot ?? null,
              responses_present: s.responses_present ?? true,
              note: s.note ?? null
            })
          )
        );
      }
    }
    return {tables: {eval_runs: runs, evals}};
  }
};
