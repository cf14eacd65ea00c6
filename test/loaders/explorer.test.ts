import {describe, expect, it} from "vitest";
import {explorerRows} from "../../loaders/explorer.ts";
import {queryWarehouse} from "../../loaders/warehouse.ts";

const WAREHOUSE = "data/warehouse";

describe("explorerRows(warehouse)", () => {
  it("gives one row per comparison, with the mode and sources of the measurements the verdict used", async () => {
    const rows = await explorerRows(WAREHOUSE);
    const [{n}] = await queryWarehouse<{n: number}>("SELECT count(*)::INTEGER AS n FROM {comparisons}", {warehouse: WAREHOUSE});
    expect(rows).toHaveLength(n);
    const r = rows.find((x) => x.agent === "claude_code" && x.commit === "fa63e710")!;
    // 001 §8 lists fa63e710 as a standalone latency benchmark (latency_avg).
    expect([r.mode, r.chosen_sources, r.primary_metric, r.category]).toEqual(["latency", "seed_report", "latency_avg", "valid_3way"]);
    const failed = rows.find((x) => x.agent === "claude_code" && x.commit === "35fad35a")!;
    // no chosen measurement: the mode of the commit's runs (the seed lists its human run as serving)
    expect([failed.mode, failed.outcome, failed.chosen_sources]).toEqual(["serving", "failed", null]);
  });
});
