import {describe, expect, it} from "vitest";
import {parseSglangServing, sglangServing} from "../../runners/formats/sglang-serving.ts";
import {ctx, values} from "./helpers.ts";

// Keys as python/sglang/bench_serving.py appends them to --output-file, one JSON object per line.
const line = (rate: number | string, ttft: number) =>
  JSON.stringify({
    backend: "sglang",
    dataset_name: "random",
    request_rate: rate,
    max_concurrency: 64,
    random_input_len: 1024,
    random_output_len: 1024,
    random_range_ratio: 0.0,
    duration: 264.25,
    completed: 996,
    total_input_tokens: 342460,
    total_output_tokens: 218257,
    total_output_tokens_retokenized: 103837,
    request_throughput: 3.77,
    input_throughput: 1295.95,
    output_throughput: 825.94,
    mean_e2e_latency_ms: 2098.07,
    median_e2e_latency_ms: 606.86,
    std_e2e_latency_ms: 3000.1,
    p99_e2e_latency_ms: 15100.2,
    mean_ttft_ms: ttft,
    median_ttft_ms: 606.88,
    p99_ttft_ms: 15089.74,
    mean_tpot_ms: 1.76,
    median_tpot_ms: -0.0,
    mean_itl_ms: 0.0
  });

describe("parseSglangServing(file, ctx)", () => {
  const text = `${line(2, 2074.09)}\n${line("inf", 1900.5)}\n`;

  it("reads one measurement per line", () => {
    expect(sglangServing.detect({path: "online.jsonl", text, json: undefined}).match).toBe(true);
    const r = parseSglangServing({text, json: undefined}, ctx("sglang/human/online.jsonl"));
    expect(r.tables.measurements.map((m) => [m.source, m.variant, m.request_rate, m.input_len, m.max_concurrency])).toEqual([
      ["sglang", "human", 2, 1024, 64],
      ["sglang", "human", Infinity, 1024, 64]
    ]);
    expect(new Set(r.tables.measurements.map((m) => m.measurement_id)).size).toBe(2);
    expect(values(r)).toMatchObject({e2el_mean: 2098.07, e2el_p99: 15100.2, ttft_mean: 2074.09, output_throughput: 825.94, input_throughput: 1295.95});
    // -0.0 and 0.0 are not measurements
    expect(r.tables.data_quality.filter((d) => d.field === "line 1.mean_itl_ms")).toHaveLength(1);
  });

  it("names the line of a broken record", () => {
    const broken = `${line(1, 1)}\n{"backend": "sglang", "mean_ttft_ms": \n`;
    expect(() => parseSglangServing({text: broken, json: undefined}, ctx("a.jsonl"))).toThrow(/a\.jsonl:2: not valid JSON/);
  });
});
