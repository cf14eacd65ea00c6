import {mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {readTable} from "../../loaders/site-read.ts";
import {COMPARISON_COLUMNS} from "../../loaders/site-columns.ts";
import {withDb} from "../../runners/warehouse/db.ts";

describe("readTable(table, columns)", () => {
  it("reads a missing table as empty, with the columns asked for", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-site-read-"));
    expect(await readTable("comparisons", COMPARISON_COLUMNS, {warehouse: dir})).toEqual([]);
  });

  it("fills a column the file lacks with null and keeps the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-site-read-"));
    await withDb((db) => db.copyToParquet("SELECT 'claude_code' AS agent, '299ebb62' AS commit, 4.2 AS human_value", join(dir, "comparisons.parquet")));
    const rows = await readTable("comparisons", {agent: "string", commit: "string", human_value: "number", outcome: "string"}, {warehouse: dir});
    expect(rows).toEqual([{agent: "claude_code", commit: "299ebb62", human_value: 4.2, outcome: null}]);
  });
});
