// Serving results as a sweep: several single-stream results of one engine version and model become prefill
// (input_len / TTFT) and decode (1 / TPOT) points; lone results, concurrent runs and failures do not.
import {describe, expect, it} from "vitest";
import {servingSweeps, type ServingMeasurement, type ServingMetric} from "../../runners/sweeps/serving.ts";

const m = (id: string, input_len: number, output_len: number, extra: Partial<ServingMeasurement> = {}): ServingMeasurement => ({
  measurement_id: id,
  run_set: "rs",
  source: "vllm",
  file: `${id}.json`,
  model: "llama-3-8b",
  variant: "human",
  commit: "abc1234",
  engine_version: null,
  input_len,
  output_len,
  max_concurrency: 1,
  timestamp: "2026-01-10",
  status: "success",
  ...extra
});
const metric = (id: string, name: string, value: number, std: number | null = null): ServingMetric => ({measurement_id: id, metric: name, value, std, n: 10});

describe("servingSweeps", () => {
  const metrics = [metric("a", "ttft_mean", 40), metric("a", "ttft_std", 2), metric("a", "tpot_mean", 8), metric("b", "ttft_mean", 100), metric("b", "tpot_mean", 10)];

  it("turns grouped single-stream results into prefill, decode and latency rows", () => {
    const {configs, sweeps} = servingSweeps([m("a", 512, 128), m("b", 2048, 256)], metrics);
    expect(configs.map((c) => [c.run_id, c.config, c.engine, c.tracker])).toEqual([
      ["a", "vllm human", "vllm", "llama-3-8b"],
      ["b", "vllm human", "vllm", "llama-3-8b"]
    ]);
    expect(sweeps.filter((s) => s.run_id === "a").map((s) => [s.test, s.kind, s.mean, s.std])).toEqual([
      ["pp512", "prefill", 12800, null],
      ["ttft@pp512", "latency", 40, 2],
      ["tg128", "decode", 125, null],
      ["tpot@tg128", "latency", 8, null]
    ]);
    expect(sweeps.find((s) => s.test === "ttft@pp512")!.cv_pct).toBe(5);
  });

  it("needs two workloads, one stream, a serving source and a successful run", () => {
    expect(servingSweeps([m("a", 512, 128)], metrics).sweeps).toEqual([]);
    expect(servingSweeps([m("a", 512, 128), m("b", 2048, 256, {max_concurrency: 8})], metrics).sweeps).toEqual([]);
    expect(servingSweeps([m("a", 512, 128, {source: "modal"}), m("b", 2048, 256, {source: "modal"})], metrics).sweeps).toEqual([]);
    expect(servingSweeps([m("a", 512, 128), m("b", 2048, 256, {status: "error"})], metrics).sweeps).toEqual([]);
  });

  it("keeps engine versions apart", () => {
    const {configs} = servingSweeps([m("a", 512, 128), m("b", 2048, 256, {variant: "agent"})], metrics);
    expect(configs).toEqual([]);
  });
});
