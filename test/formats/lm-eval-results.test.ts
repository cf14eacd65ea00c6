import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {lmEvalResultsFormat} from "../../runners/formats/lm-eval-results.ts";
import {lmEvalEvalId, lmEvalRunId, parseModelArgs} from "../../runners/formats/lm-eval-common.ts";
import {HARNESS_RESULT_KEYS, RESULTS} from "./lm-eval-fixtures.ts";

const PATH = "lm-eval/Qwen__Qwen2.5-14B-Instruct-AWQ/results_2024-09-17T12-00-00.123456.json";
const ctx = {path: PATH, folder: "Qwen__Qwen2.5-14B-Instruct-AWQ", runSet: "evals", agent: null, sha256: "ab"};
const text = JSON.stringify(RESULTS);

describe("lmEvalResultsFormat", () => {
  it("the fixture has exactly the top-level keys the harness writes", () => {
    expect(Object.keys(RESULTS).sort()).toEqual([...HARNESS_RESULT_KEYS].sort());
  });

  it("is the one registered format that recognises a results file", () => {
    const matches = FORMATS.filter((f) => f.detect({path: PATH, text, json: RESULTS}).match).map((f) => f.name);
    expect(matches).toEqual(["lm-eval-results"]);
  });

  it("reads the vLLM preset from config.model_args and the slow kernel from quantization=awq", () => {
    const {tables} = lmEvalResultsFormat.parse({text, json: RESULTS}, ctx);
    const [run] = tables.eval_runs;
    expect(run).toMatchObject({
      run_id: lmEvalRunId("evals", PATH),
      model: "Qwen/Qwen2.5-14B-Instruct-AWQ",
      engine: "lm-eval vllm",
      quantization: "awq",
      kernel_selected: "awq",
      kernel_fast_available: "awq_marlin",
      gpu_memory_utilization: 0.8,
      max_num_seqs: 64,
      max_model_len: 24576,
      prefix_caching: true,
      batch_size: null,
      date: "2024-09-17T08:00:00.000Z",
      note: "lm-eval --limit 100"
    });
  });

  it("writes one evals row per metric key, the headline metric marked primary, with n, n-shot and the Wilson interval", () => {
    const {tables} = lmEvalResultsFormat.parse({text, json: RESULTS}, ctx);
    const rows = tables.evals.map((r) => [r.task, r.metric, r.primary_metric, r.score, r.n, r.n_expected, r.few_shot]);
    expect(rows).toEqual([
      ["gsm8k", "exact match", true, 0.74, 100, 1319, 5],
      ["gsm8k", "exact match", false, 0.79, 100, 1319, 5],
      ["arc_challenge", "accuracy", true, 0.2, 100, 1172, 0],
      ["arc_challenge", "accuracy (length-normalised)", false, 0.23, 100, 1172, 0],
      ["hellaswag", "accuracy", true, 0.56, 100, 10042, 0],
      ["hellaswag", "accuracy (length-normalised)", false, 0.71, 100, 10042, 0]
    ]);
    const gsm = tables.evals[0];
    expect(gsm.eval_id).toBe(lmEvalEvalId(lmEvalRunId("evals", PATH), "gsm8k", "exact_match,strict-match"));
    expect(gsm.stderr).toBeCloseTo(0.0441, 4);
    expect([gsm.ci_low, gsm.ci_high].map((x) => Math.round((x as number) * 1000) / 10)).toEqual([64.6, 81.6]);
    expect(gsm.note).toBe('lm-eval key "exact_match,strict-match"');
    // "N/A" stderr (bootstrap skipped) falls back to the binomial one
    expect(tables.evals[5].stderr).toBeCloseTo(Math.sqrt(0.71 * 0.29 / 100), 6);
    expect(tables.evals[5].note).toMatch(/; stderr "N\/A" in the file: binomial estimate$/);
  });

  it("skips groups (their numbers pool subtasks that have rows of their own)", () => {
    const grouped = {...RESULTS, results: {...RESULTS.results, ai2_arc: {alias: "ai2_arc", "acc,none": 0.4}}, group_subtasks: {...RESULTS.group_subtasks, ai2_arc: ["arc_challenge"]}};
    const {tables} = lmEvalResultsFormat.parse({text: JSON.stringify(grouped), json: grouped}, ctx);
    expect(tables.evals.map((r) => r.task)).not.toContain("ai2_arc");
  });

  it("skips the groups of 0.4.0-era files too, which list them under `groups` with no group_subtasks", () => {
    const {group_subtasks: _none, ...rest} = RESULTS as typeof RESULTS & {group_subtasks?: unknown};
    const old = {...rest, results: {...RESULTS.results, ai2_arc: {alias: "ai2_arc", "acc,none": 0.4}}, groups: {ai2_arc: {"acc,none": 0.4}}};
    const {tables} = lmEvalResultsFormat.parse({text: JSON.stringify(old), json: old}, ctx);
    expect(tables.evals.map((r) => r.task)).not.toContain("ai2_arc");
    expect(tables.evals.map((r) => r.task)).toContain("arc_challenge");
  });

  it("takes the first model name that names something (an API run's model_name can be empty)", () => {
    const api = {...RESULTS, model_name: "", config: {...RESULTS.config, model: "local-completions", model_args: "base_url=http://localhost:8000/v1"}};
    const {tables} = lmEvalResultsFormat.parse({text: JSON.stringify(api), json: api}, ctx);
    expect(tables.eval_runs[0].model).toBe("local-completions");
  });

  it("gives a results file saved through --output_path run.json (run_<date>.json) the run id of its samples", () => {
    const dir = "lm-eval/Qwen__Qwen2.5-14B-Instruct-AWQ";
    expect(lmEvalRunId("evals", `${dir}/run_2024-09-17T12-00-00.123456.json`)).toBe(lmEvalRunId("evals", `${dir}/samples_gsm8k_2024-09-17T12-00-00.123456.jsonl`));
  });

  it("names the file and field when a results file is malformed", () => {
    const bad = {...RESULTS, "n-samples": {gsm8k: {original: "many"}}};
    expect(lmEvalResultsFormat.detect({path: PATH, text: "", json: bad})).toEqual({match: true, broken: true});
    expect(() => lmEvalResultsFormat.parse({text: "", json: bad}, ctx)).toThrow(`${PATH}: n-samples.gsm8k.original: Invalid input: expected number, received string`);
  });
});

