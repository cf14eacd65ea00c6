import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import {run} from "../../runners/cli/analyze.ts";
import {CliError} from "../../runners/errors.ts";
import {formatSummary, ingestPaths} from "../../runners/ingest/ingest.ts";
import {writeFixtureWarehouse} from "../analysis/warehouse-fixture.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-cli-analyze-"));
  const row = (variant: string, value: number) => ({
    measurement_id: variant,
    commit: "abcdef01",
    variant,
    agent: variant === "agent" ? "claude_code" : null,
    source: "modal",
    file: "modal/abcdef01/benchmark_result.json",
    request_rate: 1,
    metrics: {tpot_mean: value}
  });
  await writeFixtureWarehouse(join(dir, "wh"), [row("baseline", 10), row("human", 9), row("agent", 9.6)]);
});
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

describe("benchbook analyze", () => {
  it("prints one paragraph per agent and exits 0", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await run(["--warehouse", join(dir, "wh"), "--threshold", "5"])).toBe(0);
      const out = log.mock.calls.map((c) => c.join(" ")).join("\n");
      expect(out).toMatch(/1 comparisons/);
      expect(out).toMatch(/claude_code: 1 commits, 1 evaluable \(valid_3way 1, .*\); win 0, match 0, loss 1, failed 0; 0 unstable\./);
    } finally {
      log.mockRestore();
    }
  });
  it("rejects a threshold that is not a positive number, with exit code 2", async () => {
    await expect(run(["--warehouse", join(dir, "wh"), "--threshold", "five"])).rejects.toThrow(/--threshold: expected a number, found "five"/);
    const error = await run(["--warehouse", join(dir, "wh"), "--regression-threshold", "-3"]).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(2);
  });
  it("says to ingest first when the warehouse has no measurements", async () => {
    await expect(run(["--warehouse", join(dir, "empty")])).rejects.toThrow(/no measurements table: run `benchbook ingest/);
  });
  it("says there is no agent to judge in a warehouse of engine-configuration runs", async () => {
    const wh = join(dir, "configs");
    const row = (variant: string) => ({measurement_id: variant, commit: "torch-configs", variant, source: "runner", file: `${variant}.json`, metrics: {pp512_tok_s: 1}});
    await writeFixtureWarehouse(wh, [row("baseline"), row("human"), row("agent")]);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await run(["--warehouse", wh])).toBe(0);
      expect(log.mock.calls.map((c) => String(c[0])).join("\n")).toContain(
        "  No agent to judge: the agent versions here name no agent (engine configurations: see the engine tracker)."
      );
    } finally {
      log.mockRestore();
    }
  });
  it("says that nothing ingested held results when the warehouse has files but no measurements", async () => {
    const wh = join(dir, "no-results");
    const unrelated = join(dir, "unrelated");
    await mkdir(unrelated, {recursive: true});
    await writeFile(join(unrelated, "package.json"), '{"name": "x", "version": "1.0.0"}');
    expect(formatSummary(await ingestPaths([unrelated], {warehouse: wh}), wh)).toContain(`Warehouse ${wh} now holds files 1.`);
    await expect(run(["--warehouse", wh])).rejects.toThrow(
      `${join(wh, "measurements.parquet")}: no measurements table: no file ingested into this warehouse held results (files.parquet says what each file was)`
    );
  });
});
