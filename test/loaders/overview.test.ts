// The overview's numbers are summary.json's, and summary.json agrees with comparisons.parquet, on the embedded data.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {overviewData} from "../../loaders/overview.ts";
import {normaliseSummary} from "../../loaders/summary-shape.ts";
import {queryWarehouse} from "../../loaders/warehouse.ts";

const WAREHOUSE = "data/warehouse";

describe("overviewData(warehouse)", () => {
  it("gives every agent's category and outcome counts exactly as comparisons.parquet has them", async () => {
    const overview = await overviewData(WAREHOUSE);
    const counts = await queryWarehouse<{agent: string; category: string; outcome: string | null; n: number}>(
      "SELECT agent, category, outcome, count(*)::INTEGER AS n FROM {comparisons} GROUP BY ALL",
      {warehouse: WAREHOUSE}
    );
    expect(overview.agents.map((a) => a.agent)).toEqual([...new Set(counts.map((c) => c.agent))].sort());
    for (const a of overview.agents) {
      const mine = counts.filter((c) => c.agent === a.agent);
      for (const c of a.categories) expect([a.agent, c.name, c.count]).toEqual([a.agent, c.name, mine.filter((m) => m.category === c.name).reduce((s, m) => s + m.n, 0)]);
      expect(a.total).toBe(mine.reduce((s, m) => s + m.n, 0));
    }
  });

  it("passes summary.json's rates and Wilson intervals through unchanged", async () => {
    const raw = JSON.parse(readFileSync(`${WAREHOUSE}/summary.json`, "utf8"));
    const overview = await overviewData(WAREHOUSE);
    const cc = overview.agents.find((a) => a.agent === "claude_code")!;
    const win = cc.outcomes.find((o) => o.name === "win")!;
    expect([win.count, win.rate, win.low, win.high]).toEqual([
      raw.agents.claude_code.outcomes.win.count,
      raw.agents.claude_code.outcomes.win.rate,
      ...raw.agents.claude_code.outcomes.win.ci95
    ]);
    expect(cc.evaluable).toBe(raw.agents.claude_code.evaluable);
    expect(overview.threshold).toBe(raw.settings.threshold_pct);
  });

  it("says there is no summary for a warehouse analysis has not run on", async () => {
    expect(await overviewData("test/loaders")).toMatchObject({hasSummary: false, agents: []});
  });
});

describe("normaliseSummary(raw)", () => {
  it("names the field that does not match", () => {
    expect(() => normaliseSummary({settings: {threshold_pct: "5"}, agents: {}}, "w/summary.json")).toThrow(/w\/summary\.json: settings\.threshold_pct: /);
  });
});
