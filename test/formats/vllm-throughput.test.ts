import {describe, expect, it} from "vitest";
import {parseVllmThroughput, vllmThroughput} from "../../runners/formats/vllm-throughput.ts";
import {ctx, read, values} from "./helpers.ts";

describe("parseVllmThroughput(file, ctx)", () => {
  it("reads benchmark_throughput.py --output-json keys", () => {
    const r = read(vllmThroughput, "bench/human/throughput.json", {
      elapsed_time: 18.27,
      num_requests: 1000,
      total_num_tokens: 512000,
      requests_per_second: 54.71,
      tokens_per_second: 28011.52
    });
    expect(r.detected).toBe(true);
    expect(r.tables.measurements[0]).toMatchObject({variant: "human", benchmark_mode: "throughput", num_prompts: 1000, duration_s: 18.27});
    expect(values(r)).toEqual({request_throughput: 54.71, total_token_throughput: 28011.52, benchmark_duration: 18.27, total_tokens: 512000});
  });

  it("rejects a missing key", () => {
    expect(() => parseVllmThroughput({text: "", json: {elapsed_time: 1, requests_per_second: 2, tokens_per_second: 3}}, ctx("t.json"))).toThrow(/num_requests/);
  });
});
