import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {lmEvalSamplesFormat, LM_EVAL_SAMPLE_KEYS} from "../../runners/formats/lm-eval-samples.ts";
import {lmEvalResultsFormat} from "../../runners/formats/lm-eval-results.ts";
import {ARC_SAMPLES, GSM8K_SAMPLES, RESULTS, jsonl} from "./lm-eval-fixtures.ts";

const DIR = "lm-eval/Qwen__Qwen2.5-14B-Instruct-AWQ";
const DATE = "2024-09-17T12-00-00.123456";
const ctxFor = (path: string) => ({path, folder: "Qwen__Qwen2.5-14B-Instruct-AWQ", runSet: "evals", agent: null, sha256: "cd"});

describe("lmEvalSamplesFormat", () => {
  it("requires the keys of the harness's `example` dict (lm_eval/evaluator.py)", () => {
    expect([...LM_EVAL_SAMPLE_KEYS]).toEqual(["doc_id", "doc", "target", "arguments", "resps", "filtered_resps"]);
    for (const line of [...GSM8K_SAMPLES, ...ARC_SAMPLES]) for (const k of LM_EVAL_SAMPLE_KEYS) expect(line).toHaveProperty(k);
  });

  it("is the one registered format that recognises a samples file", () => {
    const path = `${DIR}/samples_gsm8k_${DATE}.jsonl`;
    const text = jsonl(GSM8K_SAMPLES);
    const matches = FORMATS.filter((f) => f.detect({path, text, json: undefined}).match).map((f) => f.name);
    expect(matches).toEqual(["lm-eval-samples"]);
  });

  it("keeps the headline filter's lines (strict-match), and shows why a right answer scored 0: no '####'", () => {
    const path = `${DIR}/samples_gsm8k_${DATE}.jsonl`;
    const {tables} = lmEvalSamplesFormat.parse({text: jsonl(GSM8K_SAMPLES), json: undefined}, ctxFor(path));
    expect(tables.eval_samples.map((r) => [r.sample_id, r.extracted, r.correct, r.status, r.why])).toEqual([
      ["0", null, false, "not_extracted", 'the strict-match filter found no answer ("[invalid]"); target "18"; exact_match = 0'],
      ["1", "3", true, "correct", 'the strict-match filter read "3"; target "3"; exact_match = 1']
    ]);
    expect(tables.eval_samples[0].prompt).toMatch(/^Question: Janet’s ducks/);
    expect(tables.eval_samples[0].response).toMatch(/The answer is 18\.$/);
  });

  it("joins the results file's headline evals row by id", () => {
    const results = lmEvalResultsFormat.parse({text: "", json: RESULTS}, ctxFor(`${DIR}/results_${DATE}.json`));
    const gsm = lmEvalSamplesFormat.parse({text: jsonl(GSM8K_SAMPLES), json: undefined}, ctxFor(`${DIR}/samples_gsm8k_${DATE}.jsonl`));
    const arc = lmEvalSamplesFormat.parse({text: jsonl(ARC_SAMPLES), json: undefined}, ctxFor(`${DIR}/samples_arc_challenge_${DATE}.jsonl`));
    const primary = (task: string) => results.tables.evals.find((r) => r.task === task && r.primary_metric)!.eval_id;
    expect(gsm.tables.eval_samples[0].eval_id).toBe(primary("gsm8k"));
    expect(arc.tables.eval_samples[0].eval_id).toBe(primary("arc_challenge"));
  });

  it("joins the results too for older releases that write no filter, reading each document's first line as the headline filter", () => {
    const results = lmEvalResultsFormat.parse({text: "", json: RESULTS}, ctxFor(`${DIR}/results_${DATE}.json`));
    const old = GSM8K_SAMPLES.map(({filter: _f, metrics: _m, ...line}) => line);
    const gsm = lmEvalSamplesFormat.parse({text: jsonl(old), json: undefined}, ctxFor(`${DIR}/samples_gsm8k_${DATE}.jsonl`));
    expect(gsm.tables.eval_samples[0].eval_id).toBe(results.tables.evals.find((r) => r.task === "gsm8k" && r.primary_metric)!.eval_id);
    expect(gsm.tables.eval_samples.map((r) => [r.sample_id, r.extracted, r.correct])).toEqual([
      ["0", null, false],
      ["1", "3", true]
    ]);
  });

  it("reads multiple-choice log-likelihoods (stringified by sanitize_list) and names the chosen option", () => {
    const {tables} = lmEvalSamplesFormat.parse({text: jsonl(ARC_SAMPLES), json: undefined}, ctxFor(`${DIR}/samples_arc_challenge_${DATE}.jsonl`));
    expect(tables.eval_samples.map((r) => [r.dataset, r.extracted, r.correct, r.reference, r.why])).toEqual([
      ["arc_challenge", "C", true, "2", "highest log-likelihood is option C; target 2 (C); acc = 1"],
      ["arc_challenge", "A", false, "1", "highest log-likelihood is option A; target 1 (B); acc = 0"]
    ]);
    expect(tables.eval_samples[0].response).toBe("log-likelihoods: A -14.50, B -12.25, C -9.75, D -11.00");
  });

  it("skips a broken line with a data_quality row naming its line and why, and keeps the rest", () => {
    const path = `${DIR}/samples_gsm8k_${DATE}.jsonl`;
    const text = jsonl(GSM8K_SAMPLES.slice(2)) + '{"doc_id": "x"}\n{not json\n';
    const {tables} = lmEvalSamplesFormat.parse({text, json: undefined}, ctxFor(path));
    expect(tables.eval_samples).toHaveLength(1);
    expect(tables.data_quality.map((d) => [d.file, d.field, d.value_text, d.reason])).toEqual([
      [
        path,
        "line 2",
        '{"doc_id": "x"}',
        'doc_id: Invalid input: expected number, received string, found "x"; doc: Invalid input: expected nonoptional, received undefined; target: Invalid input: expected nonoptional, received undefined'
      ],
      [path, "line 3", "{not json", 'not valid JSON: expected a property name, found "n" at column 2']
    ]);
  });

  it("refuses a samples file whose name does not say task and date", () => {
    expect(() => lmEvalSamplesFormat.parse({text: jsonl(ARC_SAMPLES), json: undefined}, ctxFor(`${DIR}/my-samples.jsonl`))).toThrow(
      "expected lm-eval's file name samples_<task>_<date>.jsonl"
    );
  });
});
