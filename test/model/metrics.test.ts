import {describe, expect, it} from "vitest";
import {aliasesOf, allMetrics, canonicalMetric, decodeMetric, metricInfo, metricKey, prefillMetric, resolveMetric} from "../../runners/model/metrics.ts";

describe("canonicalMetric(alias)", () => {
  it.each([
    ["ttft_mean_ms", "ttft_mean"],
    ["mean_ttft_ms", "ttft_mean"],
    ["ttft_mean", "ttft_mean"],
    ["Mean TTFT (ms)", "ttft_mean"],
    ["p99_itl_ms", "itl_p99"],
    ["median_tpot_ms", "tpot_median"],
    ["mean_e2el_ms", "e2el_mean"],
    ["mean_e2e_latency_ms", "e2el_mean"],
    ["output_token_throughput_tok_s", "output_throughput"],
    ["Output token throughput (tok/s)", "output_throughput"],
    ["output_throughput", "output_throughput"],
    ["total_token_throughput_tok_s", "total_token_throughput"],
    ["tokens_per_second", "total_token_throughput"],
    ["throughput_req_s", "request_throughput"],
    ["requests_per_second", "request_throughput"],
    ["throughput_tok_s", "throughput"],
    ["avg_latency", "latency_avg"],
    ["p50_latency_s", "latency_p50"],
    ["successful_requests", "completed"],
    ["total_generated_tokens", "total_output_tokens"]
  ])("%s → %s", (alias, name) => expect(canonicalMetric(alias)).toBe(name));

  it("does not take a flat throughput_tok_s for output throughput", () => {
    expect(canonicalMetric("throughput_tok_s")).not.toBe("output_throughput");
  });

  it("returns null for keys it does not know", () => {
    expect(canonicalMetric("goodput_pct")).toBeNull();
    expect(canonicalMetric("num_prompts")).toBeNull();
  });
});

describe("resolveMetric(alias)", () => {
  it("converts milliseconds to the catalogue's seconds for batch latency (Modal's latency_avg is ms)", () => {
    expect(resolveMetric("latency_avg_ms")).toEqual({name: "latency_avg", factor: 0.001});
    expect(resolveMetric("latency_avg")).toEqual({name: "latency_avg", factor: 0.001});
    expect(resolveMetric("avg_latency_s")).toEqual({name: "latency_avg", factor: 1});
  });
});

describe("metricInfo(name)", () => {
  it("gives unit and direction", () => {
    expect(metricInfo("ttft_p99")).toMatchObject({unit: "ms", better: "lower", category: "latency"});
    expect(metricInfo("output_throughput")).toMatchObject({unit: "tok/s", better: "higher"});
    expect(metricInfo("request_throughput")).toMatchObject({unit: "req/s", better: "higher"});
    expect(metricInfo("latency_p90")).toMatchObject({unit: "s", better: "lower"});
    expect(metricInfo("nope")).toBeNull();
  });

  it("covers the workload metrics made by prefillMetric/decodeMetric", () => {
    expect(prefillMetric(512)).toBe("pp512_tok_s");
    expect(decodeMetric(128)).toBe("tg128_tok_s");
    expect(metricInfo(prefillMetric(512))).toMatchObject({unit: "tok/s", better: "higher", category: "workload"});
    expect(canonicalMetric("tg128_tok_s")).toBe("tg128_tok_s");
  });

  it("describes every catalogue metric, and every alias resolves back to its metric", () => {
    for (const m of allMetrics()) {
      expect(["higher", "lower"]).toContain(m.better);
      for (const a of aliasesOf(m.name)) expect(canonicalMetric(a)).toBe(m.name);
    }
    expect(allMetrics().map((m) => m.name)).toEqual(expect.arrayContaining(["ttft_mean", "tpot_median", "itl_p99", "e2el_mean", "latency_p99", "throughput"]));
  });
});

describe("metricKey(label)", () => {
  it("normalises log labels", () => {
    expect(metricKey("Total Token throughput (tok/s)")).toBe("total_token_throughput_tok_s");
    expect(metricKey("P99 TTFT (ms)")).toBe("p99_ttft_ms");
  });
});
