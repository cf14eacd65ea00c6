// `benchbook report --ingest <dir> --warehouse <dir>` ingests, analyses and builds in one go: the built overview shows
// the verdicts of the results it was pointed at.
import {existsSync, mkdtempSync, readdirSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {main} from "../../runners/cli/main.ts";

describe("benchbook report --ingest", () => {
  it("ingests, analyses and builds the site from the given results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-report-"));
    const warehouse = join(dir, "warehouse");
    const out = join(dir, "dist");
    const code = await main(["report", "--ingest", "data/seeds/seed-001-figures.csv", "--warehouse", warehouse, "--out", out]);
    expect(code).toBe(0);
    for (const t of ["measurements", "metrics", "comparisons", "flags", "failures"]) expect(existsSync(join(warehouse, `${t}.parquet`)), t).toBe(true);
    const summary = JSON.parse(readFileSync(join(warehouse, "summary.json"), "utf8"));
    expect(Object.keys(summary.agents)).toEqual(["claude_code"]);
    for (const page of ["index", "explorer", "regressions", "pipelines", "failures", "tracker", "runs", "evaluation"]) {
      expect(existsSync(join(out, `${page}.html`)), page).toBe(true);
    }
    // The overview's data file in the build carries this warehouse's agent and no other.
    const files = readdirSync(join(out, "_file", "data")).filter((f) => f.startsWith("overview."));
    const overview = readFileSync(join(out, "_file", "data", files[0]), "utf8");
    expect(overview).toContain("claude_code");
    expect(overview).not.toContain("h100");
  });
});
