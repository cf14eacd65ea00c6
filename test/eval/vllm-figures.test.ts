import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {figuresFromLog} from "../../runners/eval/vllm-figures.ts";

const corpus = (p: string) => readFileSync(resolve("../shared/isobench/claude_code", p), "utf8");

describe("figuresFromLog(log) on real vLLM output from the corpus", () => {
  it("averages the periodic generation throughput while requests ran (22dd9c27 baseline)", () => {
    const f = figuresFromLog(corpus("results/22dd9c27_baseline_result.json"));
    expect(f.throughput_samples).toBe(6);
    expect(f.generation_tok_s).toBeCloseTo((4.7 * 3 + 4.8 * 2 + 5.0) / 6, 6);
    expect(f.kv_cache_usage_max_pct).toBe(3.6);
  });

  it("reads the model weights' memory (d7740ea4 baseline)", () => {
    expect(figuresFromLog(corpus("results/separate_baseline/d7740ea4_baseline_result.json")).weights_memory_gb).toBe(14.9595);
  });
});

describe("figuresFromLog(log)", () => {
  it("converts newer vLLM's GiB and ignores idle throughput lines", () => {
    const f = figuresFromLog(
      "INFO [default_loader.py:262] Model loading took 9.0000 GiB and 4.1 seconds\n" +
        "INFO Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: 0.0 tokens/s, Running: 0 reqs, Waiting: 0 reqs, GPU KV cache usage: 0.0%\n" +
        "INFO Avg prompt throughput: 410.2 tokens/s, Avg generation throughput: 126.7 tokens/s, Running: 6 reqs, Waiting: 0 reqs, GPU KV cache usage: 2.5%"
    );
    expect(f).toEqual({weights_memory_gb: 9.663676416, generation_tok_s: 126.7, kv_cache_usage_max_pct: 2.5, throughput_samples: 1});
  });
});
