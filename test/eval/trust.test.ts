import {describe, expect, it} from "vitest";
import {MIN_EXTRACTION_RATE, intervalText, scoreFlags, trustFlags, type ScoreFacts} from "../../runners/eval/trust.ts";

const base: ScoreFacts = {
  eval_id: "e1", dataset: "arc_challenge", score: 0.6, metric: "accuracy", n: 1172, n_expected: 1172, n_choices: 4,
  extraction_rate: 1, responses_present: true, few_shot: 25, kernel_selected: null, kernel_fast_available: null
};
const codes = (f: Partial<ScoreFacts>) => scoreFlags({...base, ...f}).map((x) => x.code);

describe("scoreFlags(facts)", () => {
  it("raises nothing for a full-size, well-extracted, above-chance score", () => {
    expect(codes({})).toEqual([]);
  });

  it("flags below chance for the number of choices (20% on 4; 45% on MMLU-Pro's 10 is fine)", () => {
    expect(codes({score: 0.2})).toEqual(["below_chance"]);
    expect(codes({dataset: "mmlu_pro", n_choices: null, n_expected: null, n: 12032, score: 0.09, metric: "exact match"})).toEqual(["below_chance"]);
    expect(codes({dataset: "mmlu_pro", n_choices: null, n_expected: null, n: 12032, score: 0.45, metric: "exact match"})).toEqual([]);
  });

  it("flags a score whose interval reaches chance: 30% on 100 samples", () => {
    const flags = scoreFlags({...base, score: 0.3, n: 100, n_expected: 100});
    expect(flags.map((f) => f.code)).toEqual(["near_chance"]);
    expect(flags[0].message).toBe("30% on 100 samples is not distinguishable from chance (25% for 4 choices; 95% CI 22–40%)");
  });

  it("flags 0% and 100% with responses present, not when the model returned nothing", () => {
    expect(codes({dataset: "gsm8k", n_choices: null, n_expected: 1319, n: 1319, score: 0, metric: "exact match"})).toEqual(["degenerate_score"]);
    expect(codes({dataset: "gsm8k", n_choices: null, n_expected: 1319, n: 1319, score: 1, metric: "exact match"})).toEqual(["degenerate_score"]);
    expect(codes({dataset: "gsm8k", n_choices: null, n_expected: 1319, n: 1319, score: 0, metric: "exact match", responses_present: false})).toEqual([]);
  });

  it(`flags an extraction rate below ${MIN_EXTRACTION_RATE * 100}%`, () => {
    expect(codes({extraction_rate: 0.89})).toEqual(["low_extraction"]);
    expect(codes({extraction_rate: 0.9})).toEqual([]);
  });

  it("flags fewer samples than the benchmark with n and the Wilson interval (74% on 100 → 65–82%)", () => {
    const flags = scoreFlags({...base, dataset: "humaneval", n_choices: null, n_expected: null, score: 0.74, n: 100, metric: "pass@1"});
    expect(flags).toEqual([{code: "partial_benchmark", severity: "info", message: "n = 100 of 164 (test split): 95% CI 65–82%"}]);
  });

  it("flags an unknown sample count", () => {
    expect(codes({n: null})).toEqual(["unknown_n"]);
  });

  it("flags the slow kernel when the fast one exists", () => {
    expect(scoreFlags({...base, kernel_selected: "awq", kernel_fast_available: "awq_marlin"})).toEqual([
      {code: "slow_kernel", severity: "critical", message: "vLLM ran the awq kernel although awq_marlin exists for this checkpoint (set quantization=awq_marlin)"}
    ]);
    expect(codes({kernel_selected: "gptq"})).toEqual(["slow_kernel"]);
    expect(codes({kernel_selected: "awq_marlin"})).toEqual([]);
  });

  it("flags a metric that is not the benchmark's", () => {
    expect(codes({dataset: "mbpp", n_choices: null, n_expected: 500, n: 500, score: 0.97, metric: "function extraction"})).toEqual(["nonstandard_metric"]);
  });
});

describe("trustFlags(rows)", () => {
  it("flags mismatched few-shot settings between compared runs of a dataset, most severe first", () => {
    const flags = trustFlags([
      {...base, eval_id: "a", few_shot: 25},
      {...base, eval_id: "b", few_shot: 0, score: 0.2},
      {...base, eval_id: "c", few_shot: null},
      {...base, eval_id: "d", dataset: "gsm8k", n_choices: null, n_expected: 1319, n: 1319, metric: "exact match", few_shot: 5}
    ]);
    expect(flags.get("a")!.map((f) => f.message)).toEqual(["25-shot here, but runs of arc_challenge compared with it used 0-shot"]);
    expect(flags.get("b")!.map((f) => f.code)).toEqual(["below_chance", "fewshot_mismatch"]);
    expect(flags.get("c")).toEqual([]);
    expect(flags.get("d")).toEqual([]);
  });
});

describe("intervalText(score, n)", () => {
  it("rounds the Wilson bounds to whole percent", () => {
    expect(intervalText(0.2, 100)).toBe("95% CI 13–29%");
  });
});
