// llama-benchy output as its results.py prints it (tabulate "pipe" table, colalign left then right, mean ± std
// cells, footer with version, date and latency mode) and its JSON report (schemas/benchmark_report_schema.json),
// built from seed 003's upstream-baseline figures, which llama-benchy 0.1.1 produced.
import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {llamaBenchyFormat, llamaBenchyJsonFormat} from "../../runners/formats/llama-benchy.ts";
import type {FileContext} from "../../runners/formats/types.ts";

const ctx = (path: string): FileContext => ({path, folder: "benchy", runSet: "benchy", agent: null, sha256: "0".repeat(64)});

const TABLE = `
| model               |           test |             t/s |        ttfr (ms) |     est_ppt (ms) |    e2e_ttft (ms) |
|:--------------------|---------------:|----------------:|-----------------:|-----------------:|-----------------:|
| openai/gpt-oss-120b |         pp2048 | 4340.70 ± 12.22 |  457.13 ± 13.94 |  417.48 ± 13.94 |  554.80 ± 14.04 |
| openai/gpt-oss-120b |           tg32 |    31.58 ± 0.06 |                  |                  |                  |
| openai/gpt-oss-120b | pp2048 @ d4096 | 3921.10 ± 40.02 | 1612.33 ± 16.10 | 1572.68 ± 16.10 | 1710.21 ± 16.51 |
| openai/gpt-oss-120b |   tg32 @ d4096 |    30.95 ± 0.11 |                  |                  |                  |

llama-benchy (0.1.1)
date: 2026-01-09 16:25:01 | latency mode: generation
`;

describe("llama-benchy printed table", () => {
  it("is recognised by the registry as llama-benchy (not llama-bench markdown)", () => {
    expect(FORMATS.find((f) => f.detect({path: "run.txt", text: TABLE, json: undefined}).match)?.name).toBe("llama-benchy");
  });

  it("turns each pp row into prefill throughput plus ttfr, est_ppt and ttft (e2e_ttft) latencies", () => {
    const {tables} = llamaBenchyFormat.parse({text: TABLE, json: undefined}, ctx("run.txt"));
    expect(tables.sweeps.map((r) => [r.test, r.kind, r.mean, r.std, r.unit])).toEqual([
      ["pp2048", "prefill", 4340.7, 12.22, "tok/s"],
      ["ttfr@pp2048", "latency", 457.13, 13.94, "ms"],
      ["est_ppt@pp2048", "latency", 417.48, 13.94, "ms"],
      ["ttft@pp2048", "latency", 554.8, 14.04, "ms"],
      ["tg32", "decode", 31.58, 0.06, "tok/s"],
      ["pp2048 @ d4096", "prefill", 3921.1, 40.02, "tok/s"],
      ["ttfr@pp2048 @ d4096", "latency", 1612.33, 16.1, "ms"],
      ["est_ppt@pp2048 @ d4096", "latency", 1572.68, 16.1, "ms"],
      ["ttft@pp2048 @ d4096", "latency", 1710.21, 16.51, "ms"],
      ["tg32 @ d4096", "decode", 30.95, 0.11, "tok/s"]
    ]);
    const ttft = tables.sweeps.find((r) => r.test === "ttft@pp2048")!;
    expect(ttft).toMatchObject({metric: "ttft_mean", better: "lower", n_prompt: 2048});
    expect(tables.sweep_configs[0]).toMatchObject({
      tool: "llama-benchy 0.1.1",
      date: "2026-01-09 16:25:01",
      model: "openai/gpt-oss-120b",
      tracker: "openai/gpt-oss-120b",
      engine: "unknown"
    });
    expect(JSON.parse(tables.sweep_configs[0].settings_json as string)).toMatchObject({latency_mode: "generation"});
  });

  it("reads the `(build: …)` footer of early versions and `t/s (total)` with concurrency", () => {
    const text = [
      "| model | test | t/s (total) | ttfr (ms) | est_ppt (ms) | e2e_ttft (ms) |",
      "|:--|--:|--:|--:|--:|--:|",
      "| m | pp512 (c4) | 900.00 ± 9.00 | 600.00 ± 6.00 | 560.00 ± 6.00 | 640.00 ± 7.00 |",
      "",
      "llama-benchy (build: 75bc129)",
      "date: 2026-01-02 17:11:19 | latency mode: api"
    ].join("\n");
    const {tables} = llamaBenchyFormat.parse({text, json: undefined}, ctx("c4.txt"));
    expect(tables.sweeps[0]).toMatchObject({test: "pp512 (c4)", concurrency: 4, n_prompt: 512, mean: 900});
    expect(tables.sweep_configs[0]).toMatchObject({tool: "llama-benchy 75bc129"});
  });

  it("reports an unreadable row with its line number and keeps the others", () => {
    const text = TABLE.replace("31.58 ± 0.06", "n/a");
    const r = llamaBenchyFormat.parse({text, json: undefined}, ctx("bad.txt"));
    expect(r.warnings ?? []).toEqual([]);
    expect(r.tables.data_quality).toEqual([
      expect.objectContaining({
        file: "bad.txt",
        field: "line 5",
        value_text: '"tg32" and "n/a"',
        reason: expect.stringMatching(/^not a llama-benchy row: expected a test like pp2048\/tg32 and "mean ± std" t\/s, found "tg32" and "n\/a"$/)
      })
    ]);
    expect(r.tables.sweeps.some((s) => s.test === "tg32")).toBe(false);
    expect(r.tables.sweeps.some((s) => s.test === "tg32 @ d4096")).toBe(true);
  });
});

