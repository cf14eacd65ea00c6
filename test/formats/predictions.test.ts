import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {predictionsFormat} from "../../runners/formats/predictions.ts";
import {PREDICTIONS_TEXT} from "../eval/predictions-fixture.ts";

const PATH = "preds/qwen-balanced.jsonl";
const ctx = {path: PATH, folder: "preds", runSet: "preds", agent: null, sha256: "ef"};

describe("predictionsFormat", () => {
  it("is the one registered format that recognises a predictions file", () => {
    expect(FORMATS.filter((f) => f.detect({path: PATH, text: PREDICTIONS_TEXT, json: undefined}).match).map((f) => f.name)).toEqual(["benchbook-predictions"]);
  });

  it("scores what needs no code at ingest, leaves code for `benchbook score`, and notes the bad line", () => {
    const {tables} = predictionsFormat.parse({text: PREDICTIONS_TEXT, json: undefined}, ctx);
    expect(tables.evals.map((e) => [e.dataset, e.score, e.n, e.extraction_rate])).toEqual([
      ["gsm8k", 2 / 3, 3, 2 / 3],
      ["arc_challenge", 0.5, 2, 0.5],
      ["humaneval", null, null, null],
      ["mbpp", null, null, null],
      ["function_calling", 1, 1, 1],
      ["mt_bench", null, null, null]
    ]);
    const he = tables.eval_samples.filter((s) => s.dataset === "humaneval");
    expect(he.map((s) => [s.status, s.why])).toEqual([
      ["not_scored", "code is run in the sandbox by `benchbook score`, not at ingest"],
      ["not_scored", "code is run in the sandbox by `benchbook score`, not at ingest"]
    ]);
    expect(tables.eval_samples.find((s) => s.sample_id === "m1")!.why).toBe("MT-Bench needs a judge model; BenchBook does not score it");
    expect(tables.data_quality.map((d) => [d.file, d.field, d.reason])).toEqual([
      [PATH, "line 11", "response: Invalid input: expected string, received undefined"]
    ]);
  });
});
