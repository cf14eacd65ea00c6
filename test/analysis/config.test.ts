import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {DEFAULT_REGRESSION_THRESHOLD_PCT, DEFAULT_THRESHOLD_PCT, loadConfigFile, resolveSettings} from "../../runners/analysis/config.ts";
import {InputError} from "../../runners/errors.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-config-"));
});
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("loadConfigFile(path)", () => {
  it("reads the example config", async () => {
    const cfg = await loadConfigFile(resolve(import.meta.dirname, "../../benchbook.config.example.json"));
    expect(cfg.commits?.["2deb029d"]?.primary_metric).toBe("warmup_time");
  });
  it("names the file and the field on a bad value", async () => {
    const path = await write("bad.json", JSON.stringify({threshold: "five", commits: {"2deb029d": {primary_metric: "warmup_tme", reason: "x"}}}));
    const error = await loadConfigFile(path).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`${path}: threshold: `);
    expect(error.message).toContain('found "five"');
    expect(error.message).toMatch(/commits\.2deb029d\.primary_metric: a metric name from the catalogue/);
  });
  it("rejects unknown keys, overrides without a reason, and invalid JSON", async () => {
    await expect(loadConfigFile(await write("k.json", '{"treshold": 3}'))).rejects.toThrow(/treshold/);
    await expect(loadConfigFile(await write("r.json", '{"commits": {"2deb029d": {"primary_metric": "ttft_mean"}}}'))).rejects.toThrow(/reason/);
    await expect(loadConfigFile(await write("j.json", "{"))).rejects.toThrow(/not valid JSON/);
    await expect(loadConfigFile(join(dir, "missing.json"))).rejects.toThrow(/config file not found/);
  });
});

describe("resolveSettings(file, options)", () => {
  it("defaults, then the file, then the command line", () => {
    expect(resolveSettings(null)).toMatchObject({threshold: DEFAULT_THRESHOLD_PCT, regressionThreshold: DEFAULT_REGRESSION_THRESHOLD_PCT, duplicateThreshold: 5});
    const file = {threshold: 3, regression_threshold: 30, commits: {abcdef01: {primary_metric: "ttft_mean", reason: "why"}}};
    expect(resolveSettings(file)).toMatchObject({threshold: 3, regressionThreshold: 30, duplicateThreshold: 3});
    expect(resolveSettings(file, {threshold: 7})).toMatchObject({threshold: 7, regressionThreshold: 30});
    expect(resolveSettings(file).overrides.get("abcdef01")).toEqual({metric: "ttft_mean", reason: "why"});
  });
});