describe("llama-benchy JSON report", () => {
  const report = {
    version: "0.3.2",
    timestamp: "2026-02-01 10:00:00",
    latency_mode: "generation",
    latency_ms: 39.6,
    model: "openai/gpt-oss-120b",
    prefix_caching_enabled: false,
    max_concurrency: 1,
    benchmarks: [
      {
        concurrency: 1,
        context_size: 0,
        prompt_size: 2048,
        response_size: 32,
        is_context_prefill_phase: false,
        pp_throughput: {mean: 4340.0, std: 10.0, values: [4330.0, 4340.0, 4350.0]},
        tg_throughput: {mean: 31.6, std: 0.1, values: [31.5, 31.6, 31.7]},
        ttfr: {mean: 457.0, std: 2.0, values: [455.0, 457.0, 459.0]},
        est_ppt: {mean: 417.4, std: 2.0, values: [415.4, 417.4, 419.4]},
        e2e_ttft: {mean: 555.0, std: 2.0, values: [553.0, 555.0, 557.0]}
      }
    ]
  };

  it("is recognised and gives pp/tg throughput and latencies with their samples", () => {
    expect(FORMATS.find((f) => f.detect({path: "r.json", text: JSON.stringify(report), json: report}).match)?.name).toBe("llama-benchy-json");
    const {tables} = llamaBenchyJsonFormat.parse({text: "", json: report}, ctx("r.json"));
    expect(tables.sweeps.map((r) => [r.test, r.mean, r.n])).toEqual([
      ["pp2048", 4340, 3],
      ["tg32", 31.6, 3],
      ["ttfr@pp2048", 457, 3],
      ["est_ppt@pp2048", 417.4, 3],
      ["ttft@pp2048", 555, 3]
    ]);
    expect(JSON.parse(tables.sweeps[0].samples as string)).toEqual([4330, 4340, 4350]);
  });

  it("names the missing field of a malformed report", () => {
    const bad = {...report, benchmarks: [{...report.benchmarks[0], prompt_size: "2048"}]};
    expect(() => llamaBenchyJsonFormat.parse({text: "", json: bad}, ctx("bad.json"))).toThrow(/bad\.json: benchmarks\[0\]\.prompt_size/);
  });
});
