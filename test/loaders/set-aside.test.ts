import {mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {setAsideRows} from "../../loaders/set-aside.ts";
import {ingestPaths} from "../../runners/ingest/ingest.ts";

describe("setAsideRows(warehouse)", () => {
  it("lists the study corpus's quarantined file and its notes, each with why", async () => {
    const warehouse = join(mkdtempSync(join(tmpdir(), "bb-aside-")), "wh");
    await ingestPaths(["../shared/isobench/claude_code"], {warehouse, agent: "claude_code", threads: 1});
    const rows = await setAsideRows(warehouse);
    const quarantined = rows.filter((r) => r.kind === "quarantined");
    expect(quarantined.map((r) => r.file)).toEqual(["results/docker/bfdb1ba5_result.json"]);
    expect(quarantined[0].reason).toMatch(/^results\/docker\/bfdb1ba5_result\.json: not valid JSON: /);
    const notes = rows.filter((r) => r.kind === "note");
    expect(notes).toHaveLength(36);
    expect(new Set(notes.map((r) => r.reason))).toEqual(new Set(["value is ≤ 0: not measured (e.g. TPOT with one output token)"]));
    // each note is about a measurement, and names its commit for the explorer link
    expect(notes.every((r) => typeof r.commit === "string" && /^[0-9a-f]{8}$/.test(r.commit as string))).toBe(true);
  });

  it("gives no rows for a warehouse with neither table (the embedded data)", async () => {
    expect(await setAsideRows("data/warehouse")).toEqual([]);
  });
});
