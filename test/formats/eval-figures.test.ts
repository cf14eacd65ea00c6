// The seed 004 figures as BenchBook reads them: the same numbers the seed printed, and the flags the seed missed.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {evalFiguresFormat} from "../../runners/formats/eval-figures.ts";
import {trustFlags, type ScoreFacts} from "../../runners/eval/trust.ts";

const PATH = "data/seeds/seed-004-eval.json";
const text = readFileSync(PATH, "utf8");
const json = JSON.parse(text);
const ctx = {path: PATH, folder: "seeds", runSet: "seed-004", agent: null, sha256: "00"};
const {tables} = evalFiguresFormat.parse({text, json}, ctx);
const runOf = (id: unknown) => tables.eval_runs.find((r) => r.run_id === id)!;

describe("evalFiguresFormat on data/seeds/seed-004-eval.json", () => {
  it("is the one registered format that recognises the file", () => {
    expect(FORMATS.filter((f) => f.detect({path: PATH, text, json}).match).map((f) => f.name)).toEqual(["eval-figures"]);
  });

  it("has the seed's five runs with their presets and system figures", () => {
    expect(tables.eval_runs.map((r) => [r.model, r.preset, r.quantization, r.gpu_memory_utilization, r.max_num_seqs, r.batch_size, r.memory_used_gb, r.throughput_tok_s, r.gpu_util_pct])).toEqual([
      ["qwen3_8b", "performance", "none", 0.9, 128, 16, 14.25, 119.02, 86],
      ["qwen3_8b", "balanced", "none", 0.85, 64, 8, 5.87, 119.73, 88],
      ["qwen3_14b", null, "awq", null, null, null, 9.38, 13.68, null],
      ["qwen3_14b", "balanced", "awq_marlin", 0.8, null, null, 9.38, 126.7, null],
      ["qwen3_14b", "balanced", "awq_marlin", 0.8, 64, 6, 9.38, 119.03, 87]
    ]);
  });

  it("reads the kernel from the quoted vLLM lines: awq (slow, awq_marlin exists) vs awq_marlin", () => {
    expect(tables.eval_runs.map((r) => [r.kernel_selected, r.kernel_fast_available])).toEqual([
      [null, null],
      [null, null],
      ["awq", "awq_marlin"],
      ["awq_marlin", null],
      ["awq_marlin", null]
    ]);
    expect(tables.eval_runs[2].kernel_evidence).toBe("awq quantization is not fully optimized yet. The speed can be slower than non-quantized models.");
    // the seed's "926% improvement": 13.68 → 126.70 tok/s
    expect(Math.round(((126.7 - 13.68) / 13.68) * 100)).toBe(826);
    expect(Math.round((126.7 / 13.68) * 100)).toBe(926);
  });

  it("keeps the 14B balanced scores as published, on n = 100, with their Wilson intervals", () => {
    const run = tables.eval_runs.find((r) => r.run_label === "Qwen-3 14B AWQ-Marlin, balanced preset (Sept 17)")!;
    const rows = tables.evals.filter((e) => e.run_id === run.run_id);
    expect(rows.map((e) => [e.dataset, e.score, e.n, e.n_expected, e.metric])).toEqual([
      ["humaneval", 0.74, 100, 164, "pass@1"],
      ["mbpp", 0.97, 100, 500, "function extraction"],
      ["gsm8k", 0.79, 100, 1319, "exact match"],
      ["arc_challenge", 0.2, 100, 1172, "accuracy"],
      ["hellaswag", 0.07, 100, 10042, "response quality"],
      ["mt_bench", 0, 100, 80, "response quality"]
    ]);
    const he = rows[0];
    expect([he.ci_low, he.ci_high].map((x) => Math.round((x as number) * 100))).toEqual([65, 82]);
  });

  it("trust checks flag what the seed missed: ARC 20% on four choices and HellaSwag 7% below chance, MT-Bench 0%", () => {
    const facts: ScoreFacts[] = tables.evals.map((e) => {
      const run = runOf(e.run_id);
      return {...(e as unknown as ScoreFacts), kernel_selected: run.kernel_selected as string | null, kernel_fast_available: run.kernel_fast_available as string | null};
    });
    const flags = trustFlags(facts);
    const balanced14 = tables.eval_runs[4].run_id;
    const codes = (dataset: string, run = balanced14) => flags.get(String(tables.evals.find((e) => e.run_id === run && e.dataset === dataset)!.eval_id))!.map((f) => f.code);
    expect(codes("arc_challenge")).toEqual(["below_chance", "partial_benchmark"]);
    expect(codes("hellaswag")).toEqual(["below_chance", "nonstandard_metric", "partial_benchmark"]);
    expect(codes("mt_bench")).toEqual(["degenerate_score", "n_above_benchmark", "nonstandard_metric"]);
    expect(codes("mbpp")).toEqual(["nonstandard_metric", "partial_benchmark"]);
    expect(codes("gsm8k")).toEqual(["partial_benchmark"]);
    const arc = flags.get(String(tables.evals.find((e) => e.run_id === balanced14 && e.dataset === "arc_challenge")!.eval_id))!;
    expect(arc[0].message).toBe("20% is below chance (25% for 4 choices): guessing would do better; check answer extraction and choice order");
    expect(arc[1].message).toBe("n = 100 of 1172 (test split): 95% CI 13–29%");
    // 8B performance preset: every 0% with responses present is a pipeline problem
    const perf8 = tables.eval_runs[0].run_id;
    expect(codes("humaneval", perf8)).toEqual(["degenerate_score", "partial_benchmark"]);
    expect(codes("arc_challenge", perf8)).toEqual(["below_chance", "degenerate_score", "partial_benchmark"]);
  });

  it("names the field when a figure is wrong", () => {
    const bad = structuredClone(json);
    bad.runs[0].scores[0].score_pct = 156;
    expect(() => evalFiguresFormat.parse({text: "", json: bad}, ctx)).toThrow(`${PATH}: runs[0].scores[0].score_pct: Too big: expected number to be <=100, found 156`);
  });
});
