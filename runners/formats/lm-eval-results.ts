// EleutherAI lm-evaluation-harness 0.4 aggregated results (`results_<date>.json`, written by
// EvaluationTracker.save_results_aggregated): per task the metric values ("acc,none", "exact_match,strict-match")
// and their "_stderr" twins, plus `n-shot`, `n-samples` {original, effective}, `configs`, `versions` and
// `config.model_args`, from which a vLLM run's preset (gpu_memory_utilization, max_num_seqs, quantization …) is read.
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {datasetFor} from "../eval/datasets.ts";
import {resolveKernel} from "../eval/kernels.ts";
import {evalRow, fromFile, runRow} from "../eval/rows.ts";
import type {Row} from "../warehouse/db.ts";
import type {Format} from "./types.ts";
import {LM_EVAL_METRICS, lmEvalEvalId, lmEvalRunId, parseModelArgs} from "./lm-eval-common.ts";
import {primaryMetricKey, splitMetricKey} from "./lm-eval-common.ts";

export const LM_EVAL_RESULTS = "lm-eval-results";

const num = z.union([z.number(), z.string()]);
const ResultsFile = z
  .object({
    results: z.record(z.string(), z.record(z.string(), z.unknown())),
    configs: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    versions: z.record(z.string(), z.unknown()).optional(),
    "n-shot": z.record(z.string(), num.nullable()).optional(),
    "n-samples": z.record(z.string(), z.object({original: z.number(), effective: z.number()})).optional(),
    higher_is_better: z.record(z.string(), z.record(z.string(), z.boolean().nullable())).optional(),
    group_subtasks: z.record(z.string(), z.array(z.string())).optional(),
    // 0.4.0/0.4.1: groups' pooled numbers, repeated in `results`, with no group_subtasks to say which keys they are
    groups: z.record(z.string(), z.unknown()).optional(),
    config: z
      .object({
        model: z.string().nullish(),
        model_args: z.unknown().optional(),
        batch_size: z.unknown().optional(),
        limit: z.unknown().optional()
      })
      .loose()
      .optional(),
    model_name: z.string().nullish(),
    date: z.union([z.number(), z.string()]).nullish()
  })
  .loose();

const looksLikeResults = (j: Record<string, unknown>) =>
  typeof j.results === "object" && j.results !== null && ("n-shot" in j || "versions" in j || "configs" in j);

const toNumber = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const toBool = (v: string | undefined): boolean | null =>
  v === undefined ? null : /^(true|1|yes)$/i.test(v) ? true : /^(false|0|no)$/i.test(v) ? false : null;

export const lmEvalResultsFormat: Format = {
  name: LM_EVAL_RESULTS,
  description: "EleutherAI lm-evaluation-harness 0.4 results_<date>.json (metrics per task, n-shot, n-samples, model_args)",
  detect({json}) {
    if (!json || typeof json !== "object" || Array.isArray(json)) return {match: false};
    const j = json as Record<string, unknown>;
    if (!looksLikeResults(j)) return {match: false};
    return {match: true, broken: !ResultsFile.safeParse(j).success};
  },
  parse({json}, ctx) {
    const parsed = ResultsFile.safeParse(json, {reportInput: true});
    if (!parsed.success) {
      throw new InputError(ctx.path, `not an lm-eval results file:\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    }
    const doc = parsed.data;
    const args = parseModelArgs(doc.config?.model_args);
    // An API or gguf run has no `pretrained` and may write an empty model_name: the first that names something.
    const model = [args.pretrained, args.model, args.path, doc.model_name, doc.config?.model].find((m) => typeof m === "string" && m.trim()) ?? null;
    const quantization = args.quantization ?? null;
    const kernel = resolveKernel(quantization);
    const run_id = lmEvalRunId(ctx.runSet, ctx.path);
    const date = typeof doc.date === "number" ? new Date(doc.date * 1000).toISOString() : (doc.date ?? null);
    const run = runRow(ctx, LM_EVAL_RESULTS, {
      run_id,
      model,
      model_id: model,
      run_label: [model, doc.config?.model].filter(Boolean).join(" via lm-eval "),
      preset: args.preset ?? null,
      date,
      engine: doc.config?.model ? `lm-eval ${doc.config.model}` : "lm-eval",
      quantization,
      kernel_selected: kernel.selected,
      kernel_fast_available: kernel.fastAvailable,
      kernel_evidence: kernel.evidence,
      gpu_memory_utilization: toNumber(args.gpu_memory_utilization),
      max_num_seqs: toNumber(args.max_num_seqs),
      batch_size: toNumber(doc.config?.batch_size),
      prefix_caching: toBool(args.enable_prefix_caching),
      max_model_len: toNumber(args.max_model_len),
      source: ctx.path,
      note: doc.config?.limit != null ? `lm-eval --limit ${JSON.stringify(doc.config.limit)}` : null
    });
    const groups = new Set([
      ...Object.entries(doc.group_subtasks ?? {})
        .filter(([, subs]) => subs.length)
        .map(([g]) => g),
      ...Object.keys(doc.groups ?? {})
    ]);
    const evals: Row[] = [];
    const warnings: string[] = [];
    for (const [task, metrics] of Object.entries(doc.results)) {
      // A group's numbers pool its subtasks, which have rows of their own.
      if (groups.has(task)) continue;
      const keys = Object.keys(metrics).filter((k) => splitMetricKey(k) && toNumber(metrics[k]) !== null);
      const primary = primaryMetricKey(task, keys);
      const nSamples = doc["n-samples"]?.[task];
      const n = toNumber(metrics.samples) ?? nSamples?.effective ?? null;
      const shot = toNumber(doc["n-shot"]?.[task]);
      const choices = doc.configs?.[task]?.doc_to_choice;
      const info = datasetFor(task);
      for (const key of keys) {
        const {metric, filter} = splitMetricKey(key)!;
        const value = toNumber(metrics[key])!;
        if (value < 0 || value > 1) {
          const where = `${ctx.path}: results.${task}["${key}"]`;
          warnings.push(`${where}: expected a proportion in [0, 1], found ${value}; kept out of evals`);
          continue;
        }
        const higher = doc.higher_is_better?.[task]?.[metric];
        // lm-eval writes "N/A" where it skipped the bootstrap: evalRow then estimates the binomial one, said so here.
        const writtenStderr = metrics[`${metric}_stderr,${filter}`];
        const stderr = toNumber(writtenStderr);
        const estimated = stderr === null && writtenStderr !== undefined ? `stderr ${JSON.stringify(writtenStderr)} in the file: binomial estimate` : null;
        evals.push(
          fromFile(
            ctx,
            evalRow({
              eval_id: lmEvalEvalId(run_id, task, key),
              run_id,
              dataset: info?.id ?? task,
              task,
              metric: LM_EVAL_METRICS[metric] ?? metric,
              primary_metric: key === primary,
              score: value,
              n,
              n_expected: nSamples?.original ?? null,
              stderr,
              few_shot: shot,
              n_choices: Array.isArray(choices) ? choices.length : null,
              note: [`lm-eval key "${key}"`, higher === false ? "lower is better" : null, estimated].filter(Boolean).join("; ")
            })
          )
        );
      }
    }
    return {tables: {eval_runs: [run], evals}, warnings};
  }
};
