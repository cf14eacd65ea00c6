import {describe, expect, it} from "vitest";
import {dockerRerun} from "../../runners/formats/docker-rerun.ts";
import {read, values} from "./helpers.ts";

const version = (v: string, metrics: Record<string, number>, duration: number) => ({
  commit_hash: "9f1710f1",
  status: "success",
  benchmark_type: "serving",
  model: "deepseek-ai/DeepSeek-V2-Lite-Chat",
  duration_s: duration,
  version: v,
  error: null,
  metrics
});

describe("parseDockerRerun(file, ctx)", () => {
  it("reads each version of results/docker/9f1710f1/benchmark_result.json (trimmed)", () => {
    const r = read(dockerRerun, "results/docker/9f1710f1/benchmark_result.json", {
      commit: "9f1710f1",
      timestamp: "2026-01-12T13:06:28.244855",
      results: {
        agent: {
          ...version("agent", {ttft_mean: 385.73, tpot_mean: 39.53, request_throughput: 0.93, output_throughput: 59.6}, 173.55830478668213),
          raw_output: "INFO:     Application startup complete.\n=== Running serving benchmark ===\n"
        },
        baseline: version("baseline", {ttft_mean: 382.82, tpot_mean: 35.78, output_throughput: 60.29}, 153.97),
        human: version("human", {ttft_mean: 387.43, tpot_mean: 36.41, output_throughput: 60.21}, 142.53)
      }
    });
    expect(r.detected).toBe(true);
    expect(r.tables.measurements.map((m) => [m.variant, m.source, m.commit, m.status, m.duration_s])).toEqual([
      ["baseline", "docker_rerun", "9f1710f1", "success", 153.97],
      ["human", "docker_rerun", "9f1710f1", "success", 142.53],
      ["agent", "docker_rerun", "9f1710f1", "success", 173.55830478668213]
    ]);
    const agent = String(r.tables.measurements[2].measurement_id);
    expect(values(r, agent)).toEqual({ttft_mean: 385.73, tpot_mean: 39.53, request_throughput: 0.93, output_throughput: 59.6});
  });

  it("maps the prefix-caching metrics of 2deb029d (input/output throughput, warm-up and generate time)", () => {
    const r = read(dockerRerun, "results/docker/2deb029d/benchmark_result.json", {
      commit: "2deb029d",
      results: {baseline: {commit_hash: "2deb029d", status: "success", metrics: {warmup_time_s: 5.331376314163208, generate_time_s: 3.5913496017456055, input_throughput: 18290.6, output_throughput: 5671.5}}}
    });
    expect(values(r)).toEqual({warmup_time: 5.331376314163208, generate_time: 3.5913496017456055, input_throughput: 18290.6, output_throughput: 5671.5});
  });
});