describe("parseModelArgs(args)", () => {
  it("reads the string and the dict form", () => {
    expect(parseModelArgs("pretrained=a/b,dtype=auto")).toEqual({pretrained: "a/b", dtype: "auto"});
    expect(parseModelArgs({pretrained: "a/b", tensor_parallel_size: 2})).toEqual({pretrained: "a/b", tensor_parallel_size: "2"});
  });
});

describe("the evaluation formats on the real corpus", () => {
  it("recognise none of its 400-odd benchmark files (no false detection)", async () => {
    const {readdirSync, readFileSync, statSync} = await import("node:fs");
    const {join} = await import("node:path");
    const {lmEvalSamplesFormat} = await import("../../runners/formats/lm-eval-samples.ts");
    const {predictionsFormat} = await import("../../runners/formats/predictions.ts");
    const {evalFiguresFormat} = await import("../../runners/formats/eval-figures.ts");
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : files.push(join(d, e))));
    walk("../shared/isobench/claude_code");
    expect(files.length).toBeGreaterThan(300);
    const hits = files.flatMap((p) => {
      const text = readFileSync(p, "utf8");
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return [lmEvalResultsFormat, lmEvalSamplesFormat, predictionsFormat, evalFiguresFormat].filter((f) => f.detect({path: p, text, json}).match).map((f) => `${f.name}: ${p}`);
    });
    expect(hits).toEqual([]);
  });
});
