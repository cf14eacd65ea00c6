// runners/engines/torch_bench.py: the benchbook.torch-sweep/v1 format pinned by a golden file (CPU, tiny shape, with
// Debian's torch), known-answer bytes per token and roofline, options refused with a reason, and the real H100 files.
import {execFileSync, spawnSync} from "node:child_process";
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {csvParse} from "d3-dsv";
import {describe, expect, it} from "vitest";
import {torchSweepFormat} from "../../runners/formats/torch-sweep.ts";
import {TORCH_BENCH_SCRIPT} from "../../runners/run/engines/torch.ts";
import {TORCH_PYTHON} from "../support/torch-python.ts";

const repoRoot = resolve(import.meta.dirname, "../..");
const bench = (...args: string[]) =>
  JSON.parse(execFileSync(TORCH_PYTHON, [TORCH_BENCH_SCRIPT, ...args], {encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: {...process.env, PYTHONDONTWRITEBYTECODE: "1"}}));
const TINY = ["--preset", "tiny", "--tests", "pp16,tg8", "--tg-prompt", "16", "--warmup", "1", "--repeats", "3", "--attn", "eager", "--device", "cpu", "--threads", "1"];

type Sweep = {
  label: string;
  model: {params: number; weight_bytes: number; name: string};
  environment: {gpu_name: string | null; bandwidth_tb_s: number | null};
  results: {test: string; kind: string; n_prompt: number; n_gen: number; samples_tok_s: number[]; mean_tok_s: number; std_tok_s: number; ttft_ms_mean: number; bytes_per_token: number | null; roofline_tok_s: number | null; roofline_pct: number | null}[];
};

/** The fields that depend on the machine or the clock, replaced as in the golden file. */
function normalise(doc: Record<string, unknown> & Sweep): unknown {
  const env = doc.environment as Record<string, unknown>;
  return {
    ...doc,
    started_at: "<iso>",
    duration_s: "<number>",
    environment: {...env, torch_version: "<string>", python_version: "<string>", hostname: "<string>"},
    results: doc.results.map((r) => ({
      ...r,
      samples_tok_s: r.samples_tok_s.map(() => "<number>"),
      mean_tok_s: "<number>",
      std_tok_s: "<number>",
      ttft_ms_mean: "<number>",
      ttft_ms_std: "<number>"
    }))
  };
}

/** Llama-architecture parameter count from the shapes (embedding, attention, SwiGLU MLP, norms, untied lm_head). */
function params(s: {hidden: number; layers: number; heads: number; kv: number; inter: number; vocab: number}): number {
  const d = s.hidden / s.heads;
  const layer = s.hidden * s.heads * d * 2 + s.hidden * s.kv * d * 2 + 3 * s.hidden * s.inter + 2 * s.hidden;
  return 2 * s.vocab * s.hidden + s.layers * layer + s.hidden;
}

/** Bytes a decode step reads per token: weights but the embedding table, plus KV at the mean context of the test. */
function bytesPerToken(s: Parameters<typeof params>[0], elt: number, nPrompt: number, nGen: number): number {
  const kvPerPosition = 2 * s.layers * s.kv * (s.hidden / s.heads) * elt;
  return (params(s) - s.vocab * s.hidden) * elt + kvPerPosition * (nPrompt + (nGen - 1) / 2);
}

const TINY_SHAPE = {hidden: 64, layers: 2, heads: 4, kv: 2, inter: 128, vocab: 256};
const LLAMA3_8B = {hidden: 4096, layers: 32, heads: 32, kv: 8, inter: 14336, vocab: 128256};

