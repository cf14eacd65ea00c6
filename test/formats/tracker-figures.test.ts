// Seed 003's published figures as BenchBook data (data/seeds/seed-003-tracker.json): configuration records with the
// environment and backends the report gives, one config row per run, TODO rows kept without results.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {trackerFiguresFormat} from "../../runners/formats/tracker-figures.ts";
import type {FileContext} from "../../runners/formats/types.ts";

const SEED = "data/seeds/seed-003-tracker.json";
const TEXT = readFileSync(SEED, "utf8");
const ctx: FileContext = {path: "seed-003-tracker.json", folder: "seeds", runSet: "seeds", agent: null, sha256: "0".repeat(64)};
const parse = (json: unknown) => trackerFiguresFormat.parse({text: "", json}, ctx);

describe("tracker-figures format on seed 003", () => {
  const {tables} = parse(JSON.parse(TEXT));
  const cfg = (id: string) => tables.sweep_configs.find((c) => c.run_id === `seed-003-tracker.json#${id}`)!;

  it("is recognised by the registry", () => {
    expect(FORMATS.find((f) => f.detect({path: SEED, text: TEXT, json: JSON.parse(TEXT)}).match)?.name).toBe("tracker-figures");
  });

  it("keeps every configuration of the report, TODO rows included", () => {
    expect(tables.sweep_configs.map((c) => [c.config, c.role, c.status])).toEqual([
      ["Upstream Baseline", "baseline", "complete"],
      ["Upstream Baseline", "baseline", "complete"],
      ["PR #31740 + Baseline", "control", "complete"],
      ["PR #31740 Native", "candidate", "blocked"],
      ["CUTLASS GEMM", "candidate", "todo"],
      ["CUTLASS + MXFP8", "candidate", "todo"],
      ["+ Eagle3 short", "candidate", "todo"],
      ["+ Eagle3 long", "candidate", "todo"],
      ["+ Eagle3 throughput", "candidate", "todo"],
      ["llama.cpp", "reference", "complete"],
      ["SGLang", "reference", "complete"]
    ]);
    expect(tables.sweeps).toHaveLength(26);
  });

  it("records the upstream baseline's environment, settings and what the logs showed", () => {
    expect(cfg("upstream-baseline/sweep")).toMatchObject({
      engine: "vllm",
      engine_commit: "ac9f9330e",
      gpu: "NVIDIA GB10 (SM121)",
      cuda: "(NGC 25.12)",
      model: "openai/gpt-oss-120b",
      quantization: "mxfp4",
      max_num_seqs: 2,
      max_num_batched_tokens: 8192,
      max_model_len: 131072,
      tensor_parallel_size: 1,
      enforce_eager: true,
      prefix_caching: true,
      attention_requested: "auto",
      attention_used: "TRITON_ATTN",
      moe_kernel_used: "Marlin",
      fp4_native: false,
      mismatch: false,
      flags: "GPU has no native FP4: weight-only FP4 compression (Marlin)",
      tool: "llama-benchy 0.1.1",
      date: "2026-01-09 16:25:01"
    });
    expect(cfg("pr31740-native")).toMatchObject({attention_requested: "FLASHINFER", moe_kernel_requested: "SM100_FI_MXFP4_MXFP8_CUTLASS", status: "blocked"});
  });

  it("types the published figures in as mean ± std with CV%", () => {
    const row = (run: string, test: string) => tables.sweeps.find((s) => s.run_id === `seed-003-tracker.json#${run}` && s.test === test)!;
    expect(row("upstream-baseline/sweep", "pp512")).toMatchObject({mean: 2209.1, std: 97.25, kind: "prefill"});
    expect(row("upstream-baseline/sweep", "tg256")).toMatchObject({mean: 31.12, std: 0.35, n_prompt: 2048, n_gen: 256});
    expect(row("upstream-baseline/comparison-figure", "tg32")).toMatchObject({mean: 31.63, std: 0.04});
    expect(row("pr31740-baseline/parity", "ttft@pp2048")).toMatchObject({mean: 579, approx: true, std: null, cv_pct: null});
    expect(row("llama-cpp/llama-bench", "pp2048 @ d4096")).toMatchObject({mean: 2293.59, std: 8.99, n_depth: 4096, is_reference: true});
  });
});

describe("tracker-figures validation and flags", () => {
  const base = JSON.parse(TEXT);
  it("flags a backend that differs from the one requested, read from a quoted vLLM log", () => {
    const doc = {
      ...base,
      configs: [
        {
          id: "native",
          label: "Native",
          role: "candidate",
          engine: "vllm",
          status: "complete",
          requested: {attention: "FLASHINFER"},
          log_excerpt: ["INFO 01-10 09:00:00 [cuda.py:366] Using AttentionBackendEnum.TRITON_ATTN backend."],
          runs: [{id: "r1", results: [{test: "tg32", mean: 31.9, std: 0.05}]}]
        }
      ]
    };
    const c = parse(doc).tables.sweep_configs[0];
    expect(c).toMatchObject({attention_requested: "FLASHINFER", attention_used: "TRITON_ATTN", mismatch: true, flags: "attention: requested FLASHINFER, used TRITON_ATTN"});
  });

  it("rejects an unknown workload label and a workload given twice in one run, naming the field", () => {
    const bad = structuredClone(base);
    bad.configs[0].runs[0].results[0].test = "prefill512";
    expect(() => parse(bad)).toThrow(/configs\[0\]\.runs\[0\]\.results\[0\]\.test: expected a workload label/);
    const twice = structuredClone(base);
    twice.configs[0].runs[1].results.push({test: "tg32", mean: 1});
    expect(() => parse(twice)).toThrow(/configs\[0\]\.runs\[1\]\.results: expected each workload at most once per run/);
  });
});
