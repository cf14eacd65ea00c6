import {describe, expect, it} from "vitest";
import {parseVllmServe, variantHint, vllmServe} from "../../runners/formats/vllm-serve.ts";
import {ctx, read, values} from "./helpers.ts";

// Keys as vllm/benchmarks/serve.py save_result writes them (--save-result, --metadata variant=agent commit=…).
const SERVE = {
  date: "20250102-172516",
  backend: "vllm",
  model_id: "Qwen/Qwen2.5-1.5B-Instruct",
  tokenizer_id: "Qwen/Qwen2.5-1.5B-Instruct",
  num_prompts: 100,
  request_rate: "inf",
  burstiness: 1.0,
  max_concurrency: 32,
  variant: "agent",
  commit: "299ebb62b269ce167eb1c71b5e39a1dc1f65ce1c",
  duration: 103.15,
  completed: 100,
  total_input_tokens: 51200,
  total_output_tokens: 12800,
  request_throughput: 0.97,
  request_goodput: null,
  output_throughput: 124.1,
  total_token_throughput: 620.48,
  input_lens: [512, 512],
  output_lens: [128, 128],
  ttfts: [0.025, 0.026],
  itls: [[0.004], [0.005]],
  errors: ["", ""],
  mean_ttft_ms: 25.71,
  median_ttft_ms: 24.33,
  std_ttft_ms: 5.1,
  p99_ttft_ms: 73.69,
  mean_tpot_ms: 4.76,
  median_tpot_ms: 4.66,
  p99_tpot_ms: 5.69,
  mean_itl_ms: 4.8,
  mean_e2el_ms: 630.2,
  p99_e2el_ms: 700.4
};

describe("parseVllmServe(file, ctx)", () => {
  it("reads setup, traffic and metrics keys; request_rate \"inf\" is unlimited", () => {
    const r = read(vllmServe, "runs/qps-inf.json", SERVE);
    expect(r.detected).toBe(true);
    expect(r.tables.measurements[0]).toMatchObject({
      source: "vllm",
      variant: "agent",
      agent: "claude_code",
      commit: "299ebb62",
      model: "Qwen/Qwen2.5-1.5B-Instruct",
      num_prompts: 100,
      request_rate: Infinity,
      max_concurrency: 32,
      duration_s: 103.15,
      timestamp: "20250102-172516",
      status: "success"
    });
    expect(values(r)).toEqual({
      benchmark_duration: 103.15,
      completed: 100,
      total_input_tokens: 51200,
      total_output_tokens: 12800,
      request_throughput: 0.97,
      output_throughput: 124.1,
      total_token_throughput: 620.48,
      ttft_mean: 25.71,
      ttft_median: 24.33,
      ttft_std: 5.1,
      ttft_p99: 73.69,
      tpot_mean: 4.76,
      tpot_median: 4.66,
      tpot_p99: 5.69,
      itl_mean: 4.8,
      e2el_mean: 630.2,
      e2el_p99: 700.4
    });
  });

  it("takes the version from the file name when no metadata says it", () => {
    expect(variantHint("results/vllm-human-qps1.json")).toBe("human");
    expect(variantHint("results/run.json")).toBeNull();
    const r = parseVllmServe({text: "", json: {...SERVE, variant: undefined}}, ctx("out/baseline/serve.json"));
    expect(r.tables.measurements[0].variant).toBe("baseline");
  });

  it("rejects a metric that is not a number, naming it", () => {
    expect(() => parseVllmServe({text: "", json: {...SERVE, mean_ttft_ms: "n/a"}}, ctx("a.json"))).toThrow(/mean_ttft_ms: expected a number, found "n\/a"/);
  });

  it("is told apart from SGLang output", () => {
    expect(vllmServe.detect({path: "a.json", text: "", json: {...SERVE, mean_e2e_latency_ms: 1}}).match).toBe(false);
  });
});
