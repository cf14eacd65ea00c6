import {existsSync} from "node:fs";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {analyzeWarehouse, type AnalysisResult} from "../../runners/analysis/analyze.ts";
import {ANALYSIS_TABLES} from "../../runners/analysis/tables.ts";
import {withDb} from "../../runners/warehouse/db.ts";
import {writeFixtureWarehouse} from "./warehouse-fixture.ts";

let dir: string;
let result: AnalysisResult;
let overridden: AnalysisResult;

const prefix = {benchmark_mode: "prefix_caching"};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-analyze-"));
  const wh = join(dir, "wh");
  await writeFixtureWarehouse(wh, [
    // 2deb029d-like docker re-run: output throughput equal, warm-up time is where the human's change shows
    {measurement_id: "db", commit: "2deb029d", variant: "baseline", source: "docker_rerun", file: "docker/2deb029d/r.json", ...prefix, metrics: {output_throughput: 5671.5, warmup_time: 5.33}},
    {measurement_id: "dh", commit: "2deb029d", variant: "human", source: "docker_rerun", file: "docker/2deb029d/r.json", ...prefix, metrics: {output_throughput: 5685.86, warmup_time: 3.77}},
    {measurement_id: "da", commit: "2deb029d", variant: "agent", agent: "a1", source: "docker_rerun", file: "docker/2deb029d/r.json", ...prefix, metrics: {output_throughput: 5711.09, warmup_time: 5.23}},
    // BenchBook runner results with repeats (n/std) in one plan run
    {measurement_id: "rb", commit: "11111111", variant: "baseline", source: "runner", file: "runs/p1.parquet", batch: "p1", request_rate: 2, metrics: {tpot_mean: 10}, n: 5, std: 0.1},
    {measurement_id: "rh", commit: "11111111", variant: "human", source: "runner", file: "runs/p1.parquet", batch: "p1", request_rate: 2, metrics: {tpot_mean: 9}, n: 5, std: 0.1},
    {measurement_id: "ra", commit: "11111111", variant: "agent", agent: "a1", source: "runner", file: "runs/p1.parquet", batch: "p1", request_rate: 2, metrics: {tpot_mean: 9.9}, n: 5, std: 0.1},
    // a second agent that only ever touched the runner commit and failed
    {measurement_id: "xa", commit: "11111111", variant: "agent", agent: "a2", source: "runner", file: "runs/p2.parquet", batch: "p2", status: "error", error: "Server crashed after applying patch"}
  ]);
  result = await analyzeWarehouse({warehouse: wh});
  const cfg = join(dir, "benchbook.config.json");
  await writeFile(cfg, JSON.stringify({commits: {"2deb029d": {primary_metric: "warmup_time", reason: "PR #7822 speeds up warm-up"}}}));
  overridden = await analyzeWarehouse({warehouse: wh, configPath: cfg, threshold: 3});
});
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

describe("analyzeWarehouse({warehouse})", () => {
  it("writes the four outputs with the contract's columns", async () => {
    for (const name of ["comparisons", "flags", "failures"] as const) {
      const path = join(dir, "wh", `${name}.parquet`);
      const cols = await withDb((db) => db.all<{column_name: string}>(`DESCRIBE SELECT * FROM read_parquet('${path}')`));
      expect(cols.map((c) => c.column_name)).toEqual(Object.keys(ANALYSIS_TABLES[name].columns));
    }
    const summary = JSON.parse(await readFile(join(dir, "wh", "summary.json"), "utf8"));
    expect(Object.keys(summary.agents)).toEqual(["a1", "a2"]);
    expect(existsSync(join(dir, "wh", "comparisons.parquet"))).toBe(true);
  });

  it("gives one row per (agent, commit) and judges runner results within their plan run", () => {
    expect(result.comparisons.map((r) => `${r.agent}/${r.commit}/${r.category}`)).toEqual([
      "a1/11111111/valid_3way",
      "a1/2deb029d/valid_3way",
      "a2/11111111/agent_failed",
      "a2/2deb029d/no_agent_attempt"
    ]);
    const runner = result.comparisons.find((r) => r.agent === "a1" && r.commit === "11111111")!;
    expect(runner).toMatchObject({source: "runner", primary_metric: "tpot_mean", outcome: "loss", stable: true, baseline_measurement_id: "rb"});
    expect(runner.agent_vs_human_pct as number).toBeCloseTo(-10, 10);
  });

  it("judges a prefix-caching run on output throughput by default", () => {
    const r = result.comparisons.find((x) => x.agent === "a1" && x.commit === "2deb029d")!;
    expect(r).toMatchObject({primary_metric: "output_throughput", outcome: "match", config_override: null});
    expect(JSON.parse(r.other_metrics as string).map((m: {metric: string}) => m.metric)).toEqual(["warmup_time"]);
  });

  it("follows the config file's primary metric, with its reason, and the command-line threshold", () => {
    const r = overridden.comparisons.find((x) => x.agent === "a1" && x.commit === "2deb029d")!;
    expect(r).toMatchObject({primary_metric: "warmup_time", outcome: "loss", config_override: "PR #7822 speeds up warm-up", threshold_pct: 3});
    expect(r.agent_vs_human_pct as number).toBeCloseTo(((3.77 - 5.23) / 3.77) * 100, 8);
    expect(r.primary_metric_reason).toBe("set in the config file: PR #7822 speeds up warm-up");
    expect(overridden.summary.settings).toMatchObject({threshold_pct: 3, overrides: {"2deb029d": {primary_metric: "warmup_time"}}});
  });

  it("lists the failed agent run with its class", () => {
    expect(result.failures.map((f) => [f.commit, f.variant, f.agent, f.failure_class])).toEqual([["11111111", "agent", "a2", "server_crashed_after_patch"]]);
  });
});

