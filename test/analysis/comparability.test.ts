import {describe, expect, it} from "vitest";
import {configDifferences, describeDifferences, pipelineDifferences, sharedMetrics} from "../../runners/analysis/comparability.ts";
import {fact} from "./fixtures.ts";

describe("configDifferences(a, b)", () => {
  it("finds nothing between the same model (any case), mode and workload", () => {
    const a = fact({model: "meta-llama/Llama-3.1-8B-Instruct", input_len: 512, request_rate: Infinity});
    const b = fact({model: "META-LLAMA/llama-3.1-8b-instruct", input_len: 512, request_rate: Infinity});
    expect(configDifferences(a, b)).toEqual([]);
  });
  it("names another model (3476ed08: a Qwen baseline against a Llama human)", () => {
    const b = fact({variant: "baseline", model: "Qwen/Qwen2.5-7B-Instruct"});
    const h = fact({model: "meta-llama/Meta-Llama-3-8B-Instruct"});
    expect(describeDifferences(configDifferences(b, h))).toBe("model Qwen/Qwen2.5-7B-Instruct vs meta-llama/Meta-Llama-3-8B-Instruct");
  });
  it("prefers the model the log shows over the file's", () => {
    const a = fact({model: "x/declared", executed_model: "meta-llama/Llama-3.1-8B-Instruct"});
    expect(configDifferences(a, fact())).toEqual([]);
  });
  it("treats placeholder model names as unknown", () => {
    expect(configDifferences(fact({model: "unknown"}), fact({model: "Qwen/Qwen2.5-7B-Instruct"}))).toEqual([]);
  });
  it("names another mode (standalone vs serving, d7740ea4) and another offline tool", () => {
    expect(configDifferences(fact({benchmark_mode: "standalone"}), fact({benchmark_mode: "serving"}))).toEqual([{field: "mode", a: "offline", b: "serving"}]);
    const lat = fact({benchmark_mode: null, perf_command: "python benchmarks/benchmark_latency.py --model m"});
    const thr = fact({benchmark_mode: null, perf_command: "python benchmarks/benchmark_throughput.py --model m"});
    expect(configDifferences(lat, thr)).toEqual([{field: "benchmark", a: "latency", b: "throughput"}]);
  });
  it("compares the executed workload only where both logs show it", () => {
    expect(configDifferences(fact({input_len: 512, num_prompts: 100}), fact({input_len: 1000, num_prompts: null}))).toEqual([
      {field: "input_len", a: 512, b: 1000}
    ]);
    expect(configDifferences(fact({request_rate: 1}), fact({request_rate: Infinity}))).toEqual([{field: "request_rate", a: 1, b: Infinity}]);
    expect(describeDifferences([{field: "request_rate", a: 1, b: Infinity}])).toBe("request_rate 1 vs inf");
  });
});

describe("pipelineDifferences(a, b) and sharedMetrics(facts)", () => {
  it("names the family, else the batch", () => {
    expect(pipelineDifferences(fact({source: "separate", batch: "x"}), fact({source: "modal"}))).toEqual(["pipeline family separate vs modal"]);
    expect(pipelineDifferences(fact({source: "separate", batch: "x"}), fact({source: "separate", batch: "y"}))).toEqual(["batch x vs y"]);
  });
  it("lists the metrics every measurement has", () => {
    expect(sharedMetrics([fact({metrics: {tpot_mean: 1, throughput: 2}}), fact({metrics: {tpot_mean: 1, output_throughput: 2}})])).toEqual(["tpot_mean"]);
  });
});
