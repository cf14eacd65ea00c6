import {describe, expect, it} from "vitest";
import {parseSeparate, separate} from "../../runners/formats/separate.ts";
import {ctx, read, values} from "./helpers.ts";

describe("parseSeparate(file, ctx)", () => {
  it("reads nested metrics with human_commit (results/separate_agent/3476ed08_human_result.json, trimmed)", () => {
    const r = read(separate, "results/separate_agent/3476ed08_human_result.json", {
      human_commit: "3476ed08",
      human_commit_full: "3476ed0809ec91a3457da0cb90543133a4f4b519",
      parent_commit: "54600709b6d419fb243ce718a48ab7d40f5c3eb7",
      model: "meta-llama/Meta-Llama-3-8B-Instruct",
      status: "success",
      error: null,
      duration_s: 190.6,
      metrics: {output_token_throughput_tok_s: 2127.85, request_throughput_req_s: 14.19, ttft_mean_ms: 1050.36, tpot_p99_ms: 60.1},
      raw_output: "…\nRequest throughput (req/s):              14.19     \nOutput token throughput (tok/s):         2127.85   \n",
      timestamp: "2026-01-08T10:00:00"
    });
    expect(r.detected).toBe(true);
    expect(r.tables.measurements[0]).toMatchObject({
      variant: "human",
      source: "separate",
      batch: "separate_agent",
      commit: "3476ed08",
      commit_full: "3476ed0809ec91a3457da0cb90543133a4f4b519",
      status: "success",
      model: "meta-llama/Meta-Llama-3-8B-Instruct"
    });
    expect(values(r)).toEqual({output_throughput: 2127.85, request_throughput: 14.19, ttft_mean: 1050.36, tpot_p99: 60.1});
    // the log repeats the values: they agree, so nothing is noted
    expect(r.tables.data_quality).toEqual([]);
  });

  it("reads flat metrics with commit_short and fix_applied as a list (separate_baseline/3476ed08, trimmed)", () => {
    const r = read(separate, "results/separate_baseline/3476ed08_baseline_result.json", {
      commit_short: "3476ed08",
      model: "Qwen/Qwen2.5-7B-Instruct",
      benchmark_type: "serving",
      status: "success",
      throughput_tok_s: 5387.71,
      fix_applied: ["numpy<2", "transformers pin"],
      timestamp: "2026-01-06"
    });
    expect(r.tables.measurements[0]).toMatchObject({variant: "baseline", commit: "3476ed08", batch: "separate_baseline"});
    expect(r.tables.measurements[0].commit_full ?? null).toBeNull();
    // a flat throughput_tok_s does not say which tokens it counts: `throughput`, not output_throughput
    expect(values(r)).toEqual({throughput: 5387.71});
    expect(JSON.parse(String(r.tables.measurements[0].extra)).fix_applied).toBe("numpy<2; transformers pin");
  });

  it("reads flat null metrics as absent and keeps the error (separate_baseline/0ec82edd variant)", () => {
    const r = read(separate, "results/separate_baseline/0ec82edd_baseline_result.json", {
      human_commit: "0ec82edd",
      human_commit_full: "0ec82edda59aa910de4a7c57f7e2e6a1a7f58e35",
      parent_commit: "005ae9be6c22dfa2c2c5580b50b41e67faee4a87",
      model: "Qwen/Qwen3-30B-A3B",
      status: "error",
      error: "Server failed to start",
      duration_s: 612.4,
      raw_output: null,
      ttft_mean: null,
      throughput_tok_s: null,
      benchmark_type: "serving"
    });
    expect(r.tables.measurements[0]).toMatchObject({status: "error", error: "Server failed to start"});
    expect(r.tables.metrics).toEqual([]);
  });

  it("reads parameters and skip_reason variants (89a84b0b, 21d93c14)", () => {
    const p = read(separate, "results/separate_baseline/89a84b0b_baseline_result.json", {
      commit_short: "89a84b0b",
      parent_short: "084a01fd3544",
      model: "Qwen/Qwen1.5-0.5B",
      status: "success",
      parameters: {num_prompts: 100, dataset_name: "random", random_input_len: 256, random_output_len: 128, request_rate: "inf"},
      metrics: {output_throughput_tok_s: 3835.13, ttft_mean_ms: 379.5},
      benchmark_duration_s: 3.19,
      successful_requests: 100
    });
    expect(p.tables.measurements[0]).toMatchObject({input_len: 256, output_len: 128, num_prompts: 100, request_rate: Infinity, dataset_name: "random", parent_commit: "084a01fd3544"});
    expect(values(p)).toEqual({output_throughput: 3835.13, ttft_mean: 379.5, benchmark_duration: 3.19, completed: 100});
    const s = read(separate, "results/separate_agent/21d93c14_agent_result.json", {commit: "21d93c14", status: "skipped", skip_reason: "Requires tensor-parallel-size 8"});
    expect(s.tables.measurements[0]).toMatchObject({variant: "agent", agent: "claude_code", status: "skipped"});
  });

  it("takes the version from the file name and fails with a clear reason when neither name nor content says", () => {
    expect(() => parseSeparate({text: "", json: {commit: "21d93c14", status: "skipped"}}, ctx("renamed/21d93c14.json"))).toThrow(
      /cannot tell which version.*<commit>_\{baseline,human,agent\}_result\.json/
    );
  });

  it("rejects wrong types with the field name", () => {
    expect(() => parseSeparate({text: "", json: {commit: "21d93c14", status: 3}}, ctx("r/21d93c14_agent_result.json"))).toThrow(/status/);
    expect(() =>
      parseSeparate({text: "", json: {commit_short: "21d93c14", status: "success", throughput_tok_s: "fast"}}, ctx("r/21d93c14_agent_result.json"))
    ).toThrow(/throughput_tok_s: expected a number, found "fast"/);
  });

  it("does not claim docker or modal records", () => {
    expect(separate.detect({path: "a_human_result.json", text: "", json: {commit_hash: "ab", status: "success"}}).match).toBe(false);
    expect(separate.detect({path: "a.json", text: "", json: {commit: "ab", results: {}}}).match).toBe(false);
  });
});
