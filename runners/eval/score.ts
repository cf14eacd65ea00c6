// Scores one prediction of BenchBook's predictions format by its dataset's kind: the final number (GSM8K), the
// chosen option (multiple choice), the code run against its tests in the sandbox (HumanEval/MBPP), a valid
// function call (function calling). Judge-scored benchmarks (MT-Bench) are kept but not scored: say so, never guess.
import {z} from "zod";
import {datasetFor} from "./datasets.ts";
import {scoreNumber} from "./number-answer.ts";
import {scoreChoice} from "./choice-answer.ts";
import {scoreFunctionCall, type FunctionDecl} from "./function-call.ts";
import {scoreCode} from "./code-answer.ts";
import type {SandboxLimits} from "./sandbox.ts";

/** How a sample ended; `correct` is null for the last three. */
export const SAMPLE_STATUSES = ["correct", "incorrect", "not_extracted", "timeout", "not_scored", "sandbox_error"] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

const schemaObject: z.ZodType<Record<string, unknown>> = z.record(z.string(), z.unknown());

/** One line of a predictions JSONL file (documented in README `## Evaluation accuracy`). */
export const PredictionSchema = z
  .object({
    dataset: z.string().min(1),
    id: z.union([z.string().min(1), z.number()]).transform(String),
    prompt: z.string().optional(),
    response: z.string(),
    reference: z.union([z.string(), z.number()]).optional(),
    /** Multiple choice: the options' texts, in letter order. */
    choices: z.array(z.string()).optional(),
    /** Code: HumanEval `check(candidate)` source, or MBPP assert lines. */
    tests: z.union([z.string(), z.array(z.string())]).optional(),
    entry_point: z.string().optional(),
    test_setup: z.string().optional(),
    /** Function calling: the declared functions (OpenAI `{name, parameters}`). */
    functions: z.array(z.object({name: z.string(), parameters: schemaObject.optional()}).loose()).optional(),
    /** Run description (optional; `benchbook score --model/--preset` override). */
    model: z.string().optional(),
    preset: z.string().optional(),
    few_shot: z.number().int().nonnegative().optional()
  })
  .loose();
export type Prediction = z.infer<typeof PredictionSchema>;

export type SampleScore = {
  extracted: string | null;
  correct: boolean | null;
  status: SampleStatus;
  why: string;
  durationMs?: number;
};

/** A sample that cannot be scored, and why. */
const unscored = (why: string): SampleScore => ({extracted: null, correct: null, status: "not_scored", why});

const status = (correct: boolean | null, extracted: string | null): SampleStatus =>
  correct === null ? "not_scored" : extracted === null ? "not_extracted" : correct ? "correct" : "incorrect";

/** Scores what needs no code execution; returns null for code samples (they need `scorePrediction`). */
export function scorePredictionPure(p: Prediction): SampleScore | null {
  const info = datasetFor(p.dataset);
  if (!info) return unscored(`unknown dataset "${p.dataset}": no scorer`);
  if (info.kind === "code") return null;
  if (info.kind === "judge") return unscored(`${info.label} needs a judge model; BenchBook does not score it`);
  if (info.kind === "json") {
    if (!p.functions?.length) return unscored("no declared functions to validate against");
    const r = scoreFunctionCall(p.response, p.functions as FunctionDecl[]);
    return {...r, status: r.extracted === null && !r.correct ? "not_extracted" : r.correct ? "correct" : "incorrect"};
  }
  if (p.reference === undefined) return unscored("no reference answer");
  if (info.kind === "number") {
    const r = scoreNumber(p.response, p.reference);
    return {...r, status: status(r.correct, r.extracted)};
  }
  const r = scoreChoice(p.response, p.reference, p.choices ?? [], p.choices?.length || info.choices || 4);
  return {...r, status: status(r.correct, r.extracted)};
}

/** Scores any prediction; code runs in the sandbox (one process per sample). */
export async function scorePrediction(p: Prediction, limits?: Partial<SandboxLimits>): Promise<SampleScore> {
  const pure = scorePredictionPure(p);
  if (pure) return pure;
  if (p.tests === undefined) return unscored("no tests to run the code against");
  const task = {dataset: p.dataset, prompt: p.prompt, tests: p.tests, entry_point: p.entry_point, setup: p.test_setup};
  const r = await scoreCode(p.response, task, limits);
  const st: SampleStatus =
    r.outcome === "sandbox_error" || r.outcome === "timeout"
      ? r.outcome
      : r.extracted === null
        ? "not_extracted"
        : r.correct
          ? "correct"
          : "incorrect";
  return {extracted: r.extracted, correct: st === "sandbox_error" ? null : r.correct, status: st, why: r.why, durationMs: r.durationMs};
}
