// The evaluation page's data from seed 004 ingested like any results file: the scores the seed printed, and the
// flags it missed (ARC-Challenge 20% on four choices, HellaSwag 7%, MT-Bench 0%, the forced slow AWQ kernel).
import {mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {evaluationData, type EvaluationPageData} from "../../loaders/evaluation.ts";
import {ingestPaths} from "../../runners/ingest/ingest.ts";

let data: EvaluationPageData;
beforeAll(async () => {
  const warehouse = join(mkdtempSync(join(tmpdir(), "benchbook-eval-loader-")), "wh");
  await ingestPaths(["data/seeds/seed-004-eval.json"], {warehouse});
  data = await evaluationData(warehouse);
});

const score = (run: string, dataset: string) => data.scores.find((s) => s.run_label === run && s.dataset === dataset)!;
const B14 = "Qwen-3 14B AWQ-Marlin, balanced preset (Sept 17)";
const P8 = "Qwen-3 8B, performance preset (Sept 17)";

describe("evaluationData(warehouse) on seed 004", () => {
  it("has the seed's runs and headline scores", () => {
    expect(data.runs).toHaveLength(5);
    expect(data.scores).toHaveLength(22);
    expect([score(B14, "humaneval").score, score(B14, "gsm8k").score, score(P8, "gsm8k").score]).toEqual([0.74, 0.79, 0.56]);
  });

  it("flags ARC-Challenge at 20% as below chance for four choices, with n and the interval", () => {
    const arc = score(B14, "arc_challenge");
    expect(arc).toMatchObject({score: 0.2, n: 100, n_expected: 1172, chance: 0.25});
    expect(arc.flags.map((f) => [f.code, f.severity])).toEqual([["below_chance", "critical"], ["partial_benchmark", "info"]]);
  });

  it("flags HellaSwag at 7% as below chance and as not HellaSwag's metric", () => {
    const hs = score(B14, "hellaswag");
    expect(hs.score).toBe(0.07);
    expect(hs.flags.map((f) => f.code)).toEqual(["below_chance", "nonstandard_metric", "partial_benchmark"]);
    expect(hs.flags[0].message).toBe("7.0% is below chance (25% for 4 choices): guessing would do better; check answer extraction and choice order");
  });

  it("flags every 0% with responses present on the 8B performance run", () => {
    const zero = data.scores.filter((s) => s.run_label === P8 && s.score === 0);
    expect(zero.map((s) => s.dataset).sort()).toEqual(["arc_challenge", "function_calling", "hellaswag", "humaneval", "mbpp", "mt_bench"]);
    for (const s of zero) expect(s.flags.map((f) => f.code)).toContain("degenerate_score");
  });

  it("flags the run on the forced awq kernel, not the awq_marlin ones", () => {
    const flagged = data.runs.filter((r) => r.flags.length).map((r) => [r.run_label, r.throughput_tok_s, r.flags[0].code]);
    expect(flagged).toEqual([['Qwen-3 14B AWQ, quantization="awq" (kernel test)', 13.68, "slow_kernel"]]);
  });

  it("says when the sample count was not published", () => {
    const agent = data.scores.find((s) => s.dataset === "agent_instruction_following")!;
    expect(agent.flags.map((f) => f.code)).toEqual(["unknown_n"]);
    expect(agent.ci_low).toBeNull();
  });
});

describe("evaluationData(warehouse) on an empty warehouse", () => {
  it("gives empty lists and the vocabulary", async () => {
    const empty = await evaluationData(join(mkdtempSync(join(tmpdir(), "benchbook-eval-empty-")), "wh"));
    expect([empty.runs, empty.scores, empty.samples]).toEqual([[], [], []]);
    expect(empty.datasets.find((d) => d.id === "arc_challenge")).toEqual({id: "arc_challenge", label: "ARC-Challenge", size: 1172, choices: 4, metric: "accuracy"});
  });
});

describe("evaluationData(warehouse) on an lm-eval output folder (results + --log_samples)", () => {
  it("joins samples to their score, and flags GSM8K's strict-match answers that were not extracted", async () => {
    const {RESULTS, GSM8K_SAMPLES, ARC_SAMPLES, jsonl} = await import("../formats/lm-eval-fixtures.ts");
    const root = mkdtempSync(join(tmpdir(), "benchbook-lm-eval-"));
    const dir = join(root, "lm-eval-out", "Qwen__Qwen2.5-14B-Instruct-AWQ");
    const {mkdirSync, writeFileSync} = await import("node:fs");
    mkdirSync(dir, {recursive: true});
    const date = "2024-09-17T12-00-00.123456";
    writeFileSync(join(dir, `results_${date}.json`), JSON.stringify(RESULTS, null, 2));
    writeFileSync(join(dir, `samples_gsm8k_${date}.jsonl`), jsonl(GSM8K_SAMPLES));
    writeFileSync(join(dir, `samples_arc_challenge_${date}.jsonl`), jsonl(ARC_SAMPLES));
    const warehouse = join(root, "wh");
    await ingestPaths([join(root, "lm-eval-out")], {warehouse});
    const lm = await evaluationData(warehouse);
    const gsm = lm.scores.find((s) => s.dataset === "gsm8k")!;
    expect([gsm.score, gsm.samples, gsm.extraction_rate, gsm.few_shot]).toEqual([0.74, 2, 0.5, 5]);
    expect(gsm.flags.map((f) => f.code)).toEqual(["low_extraction", "slow_kernel", "partial_benchmark"]);
    const arc = lm.scores.find((s) => s.dataset === "arc_challenge")!;
    expect(arc.flags.map((f) => f.code)).toEqual(["below_chance", "slow_kernel", "partial_benchmark"]);
    expect(lm.samples.filter((s) => s.eval_id === gsm.eval_id).map((s) => [s.sample_id, s.status])).toEqual([["0", "not_extracted"], ["1", "correct"]]);
  });
});