describe("torch_bench.py on CPU (tiny shape)", () => {
  const doc = bench(...TINY, "--kv-cache", "static", "--variant", "baseline") as Record<string, unknown> & Sweep;

  it("writes exactly the documented benchbook.torch-sweep/v1 document (golden file)", () => {
    const golden = JSON.parse(readFileSync(join(import.meta.dirname, "torch-bench.golden.json"), "utf8"));
    expect(normalise(doc)).toEqual(golden);
  });

  it("measures positive throughputs with one sample per repeat, mean and std over them", () => {
    for (const r of doc.results) {
      expect(r.samples_tok_s).toHaveLength(3);
      expect(Math.min(...r.samples_tok_s)).toBeGreaterThan(0);
      const mean = r.samples_tok_s.reduce((a, b) => a + b, 0) / 3;
      expect(r.mean_tok_s).toBeCloseTo(mean, 2);
      expect(r.ttft_ms_mean).toBeGreaterThan(0);
    }
  });

  it("counts parameters and decode bytes per token from the shapes (known answer)", () => {
    expect(doc.model.params).toBe(params(TINY_SHAPE));
    expect(doc.model.params).toBe(106816);
    expect(doc.model.weight_bytes).toBe(2 * 106816);
    const tg = doc.results.find((r) => r.test === "tg8")!;
    expect(tg.bytes_per_token).toBe(bytesPerToken(TINY_SHAPE, 2, 16, 8));
  });

  it("gives the roofline and percent achieved when a bandwidth is known", () => {
    const d = bench(...TINY, "--kv-cache", "dynamic", "--tests", "tg8", "--bandwidth-tb-s", "0.1") as Sweep;
    const tg = d.results[0];
    expect(d.environment.bandwidth_tb_s).toBe(0.1);
    expect(tg.roofline_tok_s).toBeCloseTo(0.1e12 / tg.bytes_per_token!, 2);
    expect(tg.roofline_pct).toBeCloseTo((100 * tg.mean_tok_s) / tg.roofline_tok_s!, 2);
  });

  it("is read by the tracker's torch-sweep format", () => {
    const json = JSON.parse(JSON.stringify(doc));
    expect(torchSweepFormat.detect({path: "x.json", text: JSON.stringify(json), json})).toEqual({match: true});
    const {tables} = torchSweepFormat.parse({text: "", json}, {path: "x.json", folder: "", runSet: "t", agent: null, sha256: "0"});
    expect(tables.sweeps.map((r) => r.test)).toEqual(["pp16", "ttft@pp16", "tg8"]);
    expect(tables.sweep_configs[0]).toMatchObject({config: "baseline (eager, static cache, bf16)", role: "baseline", kv_cache: "static"});
  });

  it("refuses an option this torch cannot run, with the reason and exit code 2", () => {
    const out = spawnSync(TORCH_PYTHON, [TORCH_BENCH_SCRIPT, ...TINY, "--attn", "sdpa"], {encoding: "utf8"});
    const version = execFileSync(TORCH_PYTHON, ["-c", "import torch; print(torch.__version__)"], {encoding: "utf8"}).trim();
    if (version.startsWith("1.")) {
      expect(out.status).toBe(2);
      expect(out.stderr).toContain("attn_implementation sdpa needs torch >= 2.0");
    } else {
      expect(out.status).toBe(0);
    }
    const graphs = spawnSync(TORCH_PYTHON, [TORCH_BENCH_SCRIPT, ...TINY, "--kv-cache", "dynamic", "--cuda-graphs", "on"], {encoding: "utf8"});
    expect(graphs.status).toBe(2);
    expect(graphs.stderr).toContain("compile and cuda_graphs need kv_cache=static");
    const bad = spawnSync(TORCH_PYTHON, [TORCH_BENCH_SCRIPT, ...TINY, "--tests", "pp16,xx3"], {encoding: "utf8"});
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("test 'xx3': expected ppN or tgN");
  });

  it("computes the same greedy tokens with a static cache as the eager dynamic-cache reference (--verify)", () => {
    const out = spawnSync(TORCH_PYTHON, [TORCH_BENCH_SCRIPT, ...TINY, "--kv-cache", "static", "--verify", "on", "--tests", "pp8"], {encoding: "utf8"});
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/verify: same tokens \(reference \[\d+(, \d+){11}\]/);
  });

  it("runs several configurations interleaved over rounds (--matrix)", () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-matrix-"));
    const matrix = {preset: "tiny", tests: ["pp8", "tg4"], tg_prompt: 8, warmup: 0, repeats: 2, rounds: 2, device: "cpu",
      configs: [{label: "a", attn: "eager", kv_cache: "dynamic"}, {label: "b", attn: "eager", kv_cache: "static", dtype: "fp32"}]};
    writeFileSync(join(dir, "m.json"), JSON.stringify(matrix));
    const out = spawnSync(TORCH_PYTHON, [TORCH_BENCH_SCRIPT, "--matrix", join(dir, "m.json"), "--out-dir", join(dir, "out")], {encoding: "utf8"});
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr.match(/^\[torch_bench\] (\w) pp8/gm)).toEqual(["[torch_bench] a pp8", "[torch_bench] b pp8", "[torch_bench] a pp8", "[torch_bench] b pp8"]);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["a-r1.json", "a-r2.json", "b-r1.json", "b-r2.json"]);
    const b = JSON.parse(readFileSync(join(dir, "out/b-r2.json"), "utf8"));
    expect(b).toMatchObject({label: "b", options: {kv_cache: "static", dtype: "fp32"}, model: {dtype: "fp32", weight_bytes: 4 * 106816}});
  });

  it("reads GPU bandwidths from data/reference/gpu-bandwidth.csv, the one table", () => {
    const csv = csvParse(readFileSync(join(repoRoot, "data/reference/gpu-bandwidth.csv"), "utf8"));
    const fromCsv = Object.fromEntries(csv.map((r) => [r.gpu!, Number(r.bandwidth_tb_s)]));
    const script = `import json,sys; sys.path.insert(0, ${JSON.stringify(join(repoRoot, "runners/engines"))}); import torch_bench; print(json.dumps(torch_bench.read_bandwidth_table()))`;
    const fromPython = JSON.parse(execFileSync(TORCH_PYTHON, ["-B", "-c", script], {encoding: "utf8"}));
    expect(fromPython).toEqual(fromCsv);
    expect(fromPython["NVIDIA H100 80GB HBM3"]).toBe(3.35);
  });
});

