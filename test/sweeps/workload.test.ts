// Workload labels as llama-bench (markdown_printer's `test` column), llama-benchy and the tracker write them.
import {describe, expect, it} from "vitest";
import {compareWorkloads, parseWorkload, workloadLabel} from "../../runners/sweeps/workload.ts";

describe("parseWorkload(label)", () => {
  it.each([
    ["pp512", {kind: "prefill", n_prompt: 512, n_gen: 0, n_depth: 0, metric: "pp512_tok_s", unit: "tok/s", better: "higher"}],
    ["tg128", {kind: "decode", n_prompt: 0, n_gen: 128, metric: "tg128_tok_s"}],
    ["pp512+tg128", {kind: "mixed", n_prompt: 512, n_gen: 128, metric: null}],
    ["pp2048 @ d4096", {kind: "prefill", n_prompt: 2048, n_depth: 4096, metric: "pp2048_tok_s"}],
    ["tg32 @ d4096", {kind: "decode", n_gen: 32, n_depth: 4096}],
    ["pp512 (c4)", {kind: "prefill", concurrency: 4}],
    ["ctx_pp @ d8192", {kind: "prefill", n_prompt: 8192, n_depth: 0, metric: "pp8192_tok_s"}],
    ["ttft@pp2048", {kind: "latency", n_prompt: 2048, metric: "ttft_mean", unit: "ms", better: "lower"}],
    ["est_ppt@pp2048 @ d4096", {kind: "latency", n_prompt: 2048, n_depth: 4096, metric: null, unit: "ms"}],
    ["tpot@tg32", {kind: "latency", n_gen: 32, metric: "tpot_mean"}]
  ])("%s", (label, expected) => {
    expect(parseWorkload(label)).toMatchObject({test: label, ...expected});
  });

  it.each(["", "pp", "tg", "prefill512", "ttft@ttft@pp2048", "bogus@pp512", "pp512 @ dx", "ctx_pp"])("rejects %j", (label) => {
    expect(parseWorkload(label)).toBeNull();
  });

  it("normalises whitespace", () => {
    expect(parseWorkload("  pp2048   @  d4096 ")?.test).toBe("pp2048 @ d4096");
  });
});

describe("workloadLabel and compareWorkloads", () => {
  it("write llama-bench's test column", () => {
    expect(workloadLabel(512, 0)).toBe("pp512");
    expect(workloadLabel(0, 128)).toBe("tg128");
    expect(workloadLabel(512, 128)).toBe("pp512+tg128");
    expect(workloadLabel(2048, 0, 4096)).toBe("pp2048 @ d4096");
  });

  it("order prefill by prompt, then decode by output, then latency", () => {
    const labels = ["ttft@pp2048", "tg128", "pp2048 @ d4096", "pp4096", "tg32", "pp512"];
    expect(labels.map((l) => parseWorkload(l)!).sort(compareWorkloads).map((w) => w.test)).toEqual([
      "pp512",
      "pp4096",
      "pp2048 @ d4096",
      "tg32",
      "tg128",
      "ttft@pp2048"
    ]);
  });
});
