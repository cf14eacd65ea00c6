import {describe, expect, it} from "vitest";
import {choosePrimaryMetric, FALLBACK_ORDER, kindOf} from "../../runners/analysis/primary-metric.ts";
import {metricInfo} from "../../runners/model/metrics.ts";
import {fact} from "./fixtures.ts";

const serving = {tpot_mean: 20, itl_mean: 18, ttft_mean: 800, output_throughput: 2000, total_token_throughput: 9000};

describe("choosePrimaryMetric(facts)", () => {
  it("uses latency for serving at a finite rate (throughput echoes the offered load)", () => {
    const c = choosePrimaryMetric([fact({request_rate: 1, metrics: serving}), fact({request_rate: 1, metrics: serving})])!;
    expect(c).toMatchObject({metric: "tpot_mean", kind: "serving", rate: 1});
    expect(c.reason).toMatch(/finite request rate/);
  });
  it("falls to itl_mean, then ttft_mean, when tpot is not on both sides", () => {
    const {tpot_mean: _t, ...noTpot} = serving;
    expect(choosePrimaryMetric([fact({request_rate: 1, metrics: noTpot}), fact({request_rate: 1, metrics: serving})])!.metric).toBe("itl_mean");
    expect(choosePrimaryMetric([fact({request_rate: 1, metrics: {ttft_mean: 30}}), fact({request_rate: 1, metrics: serving})])!.metric).toBe("ttft_mean");
  });
  it("uses output throughput at an unlimited rate", () => {
    expect(choosePrimaryMetric([fact({request_rate: Infinity, metrics: serving}), fact({request_rate: Infinity, metrics: serving})])!.metric).toBe(
      "output_throughput"
    );
  });
  it("lets structured values beat raw-log ones (modal: throughput only in the raw log)", () => {
    const m = {...serving, output_throughput: [2000, "raw_log"] as [number, string], total_token_throughput: [9000, "raw_log"] as [number, string]};
    const c = choosePrimaryMetric([fact({request_rate: Infinity, metrics: m}), fact({request_rate: Infinity, metrics: m})])!;
    expect(c.metric).toBe("tpot_mean");
    expect(c.reason).toMatch(/only from raw logs/);
  });
  it("with the rate unknown uses throughput when both sides have it, else latency", () => {
    expect(choosePrimaryMetric([fact({metrics: {output_throughput: 1, request_throughput: 1}}), fact({metrics: serving})])!.metric).toBe("output_throughput");
    expect(choosePrimaryMetric([fact({metrics: {tpot_mean: 3}}), fact({metrics: serving})])!.metric).toBe("tpot_mean");
  });
  it("uses latency_avg for latency benchmarks and throughput for throughput benchmarks", () => {
    const lat = {perf_command: "python benchmarks/benchmark_latency.py --model m", benchmark_mode: "standalone"};
    expect(choosePrimaryMetric([fact({...lat, metrics: {latency_avg: 1.3, throughput: 50}}), fact({...lat, metrics: {latency_avg: 1.2, throughput: 60}})])!.metric).toBe(
      "latency_avg"
    );
    const thr = {perf_command: "python benchmarks/benchmark_throughput.py --model m", benchmark_mode: "standalone"};
    expect(choosePrimaryMetric([fact({...thr, metrics: {throughput: 50, output_throughput: 9}}), fact({...thr, metrics: {throughput: 60, output_throughput: 9}})])!.metric).toBe(
      "throughput"
    );
  });
  it("lets a config override win when the metric is shared, and says so when it is not", () => {
    const f = [fact({request_rate: 1, metrics: serving}), fact({request_rate: 1, metrics: serving})];
    expect(choosePrimaryMetric(f, {metric: "ttft_mean", reason: "the PR targets TTFT"})).toMatchObject({
      metric: "ttft_mean",
      reason: "set in the config file: the PR targets TTFT"
    });
    const c = choosePrimaryMetric(f, {metric: "latency_avg", reason: "x"})!;
    expect(c.metric).toBe("tpot_mean");
    expect(c.reason).toMatch(/config override latency_avg not shared/);
  });
  it("returns null when nothing is shared and flags a preferred metric missing on one side", () => {
    expect(choosePrimaryMetric([fact({metrics: {tpot_mean: 1}}), fact({metrics: {throughput: 1}})])).toBeNull();
    const c = choosePrimaryMetric([fact({metrics: {tpot_mean: 1}}), fact({metrics: {tpot_mean: 2, output_throughput: 5}})])!;
    expect(c).toMatchObject({metric: "tpot_mean", preferredMissing: "output_throughput"});
  });
});

describe("kindOf(fact)", () => {
  it("reads the file's mode first, then the perf_command, then the metrics", () => {
    expect(kindOf(fact({benchmark_mode: "standalone", perf_command: "python benchmarks/benchmark_serving.py", metrics: {throughput: 1}}))).toBe("throughput");
    expect(kindOf(fact({benchmark_mode: null, perf_command: "vllm bench latency --model m"}))).toBe("latency");
    expect(kindOf(fact({benchmark_mode: null, metrics: {output_throughput: 1, request_throughput: 1}}))).toBe("serving");
    expect(kindOf(fact({benchmark_mode: "baseline", metrics: {throughput: 1}}))).toBe("throughput");
  });
  it("names only catalogue metrics in its preference lists", () => {
    for (const m of FALLBACK_ORDER) expect(metricInfo(m), m).not.toBeNull();
  });
});