describe("the committed H100 runs (data/h100)", () => {
  const logs = join(repoRoot, "data/h100/logs");
  const sweeps = readdirSync(logs).map((d) => ({run: d, doc: JSON.parse(readFileSync(join(logs, d, "result.json"), "utf8")) as Sweep & {options: Record<string, unknown>}}));

  it("hold 15 Llama-3-8B sweeps measured on an NVIDIA H100 80GB HBM3 at 3.35 TB/s", () => {
    expect(sweeps).toHaveLength(15);
    for (const {doc} of sweeps) {
      expect(doc.environment.gpu_name).toBe("NVIDIA H100 80GB HBM3");
      expect(doc.environment.bandwidth_tb_s).toBe(3.35);
      expect(doc.model.name).toBe("llama-3-8b");
      expect(doc.model.params).toBe(params(LLAMA3_8B));
      expect(doc.results.map((r) => r.test)).toEqual(["pp512", "pp1024", "pp2048", "pp4096", "tg32", "tg64", "tg128", "tg256"]);
    }
  });

  it("report decode bytes per token, roofline and percent that follow from the shapes and the bandwidth", () => {
    for (const {doc} of sweeps) {
      for (const r of doc.results.filter((x) => x.kind === "decode")) {
        expect(r.bytes_per_token).toBe(Math.round(bytesPerToken(LLAMA3_8B, 2, 2048, r.n_gen)));
        expect(r.roofline_tok_s).toBeCloseTo(3.35e12 / r.bytes_per_token!, 1);
        expect(r.roofline_pct).toBeCloseTo((100 * r.mean_tok_s) / r.roofline_tok_s!, 2);
      }
    }
    // tg128 after a 2048-token prompt: 15.29 GB per token, 219 tok/s at 3.35 TB/s.
    expect(bytesPerToken(LLAMA3_8B, 2, 2048, 128)).toBe(15_286_607_872);
  });

  it("show CUDA graphs more than doubling decode over eager attention with a dynamic cache", () => {
    const tg128 = (run: string) => sweeps.find((s) => s.run === run)!.doc.results.find((r) => r.test === "tg128")!.mean_tok_s;
    const base = tg128("torch-h100-llama3-8b.llama-3-8b-threeway.baseline.r1");
    const agent = tg128("torch-h100-llama3-8b.llama-3-8b-threeway.agent.r1");
    expect(agent / base).toBeGreaterThan(2);
  });
});
