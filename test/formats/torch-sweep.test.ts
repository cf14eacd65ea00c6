// The torch engine's sweep files (benchbook.torch-sweep/v1). tiny-cpu.json is real output of
// runners/engines/torch_bench.py (--preset tiny on CPU, Debian torch 1.13), trimmed to one prefill and one decode test.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {torchSweepFormat} from "../../runners/formats/torch-sweep.ts";
import type {FileContext} from "../../runners/formats/types.ts";

const TEXT = readFileSync("test/formats/torch-sweep-fixtures/tiny-cpu.json", "utf8");
const ctx = (path: string): FileContext => ({path, folder: "h100", runSet: "h100", agent: null, sha256: "0".repeat(64)});

describe("torch-sweep format", () => {
  it("is recognised by the registry", () => {
    expect(FORMATS.find((f) => f.detect({path: "s.json", text: TEXT, json: JSON.parse(TEXT)}).match)?.name).toBe("torch-sweep");
  });

  it("gives the configuration with its options and environment, and each result with its samples", () => {
    const {tables} = torchSweepFormat.parse({text: TEXT, json: JSON.parse(TEXT)}, ctx("cpu/baseline.json"));
    expect(tables.sweep_configs).toHaveLength(1);
    expect(tables.sweep_configs[0]).toMatchObject({
      engine: "torch",
      engine_version: "1.13.0a0",
      config: "baseline",
      role: "baseline",
      tracker: "tiny",
      model_params: 106816,
      model_size_bytes: 427264,
      attention_requested: "eager",
      attention_used: "eager",
      kv_cache: "dynamic",
      compile: false,
      cuda_graphs: false,
      dtype: "fp32",
      gpu: null,
      hostname: "ci",
      mismatch: false
    });
    expect(tables.sweeps.map((r) => [r.test, r.kind, r.n_prompt, r.n_gen, r.mean, r.std, r.n])).toEqual([
      ["pp32", "prefill", 32, 0, 9910.5273, 131.5478, 3],
      ["ttft@pp32", "latency", 32, 0, 3.2293, 0.0426, 3],
      // decode after a 32-token prompt: the file's n_prompt is kept
      ["tg16", "decode", 32, 16, 1208.3288, 8.0457, 3]
    ]);
    expect(JSON.parse(tables.sweeps[2].samples as string)).toEqual([1215.5288, 1199.6443, 1209.8132]);
    expect(tables.sweeps[2]).toMatchObject({bytes_per_token: 381952, roofline_pct: null});
  });

  it("keeps the roofline the engine computed on a GPU", () => {
    const json = JSON.parse(TEXT);
    json.environment = {...json.environment, gpu_name: "NVIDIA H100 80GB HBM3", gpu_count: 1, bandwidth_tb_s: 3.35, driver_version: "570.86.15", cuda_version: "12.8"};
    Object.assign(json.results[1], {bytes_per_token: 16.06e9, roofline_tok_s: 208.59, roofline_pct: 579.3});
    const {tables} = torchSweepFormat.parse({text: "", json}, ctx("h100/agent-r1.json"));
    expect(tables.sweeps[2]).toMatchObject({roofline_tok_s: 208.59, roofline_pct: 579.3});
    expect(tables.sweep_configs[0]).toMatchObject({gpu: "NVIDIA H100 80GB HBM3", driver: "570.86.15", cuda: "12.8"});
  });

  it("names the field of a malformed sweep", () => {
    const json = JSON.parse(TEXT);
    json.results[0].mean_tok_s = "fast";
    expect(() => torchSweepFormat.parse({text: "", json}, ctx("bad.json"))).toThrow(/bad\.json: results\[0\]\.mean_tok_s/);
  });
});
