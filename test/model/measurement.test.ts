import {describe, expect, it} from "vitest";
import {commitParts, DQ, FileRows, measurementId, toNumber, versionStatus} from "../../runners/model/measurement.ts";
import {ctx} from "../formats/helpers.ts";

describe("versionStatus({hasMetrics, fileStatus, ownError})", () => {
  it.each([
    [{hasMetrics: true, fileStatus: "baseline_failed"}, "success"],
    [{hasMetrics: false, fileStatus: "success"}, "no_metrics"],
    [{hasMetrics: false, fileStatus: "success", ownError: "Agent benchmark produced no metrics"}, "error"],
    [{hasMetrics: false, fileStatus: "Version_Bug"}, "version_bug"],
    [{hasMetrics: false, fileStatus: null}, "unknown"]
  ])("%j → %s", (input, status) => expect(versionStatus(input)).toBe(status));
});

describe("FileRows.addMetrics", () => {
  it("keeps ≤ 0, NaN and infinite values out of metrics and unknown keys in data_quality", () => {
    const rows = new FileRows(ctx("a/b.json"), "modal");
    const id = rows.measurement({variant: "human", status: "success"});
    rows.addMetrics(id, {tpot_mean: 0, itl_mean: -0.0, ttft_mean: "inf", ttft_p99: "NaN", goodput_pct: 3, tpot_p99: 5.5, itl_p99: null}, "structured", "m");
    expect(rows.metrics.map((m) => [m.metric, m.value, m.unit, m.better, m.origin])).toEqual([["tpot_p99", 5.5, "ms", "lower", "structured"]]);
    expect(rows.dataQuality.map((d) => [d.field, d.reason])).toEqual([
      ["m.tpot_mean", DQ.nonPositive],
      ["m.itl_mean", DQ.nonPositive],
      ["m.ttft_mean", DQ.nonFinite],
      ["m.ttft_p99", DQ.nonFinite],
      ["m.goodput_pct", DQ.unknownMetric]
    ]);
  });

  it("keeps the structured value when the raw log repeats it, and notes a raw log that disagrees", () => {
    const rows = new FileRows(ctx("a/b.json"), "separate");
    const id = rows.measurement({variant: "agent", status: "success"});
    rows.addMetrics(id, {output_token_throughput_tok_s: 2127.85}, "structured", "metrics");
    rows.addMetrics(id, {output_token_throughput_tok_s: 2127.85, request_throughput_req_s: 14.19}, "raw_log", "raw_output");
    rows.addMetrics(id, {output_token_throughput_tok_s: 3000}, "raw_log", "raw_output");
    expect(rows.metrics.map((m) => [m.metric, m.value, m.origin])).toEqual([
      ["output_throughput", 2127.85, "structured"],
      ["request_throughput", 14.19, "raw_log"]
    ]);
    expect(rows.dataQuality.map((d) => d.reason)).toEqual([DQ.rawLogDiffers]);
    expect(rows.measurements[0].agent).toBe("claude_code");
  });
});

describe("measurementId / commitParts / toNumber", () => {
  it("is deterministic and distinct per variant and index", () => {
    expect(measurementId("rs", "f.json", "human")).toBe(measurementId("rs", "f.json", "human"));
    expect(measurementId("rs", "f.json", "human")).not.toBe(measurementId("rs", "f.json", "agent"));
    expect(measurementId("rs", "f.json", null, 1)).not.toBe(measurementId("rs", "f.json", null, 0));
    expect(measurementId("rs", "f.json", "human")).toMatch(/^[0-9a-f]{16}$/);
  });
  it("splits commits", () => {
    expect(commitParts("299EBB62B269CE167EB1C71B5E39A1DC1F65CE1C")).toEqual({commit: "299ebb62", commit_full: "299ebb62b269ce167eb1c71b5e39a1dc1f65ce1c"});
    expect(commitParts("3476ed08")).toEqual({commit: "3476ed08", commit_full: null});
  });
  it("reads Python's non-finite spellings", () => {
    expect(toNumber("inf")).toBe(Infinity);
    expect(toNumber("-Infinity")).toBe(-Infinity);
    expect(toNumber("NaN")).toBeNaN();
  });
});
