import {describe, expect, it} from "vitest";
import {parseVllmLatency, vllmLatency} from "../../runners/formats/vllm-latency.ts";
import {ctx, read, values} from "./helpers.ts";

describe("parseVllmLatency(file, ctx)", () => {
  it("reads avg_latency and the percentiles dict (seconds), counting iterations as repeats", () => {
    // The numbers of results/22dd9c27_baseline_result.json's log, written as --output-json would.
    const r = read(vllmLatency, "bench/baseline/latency.json", {
      avg_latency: 0.8215512847331411,
      latencies: [0.82, 0.81, 0.83],
      percentiles: {"10": 0.8147764762004954, "25": 0.8175474307490731, "50": 0.8199534190007398, "75": 0.822793269999238, "90": 0.8244055353992735, "99": 0.8536187522408727}
    });
    expect(r.detected).toBe(true);
    expect(r.tables.measurements[0]).toMatchObject({variant: "baseline", benchmark_mode: "latency", repeats: 3});
    expect(values(r)).toEqual({
      latency_avg: 0.8215512847331411,
      latency_p10: 0.8147764762004954,
      latency_p25: 0.8175474307490731,
      latency_p50: 0.8199534190007398,
      latency_p75: 0.822793269999238,
      latency_p90: 0.8244055353992735,
      latency_p99: 0.8536187522408727
    });
  });

  it("reads the std_latency newer `vllm bench latency` writes", () => {
    const r = read(vllmLatency, "l.json", {avg_latency: 0.82, std_latency: 0.0082, latencies: [0.81, 0.83], percentiles: {"50": 0.82}});
    expect(values(r)).toEqual({latency_avg: 0.82, latency_std: 0.0082, latency_p50: 0.82});
  });

  it("rejects latencies that are not numbers", () => {
    expect(() => parseVllmLatency({text: "", json: {avg_latency: 1, latencies: ["x"], percentiles: {}}}, ctx("l.json"))).toThrow(/latencies\[0\]/);
  });
});
