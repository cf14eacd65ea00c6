import {describe, expect, it} from "vitest";
import {dockerVerify} from "../../runners/formats/docker-verify.ts";
import {read, values} from "./helpers.ts";

describe("parseDockerVerify(file, ctx)", () => {
  it("reads a serving record as the human version (results/docker/015069b0_result.json)", () => {
    const r = read(dockerVerify, "results/docker/015069b0_result.json", {
      commit_hash: "015069b01741e9ecb9e604c7fe87fbdfc306ebe5",
      status: "success",
      benchmark_type: "serving",
      model: "Qwen/Qwen2.5-7B-Instruct",
      fix_applied: "aimv2 exist_ok=True",
      ttft_mean: 156.38,
      tpot_p99: 49.91,
      itl_median: 10.23,
      throughput_req_s: 23.45,
      throughput_tok_s: 1428.29,
      timestamp: "2026-01-05 09:29:04"
    });
    expect(r.detected).toBe(true);
    expect(r.tables.measurements[0]).toMatchObject({variant: "human", source: "docker_verify", commit: "015069b0", status: "success", benchmark_mode: "serving"});
    expect(values(r)).toEqual({ttft_mean: 156.38, tpot_p99: 49.91, itl_median: 10.23, request_throughput: 23.45, throughput: 1428.29});
  });

  it("reads latency in seconds and keeps the stand-in model's original (results/docker/22dd9c27_result.json)", () => {
    const r = read(dockerVerify, "results/docker/22dd9c27_result.json", {
      commit_hash: "22dd9c2730dc1124b9d0ac15fff223d0b8d9020b",
      status: "success",
      benchmark_type: "latency",
      model: "facebook/opt-125m",
      original_model: "meta-llama/Llama-3.1-8B-Instruct",
      avg_latency_s: 0.0659,
      p50_latency_s: 0.0677,
      p99_latency_s: 0.0739
    });
    expect(values(r)).toEqual({latency_avg: 0.0659, latency_p50: 0.0677, latency_p99: 0.0739});
    expect(JSON.parse(String(r.tables.measurements[0].extra))).toMatchObject({original_model: "meta-llama/Llama-3.1-8B-Instruct"});
  });

  it("keeps a non-success status with its error (results/docker/2f192835_result.json)", () => {
    const r = read(dockerVerify, "results/docker/2f192835_result.json", {
      commit_hash: "2f1928354903ae0c6edfe76cc90081eb513ead2c",
      status: "incompatible",
      error: "vLLM 0.4.0.post1 has fundamental model compatibility issues"
    });
    expect(r.tables.measurements[0]).toMatchObject({status: "incompatible", error: "vLLM 0.4.0.post1 has fundamental model compatibility issues"});
  });

  it("claims the broken bfdb1ba5 record as its own so it is quarantined, not skipped", () => {
    const text = '{"commit_hash": "bfdb1ba5c3fb14387c69acb1f5067102d8028e56", "status": "success", "benchmark_type": "throughput", "model": "facebook/opt-125m", "throughput_tok_s": , "timestamp": "2026-01-06 01:16:43"}';
    expect(dockerVerify.detect({path: "results/docker/bfdb1ba5_result.json", text, json: undefined})).toEqual({match: false, broken: true});
  });
});
