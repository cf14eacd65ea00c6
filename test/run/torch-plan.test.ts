// runners/engines/torch_plan.py, the Node-less plan runner of the GPU host: same run ids, order and torch_bench argv as
// `benchbook run`, group files the runner's format validates and `benchbook ingest` lands, resume, failures as records.
import {execFileSync, spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {torchArgv} from "../../runners/run/engines/torch.ts";
import {loadPlan} from "../../runners/run/plan.ts";
import {RunGroupSchema} from "../../runners/run/record.ts";
import {planUnits} from "../../runners/run/runner.ts";
import {taskArgs} from "../../runners/run/task-args.ts";
import {Db} from "../../runners/warehouse/db.ts";
import {TORCH_PYTHON} from "../support/torch-python.ts";

const repoRoot = resolve(import.meta.dirname, "../..");
const TORCH_PLAN = join(repoRoot, "runners/engines/torch_plan.py");
const env = {...process.env, PYTHONDONTWRITEBYTECODE: "1"};

/** The CPU example plan with this machine's torch Python as every version's prefix, optionally edited. */
function cpuPlan(edit: (plan: {tasks: Record<string, unknown>[]}) => void = () => {}): {dir: string; file: string} {
  const dir = mkdtempSync(join(tmpdir(), "bb-torch-plan-"));
  const plan = JSON.parse(readFileSync(join(repoRoot, "examples/plans/torch-cpu.json"), "utf8"));
  for (const v of Object.values(plan.tasks[0].versions) as {prefix: string[]}[]) v.prefix = [TORCH_PYTHON];
  edit(plan);
  const file = join(dir, "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  return {dir, file};
}

describe("torch_plan.py --dry-run", () => {
  for (const name of ["torch-h100.json", "torch-cpu.json"]) {
    it(`lists the same runs, in the same order, with the same torch_bench argv as benchbook run (${name})`, async () => {
      const file = join(repoRoot, "examples/plans", name);
      const out = execFileSync(TORCH_PYTHON, [TORCH_PLAN, file, "--warehouse", mkdtempSync(join(tmpdir(), "bb-dry-")), "--dry-run"], {encoding: "utf8", env});
      const python = out.trim().split("\n").map((l) => JSON.parse(l) as {run_id: string; argv: string[]});
      const plan = await loadPlan(file);
      const node = planUnits(plan).map((u) => ({run_id: u.runId, argv: [...torchArgv(u.task.options, u.task.model, u.version, u.task.id), ...taskArgs(u.task).args]}));
      expect(python).toEqual(node);
      expect(python.length).toBeGreaterThan(5);
    });
  }
});

describe("torch_plan.py on CPU", () => {
  it("writes benchbook.runs/v1 group files that benchbook ingest lands, sweeps included, and resumes", async () => {
    const {dir, file} = cpuPlan();
    const warehouse = join(dir, "out");
    execFileSync(TORCH_PYTHON, [TORCH_PLAN, file, "--warehouse", warehouse], {encoding: "utf8", env, stdio: "pipe"});
    for (const version of ["baseline", "human", "agent"]) {
      const path = join(warehouse, `runs/torch-cpu-tiny/tiny-threeway.${version}.json`);
      const group = RunGroupSchema.parse(JSON.parse(readFileSync(path, "utf8")));
      expect(group.runs.map((r) => [r.run_id, r.status])).toEqual([
        [`torch-cpu-tiny.tiny-threeway.${version}.r1`, "success"],
        [`torch-cpu-tiny.tiny-threeway.${version}.r2`, "success"]
      ]);
      const run = group.runs[0];
      expect(run.metrics.map((m) => m.metric)).toEqual(["pp32_tok_s", "pp64_tok_s", "tg8_tok_s", "tg16_tok_s"]);
      const sweep = JSON.parse(readFileSync(join(warehouse, run.result_file!), "utf8"));
      expect(run.metrics[2].value).toBe(sweep.results[2].mean_tok_s);
      expect(run.steps[0].argv).toEqual([TORCH_PYTHON, "runners/engines/torch_bench.py", ...torchArgv((await loadPlan(file)).tasks[0].options, "tiny", version as "baseline", "t"), "--out", run.result_file]);
      expect(run.environment).toMatchObject({python_version: expect.any(String), torch_version: expect.any(String), prefix: JSON.stringify([TORCH_PYTHON])});
    }

    // --resume finds every run recorded and leaves the files alone.
    const before = statSync(join(warehouse, "runs/torch-cpu-tiny/tiny-threeway.agent.json")).mtimeMs;
    const resumed = spawnSync(TORCH_PYTHON, [TORCH_PLAN, file, "--warehouse", warehouse, "--resume"], {encoding: "utf8", env});
    expect(resumed.status).toBe(0);
    expect(resumed.stderr.match(/recorded, skipped/g)).toHaveLength(6);
    expect(statSync(join(warehouse, "runs/torch-cpu-tiny/tiny-threeway.agent.json")).mtimeMs).toBe(before);

    const wh = join(dir, "wh");
    execFileSync(process.execPath, [join(repoRoot, "bin/benchbook.js"), "ingest", warehouse, "--warehouse", wh, "-q"], {encoding: "utf8", stdio: "pipe"});
    const db = await Db.open();
    const t = (name: string) => `'${join(wh, `${name}.parquet`)}'`;
    const m = await db.all(`select variant, status, repeats, source from ${t("measurements")} order by variant`);
    expect(m).toEqual([
      {variant: "agent", status: "success", repeats: 2, source: "runner"},
      {variant: "baseline", status: "success", repeats: 2, source: "runner"},
      {variant: "human", status: "success", repeats: 2, source: "runner"}
    ]);
    const sweeps = await db.all(`select config, count(*)::INTEGER n from ${t("sweeps")} group by config order by config`);
    expect(sweeps).toEqual([
      {config: "agent (eager, static cache, fp32)", n: 12},
      {config: "baseline (eager, dynamic cache, bf16)", n: 12},
      {config: "human (eager, static cache, bf16)", n: 12}
    ]);
  }, 240_000);

  it("records a run whose options fail as client_failed with the reason, runs the rest, exits 1", () => {
    const {dir, file} = cpuPlan((plan) => {
      const task = plan.tasks[0] as {options: {versions: Record<string, Record<string, unknown>>}; repeats: number};
      task.repeats = 1;
      task.options.versions.human = {attn: "eager", kv_cache: "dynamic", cuda_graphs: true};
    });
    const warehouse = join(dir, "out");
    const out = spawnSync(TORCH_PYTHON, [TORCH_PLAN, file, "--warehouse", warehouse], {encoding: "utf8", env});
    expect(out.status).toBe(1);
    const human = RunGroupSchema.parse(JSON.parse(readFileSync(join(warehouse, "runs/torch-cpu-tiny/tiny-threeway.human.json"), "utf8"))).runs[0];
    expect(human).toMatchObject({status: "client_failed", error: "torch_bench: compile and cuda_graphs need kv_cache=static: shapes must not change between decode steps", metrics: [], result_file: null});
    const agent = RunGroupSchema.parse(JSON.parse(readFileSync(join(warehouse, "runs/torch-cpu-tiny/tiny-threeway.agent.json"), "utf8"))).runs[0];
    expect(agent.status).toBe("success");
  }, 120_000);
});
