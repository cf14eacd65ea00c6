// The runner's group file → warehouse rows: known-answer mean/std/n over repeats, failures kept as measurements
// with their evidence, environment rows per run.
import {describe, expect, it} from "vitest";
import {groupRows, displayCommand, runGroupFormat} from "../../runners/run/run-format.ts";
import {RUN_GROUP_FORMAT, RUN_RECORD_FORMAT, type RunGroup, type RunRecord} from "../../runners/run/record.ts";

function run(repeat: number, status: RunRecord["status"], tpot: number | null): RunRecord {
  return {
    format: RUN_RECORD_FORMAT,
    run_id: `p.t1.human.r${repeat}`,
    plan: "p",
    batch: "p",
    task_id: "t1",
    commit: "015069b0aaaabbbbccccddddeeeeffff00001111",
    parent: "11112222",
    subject: "s",
    agent: null,
    model: "m",
    engine: "vllm-serve",
    benchmark_mode: "serving",
    version: "human",
    repeat,
    has_patch: false,
    status,
    error: status === "success" ? null : "Command failed with exit code 1: python …\nRuntimeError: CUDA out of memory",
    log_tail: status === "success" ? "==== Serving Benchmark Result ====" : "RuntimeError: CUDA out of memory",
    server_log_tail: null,
    started_at: `2026-01-0${repeat}T00:00:00.000Z`,
    finished_at: `2026-01-0${repeat}T00:01:00.000Z`,
    duration_s: 60,
    steps: [{name: "client", argv: ["python", "-m", "vllm.entrypoints.cli.main", "bench", "serve", "--model", "my model"], exit_code: 0, signal: null, timed_out: false, duration_s: 50, ok: true, stdout: null, stderr: null, error: null}],
    metrics: tpot === null ? [] : [{metric: "tpot_mean", value: tpot, unit: "ms", better: "lower"}],
    executed: {request_rate: "inf", num_prompts: 100},
    warnings: [],
    environment: {gpu_name: "NVIDIA H100 80GB HBM3", "env.VLLM_USE_V1": "1"},
    result_file: null
  };
}
const ctx = {path: "runs/p/t1.human.json", folder: "p", runSet: "p", agent: null, sha256: "0".repeat(64)};
const group = (runs: RunRecord[]): RunGroup => ({format: RUN_GROUP_FORMAT, plan: "p", task_id: "t1", version: "human", runs});

describe("groupRows(group)", () => {
  it("gives the mean, sample std and n of the successful repeats (10, 20, 30 → 20 ± 10, n 3)", () => {
    const t = groupRows(group([run(1, "success", 10), run(2, "success", 20), run(3, "success", 30)]), ctx);
    expect(t.metrics).toEqual([expect.objectContaining({metric: "tpot_mean", value: 20, std: 10, n: 3, unit: "ms", better: "lower"})]);
    expect(t.measurements[0]).toMatchObject({variant: "human", status: "success", repeats: 3, source: "runner", request_rate: Infinity, num_prompts: 100, commit: "015069b0"});
    expect(t.measurements[0].perf_command).toBe("python -m vllm.entrypoints.cli.main bench serve --model 'my model'");
    expect(t.runner_runs).toHaveLength(3);
    expect(t.environment.filter((r) => r.run_id === "p.t1.human.r1").map((r) => r.key)).toEqual(["env.VLLM_USE_V1", "gpu_name"]);
  });

  it("leaves failed repeats out of the mean but keeps them as runs; n counts successes", () => {
    const t = groupRows(group([run(1, "success", 10), run(2, "server_crashed", null), run(3, "success", 14)]), ctx);
    expect(t.metrics[0]).toMatchObject({value: 12, n: 2});
    expect(t.metrics[0].std).toBeCloseTo(2.8284271, 6);
    expect(t.measurements[0]).toMatchObject({status: "success", repeats: 2});
    expect(t.measurements[0].error ?? null).toBeNull();
    expect(t.runner_runs.map((r) => r.status)).toEqual(["success", "server_crashed", "success"]);
    expect(JSON.parse(t.measurements[0].extra as string)).toMatchObject({runs: 3, failed_runs: 1});
  });

  it("makes an all-failed version a measurement with the failure's status, error and log tail, and no metrics", () => {
    const t = groupRows(group([run(1, "timeout", null)]), ctx);
    expect(t.metrics).toEqual([]);
    expect(t.measurements[0]).toMatchObject({status: "timeout", repeats: 0, raw_log_excerpt: "RuntimeError: CUDA out of memory"});
    expect(t.measurements[0].error).toContain("CUDA out of memory");
  });

  it("is the format ingest recognises; a damaged file is quarantined, not parsed", () => {
    const g = group([run(1, "success", 10)]);
    expect(runGroupFormat.detect({path: "x", text: "", json: g})).toEqual({match: true, broken: false});
    expect(runGroupFormat.detect({path: "x", text: "", json: {...g, runs: [{}]}})).toEqual({match: true, broken: true});
    expect(runGroupFormat.detect({path: "x", text: "", json: {format: "other"}})).toEqual({match: false});
    expect(() => runGroupFormat.parse({text: "", json: {...g, runs: []}}, ctx)).toThrowError(/runs\/p\/t1\.human\.json: not a valid benchbook\.runs\/v1 file\n.*runs: /);
  });

  it("names the agent of an agent version by the record, else the ingest's agent; no agent when it ran no patch and named none", () => {
    const agentRun = (agent: string | null, has_patch: boolean): RunGroup => ({
      ...group([{...run(1, "success", 10), version: "agent", agent, has_patch}]),
      version: "agent"
    });
    const ingestCtx = {...ctx, agent: "h100"};
    // `benchbook run --agent claude_code`: the record says whose patch ran
    expect(groupRows(agentRun("claude_code", true), ingestCtx).measurements[0].agent).toBe("claude_code");
    // a patch run without --agent: some agent's patch, named as ingest names it (--agent or the folder)
    expect(groupRows(agentRun(null, true), ingestCtx).measurements[0].agent).toBe("h100");
    // no patch and no agent: engine configurations compared under the three version names (the H100 torch runs)
    expect(groupRows(agentRun(null, false), ingestCtx).measurements[0].agent ?? null).toBeNull();
    // baseline and human rows never carry an agent
    expect(groupRows(group([run(1, "success", 10)]), ingestCtx).measurements[0].agent ?? null).toBeNull();
  });

  it("renders argv for display with shell quoting only where needed", () => {
    expect(displayCommand(["a", "b c", "it's", "--x=1"])).toBe("a 'b c' 'it'\\''s' --x=1");
  });
});
