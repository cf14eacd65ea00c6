// loaders/runs.ts on warehouses written through the runner's own format: known means, CVs and the signed change
// against the baseline; an empty warehouse or one without runner rows gives an empty page, not an error.
import {mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {runsPage} from "../../loaders/runs.ts";
import {RUN_GROUP_FORMAT, RUN_RECORD_FORMAT, type RunRecord} from "../../runners/run/record.ts";
import {groupRows} from "../../runners/run/run-format.ts";
import {appendToWarehouse} from "../../runners/warehouse/writer.ts";

function record(version: RunRecord["version"], repeat: number, tpot: number | null): RunRecord {
  return {
    format: RUN_RECORD_FORMAT,
    run_id: `p.t.${version}.r${repeat}`,
    plan: "p",
    batch: "p",
    task_id: "t",
    commit: "015069b0",
    parent: null,
    subject: "s",
    agent: null,
    model: "m",
    engine: "vllm-serve",
    benchmark_mode: "serving",
    version,
    repeat,
    has_patch: false,
    status: tpot === null ? "server_crashed" : "success",
    error: tpot === null ? "The server died while the benchmark ran" : null,
    log_tail: null,
    server_log_tail: null,
    started_at: "2026-01-01T00:00:00.000Z",
    finished_at: "2026-01-01T00:01:00.000Z",
    duration_s: 60,
    steps: [{name: "client", argv: ["python", "bench"], exit_code: 0, signal: null, timed_out: false, duration_s: 1, ok: true, stdout: null, stderr: null, error: null}],
    metrics: tpot === null ? [] : [{metric: "tpot_mean", value: tpot, unit: "ms", better: "lower"}],
    executed: {},
    warnings: [],
    environment: {gpu_name: "NVIDIA H100 80GB HBM3", engine_version: "0.6.3"},
    result_file: null
  };
}

async function warehouseWith(groups: Record<string, RunRecord[]>): Promise<string> {
  const wh = mkdtempSync(join(tmpdir(), "bb-runs-"));
  await appendToWarehouse(
    wh,
    Object.entries(groups).map(([version, runs]) => {
      const file = `runs/p/t.${version}.json`;
      const ctx = {path: file, folder: "p", runSet: "p", agent: null, sha256: version};
      return {file, file_sha256: version, run_set: "p", tables: groupRows({format: RUN_GROUP_FORMAT, plan: "p", task_id: "t", version: version as RunRecord["version"], runs}, ctx)};
    })
  );
  return wh;
}

describe("runsPage(warehouse)", () => {
  it("gives mean ± std, CV and the change against the baseline, signed so + is better", async () => {
    const wh = await warehouseWith({
      baseline: [record("baseline", 1, 10), record("baseline", 2, 14)],
      human: [record("human", 1, 9), record("human", 2, 9)],
      agent: [record("agent", 1, null)]
    });
    const {measurements} = await runsPage(wh);
    expect(measurements.map((m) => [m.variant, m.status, m.repeats, m.run_count])).toEqual([
      ["baseline", "success", 2, 2],
      ["human", "success", 2, 2],
      ["agent", "server_crashed", 0, 1]
    ]);
    const [base, human, agent] = measurements;
    expect(base.headline).toMatchObject({metric: "tpot_mean", mean: 12, n: 2});
    expect(base.headline!.std).toBeCloseTo(2.8284271, 6);
    expect(base.headline!.cv_pct).toBeCloseTo(23.570226, 5);
    // TPOT is lower-is-better: 9 ms against 12 ms is 25% better
    expect(human.vs_baseline_pct).toBeCloseTo(25, 9);
    expect(human.headline!.std).toBe(0);
    expect(agent.headline).toBeNull();
    expect(agent.error).toBe("The server died while the benchmark ran");
    expect(agent.runs[0]).toMatchObject({status: "server_crashed", command: "python bench"});
    expect(base.environment).toEqual({engine_version: "0.6.3", gpu_name: "NVIDIA H100 80GB HBM3"});
  });

  it("reads a warehouse written before the runner tables existed (no runner_runs, no environment)", async () => {
    const wh = await warehouseWith({baseline: [record("baseline", 1, 10)]});
    const {rm} = await import("node:fs/promises");
    await rm(join(wh, "runner_runs.parquet"));
    await rm(join(wh, "environment.parquet"));
    const [m] = (await runsPage(wh)).measurements;
    expect(m).toMatchObject({variant: "baseline", runs: [], environment: {}, headline: {metric: "tpot_mean", mean: 10}});
  });

  it("returns no measurements for an empty warehouse", async () => {
    expect((await runsPage(mkdtempSync(join(tmpdir(), "bb-empty-")))).measurements).toEqual([]);
  });
});