describe("analyzeWarehouse(agents in run sets of their own)", () => {
  it("judges each agent on its own run sets and the shared ones, not on another agent's", async () => {
    const wh = join(dir, "runsets");
    const m = (run_set: string, commit: string, variant: string, agent?: string) => ({
      measurement_id: `${run_set}-${commit}-${variant}`,
      run_set,
      commit,
      variant,
      ...(agent ? {agent} : {}),
      source: "modal",
      file: `${run_set}/${commit}.json`,
      metrics: {output_throughput: 100}
    });
    await writeFixtureWarehouse(wh, [
      // the study: agent a1 on commit aaaaaaaa; commit bbbbbbbb has a human run and no attempt by a1
      m("study", "aaaaaaaa", "human"),
      m("study", "aaaaaaaa", "agent", "a1"),
      m("study", "bbbbbbbb", "human"),
      // engine configurations run three ways, beside the study: an agent version that is no agent's (agent unset)
      m("h100", "cccccccc", "human"),
      m("h100", "cccccccc", "agent"),
      // shared human results no agent's run set holds: every agent is judged on them
      m("shared", "dddddddd", "human")
    ]);
    const r = await analyzeWarehouse({warehouse: wh});
    expect(r.comparisons.map((c) => `${c.agent}/${c.commit}/${c.category}`)).toEqual([
      "a1/aaaaaaaa/ha_only",
      "a1/bbbbbbbb/no_agent_attempt",
      "a1/dddddddd/no_agent_attempt"
    ]);
    expect(Object.keys(r.summary.agents)).toEqual(["a1"]);
  });

  it("with no agent at all, judges the shared results only: engine-configuration runs are nobody's attempt", async () => {
    const m = (run_set: string, commit: string, variant: string) => ({
      measurement_id: `${run_set}-${commit}-${variant}`,
      run_set,
      commit,
      variant,
      source: "runner",
      file: `${run_set}/${commit}.${variant}.json`,
      metrics: {output_throughput: 100}
    });
    const configs = [m("h100", "cccccccc", "baseline"), m("h100", "cccccccc", "human"), m("h100", "cccccccc", "agent")];
    const only = join(dir, "configs-only");
    await writeFixtureWarehouse(only, configs);
    const none = await analyzeWarehouse({warehouse: only});
    expect(none.comparisons).toEqual([]);
    expect(none.summary.agents).toEqual({});

    const mixed = join(dir, "configs-and-shared");
    await writeFixtureWarehouse(mixed, [...configs, m("shared", "dddddddd", "baseline"), m("shared", "dddddddd", "human")]);
    const r = await analyzeWarehouse({warehouse: mixed});
    expect(r.comparisons.map((c) => `${c.agent}/${c.commit}/${c.category}`)).toEqual(["null/dddddddd/no_agent_attempt"]);
    expect(Object.keys(r.summary.agents)).toEqual([""]);
  });
});
