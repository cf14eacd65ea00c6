// BenchBook's predictions JSONL (runners/eval/predictions.ts; README `## Evaluation accuracy`) read at ingest:
// everything that needs no code execution is scored here; HumanEval/MBPP samples are kept unscored with the reason,
// because running generated code is `benchbook score`'s job (sandbox), never a format's.
import {InputError} from "../errors.ts";
import {looksLikePredictions, predictionRows, readPredictions} from "../eval/predictions.ts";
import {scorePredictionPure} from "../eval/score.ts";
import {describeSkipped, skippedRows} from "./skipped.ts";
import type {Format} from "./types.ts";

export const PREDICTIONS = "benchbook-predictions";

export const predictionsFormat: Format = {
  name: PREDICTIONS,
  description: "BenchBook predictions JSONL (dataset, id, prompt, response, reference; tests for code) — scored at ingest, code by `benchbook score`",
  detect({path, text}) {
    if (!path.endsWith(".jsonl")) return {match: false};
    return {match: looksLikePredictions(text)};
  },
  parse({text}, ctx) {
    const {lines, skipped} = readPredictions(text);
    if (!lines.length) throw new InputError(ctx.path, `no valid prediction lines\n${describeSkipped(ctx.path, skipped, 5)}`);
    const scored = lines.map((l) => ({
      ...l,
      score: scorePredictionPure(l.p) ?? {
        extracted: null,
        correct: null,
        status: "not_scored" as const,
        why: "code is run in the sandbox by `benchbook score`, not at ingest"
      }
    }));
    return {tables: {...predictionRows(ctx, PREDICTIONS, scored), data_quality: skippedRows(ctx, skipped)}};
  }
};
