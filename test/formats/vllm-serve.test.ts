import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {parseVllmServe, variantHint, vllmServe} from "../../runners/formats/vllm-serve.ts";
import {processFile} from "../../runners/ingest/file.ts";
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
      // vLLM's %Y%m%d-%H%M%S as ISO 8601, to sort with other sources' timestamps
      timestamp: "2025-01-02T17:25:16",
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

  it("reads --metric-percentiles beyond p50/p90/p95/p99, goodput and the peak output rate, and notes an unknown number", () => {
    const more = {...SERVE, "p25_ttft_ms": 20.1, "p99.9_ttft_ms": 80.2, "p75_e2el_ms": 650.3, request_goodput: 0.9, max_output_tokens_per_s: 300.5, max_concurrent_requests: 32, brand_new_ms: 7};
    const r = read(vllmServe, "a.json", more);
    expect(values(r)).toMatchObject({ttft_p25: 20.1, ttft_p99_9: 80.2, e2el_p75: 650.3, request_goodput: 0.9, max_output_throughput: 300.5});
    expect(r.tables.measurements[0].extra).toContain('"max_concurrent_requests":32');
    expect(r.tables.data_quality.map((d) => [d.field, d.value_text, d.reason])).toEqual([
      ["brand_new_ms", "7", "key is not in the metric catalogue (runners/model/metrics.ts): kept here, not in metrics"]
    ]);
  });

  it("reads the bare Infinity json.dump writes for --burstiness inf, and the lengths --metadata gives as strings", () => {
    const text = JSON.stringify({...SERVE, random_input_len: "512", random_output_len: "128"}).replace('"burstiness":1', '"burstiness":Infinity');
    const r = processFile(Buffer.from(text), ctx("b.json"), FORMATS);
    expect(r).toMatchObject({outcome: "parsed", format: "vllm_serve"});
    expect(r.tables.measurements[0]).toMatchObject({input_len: 512, output_len: 128});
    expect(JSON.parse(r.tables.measurements[0].extra as string).burstiness).toBe("inf");
  });

  it("reads an --append-result file, one run per line, and keeps the others when one line is cut", () => {
    const runs = [2, 8, 16].map((rate, k) => JSON.stringify({...SERVE, request_rate: rate, output_throughput: 100 + k}));
    const text = `${runs[0]}\n${runs[1]}\n${runs[2].slice(0, 90)}`;
    const r = processFile(Buffer.from(text), ctx("sweep.json"), FORMATS);
    expect(r).toMatchObject({outcome: "parsed", format: "vllm_serve"});
    expect(r.tables.measurements.map((m) => m.request_rate)).toEqual([2, 8]);
    expect(r.tables.data_quality.map((d) => [d.field, d.reason])).toEqual([["line 3", "not valid JSON: unterminated string (the file is truncated) at column 91"]]);
  });

  it("records a run in which no request completed as an error with no metrics, notes one where some failed, and a ramp-up run has no single rate", () => {
    const failed = read(vllmServe, "f.json", {...SERVE, completed: 0, failed: 100, request_throughput: 0, output_throughput: 0, mean_ttft_ms: 0});
    expect(failed.tables.measurements[0]).toMatchObject({status: "error", error: "no request completed (100 failed)"});
    expect(failed.tables.metrics).toEqual([]);
    const partial = read(vllmServe, "p.json", {...SERVE, completed: 97, failed: 3});
    expect(partial.tables.measurements[0].status).toBe("success");
    expect(partial.tables.data_quality.map((d) => [d.field, d.value_text, d.reason])).toEqual([
      ["failed", "3", "3 of 100 requests failed: the figures are over the 97 that completed"]
    ]);
    const ramp = read(vllmServe, "r.json", {...SERVE, ramp_up_strategy: "linear", ramp_up_start_rps: 1, ramp_up_end_rps: 10});
    expect(ramp.tables.measurements[0].request_rate ?? null).toBeNull();
    expect(JSON.parse(ramp.tables.measurements[0].extra as string)).toMatchObject({ramp_up_strategy: "linear", ramp_up_start_rps: 1, ramp_up_end_rps: 10});
  });
});
