// runners/run/engines/torch.ts: per-version options → torch_bench.py argv, workload metrics from the sweep, and the
// tiny CPU configuration end to end through `benchbook run` into a warehouse (Debian's torch, as in CI).
import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {InputError} from "../../runners/errors.ts";
import type {EngineContext} from "../../runners/run/engines/index.ts";
import {getEngine} from "../../runners/run/engines/index.ts";
import {TORCH_BENCH_SCRIPT, torchArgv, torchEngine} from "../../runners/run/engines/torch.ts";
import {Db} from "../../runners/warehouse/db.ts";
import {TORCH_PYTHON} from "../support/torch-python.ts";

const repoRoot = resolve(import.meta.dirname, "../..");

describe("torchArgv(options, model, version)", () => {
  const options = {
    tests: ["pp512", "tg128"],
    tg_prompt: 2048,
    verify: true,
    versions: {baseline: {attn: "eager", kv_cache: "dynamic"}, agent: {attn: "sdpa", kv_cache: "static", cuda_graphs: true}}
  };

  it("applies the version's overrides and writes options in key order, booleans as on/off, lists comma-joined", () => {
    expect(torchArgv(options, "llama-3-8b", "agent", "t")).toEqual([
      "--preset", "llama-3-8b", "--attn", "sdpa", "--cuda-graphs", "on", "--kv-cache", "static",
      "--tests", "pp512,tg128", "--tg-prompt", "2048", "--verify", "on", "--variant", "agent"
    ]);
    expect(torchArgv(options, "llama-3-8b", "baseline", "t")).toContain("dynamic");
    expect(torchArgv(options, "llama-3-8b", "human", "t")).not.toContain("--attn");
  });

  it("passes model_config as JSON instead of a preset", () => {
    const argv = torchArgv({model_config: {num_layers: 4, hidden_size: 256}}, "my-shape", "baseline", "t");
    expect(argv).toEqual(["--model-config", '{"hidden_size":256,"num_layers":4}', "--variant", "baseline"]);
  });

  it("refuses an unknown option or value, naming the task and the field", () => {
    expect(() => torchArgv({atn: "sdpa"}, "llama-3-8b", "baseline", "task t: options")).toThrow(InputError);
    expect(() => torchArgv({versions: {human: {kv_cache: "paged"}}}, "m", "human", "task t: options")).toThrow(/versions\.human\.kv_cache/);
  });

  it("is the engine registered as `torch`, running the script with the version's Python", () => {
    expect(getEngine("torch")).toBe(torchEngine);
    const ctx = {task: {id: "t", model: "tiny", options: {}}, version: "human", args: ["--threads", "1"], resultPath: "/r/result.json"} as unknown as EngineContext;
    expect(torchEngine.benchArgv(ctx)).toEqual([TORCH_BENCH_SCRIPT, "--preset", "tiny", "--variant", "human", "--threads", "1", "--out", "/r/result.json"]);
  });
});

describe("torchEngine.parseResult(text)", () => {
  it("keeps one workload metric per prefill/decode result (TTFT rows are not metrics)", () => {
    const file = join(repoRoot, "data/h100/logs/torch-h100-llama3-8b.llama-3-8b-threeway.agent.r1/result.json");
    const text = readFileSync(file, "utf8");
    const doc = JSON.parse(text);
    const out = torchEngine.parseResult(text, {task: {id: "t"}, resultPath: file} as unknown as EngineContext);
    expect(out.metrics.map((m) => m.metric)).toEqual(["pp512_tok_s", "pp1024_tok_s", "pp2048_tok_s", "pp4096_tok_s", "tg32_tok_s", "tg64_tok_s", "tg128_tok_s", "tg256_tok_s"]);
    expect(out.metrics.find((m) => m.metric === "tg128_tok_s")).toEqual({metric: "tg128_tok_s", value: doc.results[6].mean_tok_s, unit: "tok/s", better: "higher"});
    expect(out.executed).toMatchObject({model: "llama-3-8b", benchmark_mode: "sweep"});
  });

  it("throws on a file that is not a torch sweep", () => {
    expect(() => torchEngine.parseResult('{"format": "other"}', {task: {id: "t"}, resultPath: "r.json"} as unknown as EngineContext)).toThrow(/not a valid torch-sweep/);
  });
});

describe("benchbook run with the torch engine (tiny shape, CPU)", () => {
  it("runs baseline, human and agent twice each into the warehouse, one measurement per version", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-torch-"));
    const plan = JSON.parse(readFileSync(join(repoRoot, "examples/plans/torch-cpu.json"), "utf8"));
    for (const v of Object.values(plan.tasks[0].versions) as {prefix: string[]}[]) v.prefix = [TORCH_PYTHON];
    const planFile = join(dir, "plan.json");
    writeFileSync(planFile, JSON.stringify(plan));
    const warehouse = join(dir, "wh");
    execFileSync(process.execPath, [join(repoRoot, "bin/benchbook.js"), "run", planFile, "--warehouse", warehouse], {encoding: "utf8", stdio: "pipe", env: {...process.env, PYTHONDONTWRITEBYTECODE: "1"}});

    const db = await Db.open();
    const w = (t: string) => `'${join(warehouse, `${t}.parquet`)}'`;
    const measurements = await db.all(`select variant, status, repeats, source, model, benchmark_mode, engine_version from ${w("measurements")} order by variant`);
    expect(measurements.map((m) => m.variant)).toEqual(["agent", "baseline", "human"]);
    for (const m of measurements) expect(m).toMatchObject({status: "success", repeats: 2, source: "runner", model: "tiny", benchmark_mode: "sweep"});
    expect(String(measurements[0].engine_version)).toMatch(/^\d+\.\d+/);

    const metrics = await db.all(`select m.variant, x.metric, x.value, x.n, x.unit, x.better from ${w("metrics")} x join ${w("measurements")} m using (measurement_id) order by 1, 2`);
    expect(metrics).toHaveLength(12);
    expect(new Set(metrics.map((m) => m.metric))).toEqual(new Set(["pp32_tok_s", "pp64_tok_s", "tg8_tok_s", "tg16_tok_s"]));
    // Each metric is the mean over the two runs of what the sweep files say.
    for (const m of metrics) {
      const means = [1, 2].map((r) => {
        const sweep = JSON.parse(readFileSync(join(warehouse, "logs", `torch-cpu-tiny.tiny-threeway.${m.variant}.r${r}`, "result.json"), "utf8"));
        return sweep.results.find((x: {test: string}) => `${x.test}_tok_s` === m.metric).mean_tok_s as number;
      });
      expect(m).toMatchObject({n: 2, unit: "tok/s", better: "higher"});
      expect(m.value as number).toBeCloseTo((means[0] + means[1]) / 2, 6);
    }
    const runs = await db.all(`select count(*)::INTEGER n from ${w("runner_runs")}`);
    expect(runs[0].n).toBe(6);
    const agentSweep = JSON.parse(readFileSync(join(warehouse, "logs/torch-cpu-tiny.tiny-threeway.agent.r1/result.json"), "utf8"));
    expect(agentSweep).toMatchObject({label: "agent (eager, static cache, fp32)", options: {dtype: "fp32", kv_cache: "static"}});
  }, 240_000);
});
