import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadWarehouse, type WarehouseData} from "../../runners/analysis/load.ts";
import {withDb} from "../../runners/warehouse/db.ts";
import {writeFixtureWarehouse} from "./warehouse-fixture.ts";

let dir: string;
let data: WarehouseData;
const m = (id: string, commit: string, variant: string, source: string, file: string, extra: Record<string, unknown> = {}) => ({
  measurement_id: id,
  commit,
  variant,
  source,
  file,
  agent: variant === "agent" ? "a1" : null,
  metrics: {tpot_mean: 10},
  ...extra
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-load-"));
  await writeFixtureWarehouse(dir, [
    // runner: two plan runs (batches) of one commit; pairs only within a batch
    m("r1b", "c1000001", "baseline", "runner", "run1.json", {batch: "plan-1"}),
    m("r1h", "c1000001", "human", "runner", "run1.json", {batch: "plan-1"}),
    m("r1a", "c1000001", "agent", "runner", "run1.json", {batch: "plan-1"}),
    m("r2h", "c1000001", "human", "runner", "run2.json", {batch: "plan-2"}),
    m("r2a", "c1000001", "agent", "runner", "run2.json", {batch: "plan-2"}),
    // modal: two consolidated files; pairs only within a file
    m("mAb", "c2000002", "baseline", "modal", "A/benchmark_result.json"),
    m("mAh", "c2000002", "human", "modal", "A/benchmark_result.json"),
    m("mAa", "c2000002", "agent", "modal", "A/benchmark_result.json"),
    m("mBh", "c2000002", "human", "modal", "B/benchmark_result.json"),
    m("mBa", "c2000002", "agent", "modal", "B/benchmark_result.json"),
    // separate: one file per version, in three batches; they pair across batches
    m("sb", "c3000003", "baseline", "separate", "z/b.json", {batch: "z"}),
    m("sh", "c3000003", "human", "separate", "x/h.json", {batch: "x"}),
    m("sa", "c3000003", "agent", "separate", "y/a.json", {batch: "y"}),
    m("sa2", "c3000003", "agent", "separate", "y/a2.json", {batch: "y", agent: "a2"}),
    // build verification never pairs; an unmeasured agent row does not pair either
    m("vh", "c4000004", "human", "docker_verify", "docker/c4_result.json"),
    m("xa", "c4000004", "agent", "separate", "y/c4_agent.json", {batch: "y"}),
    m("ua", "c3000003", "agent", "separate", "y/a3.json", {batch: "y", metrics: {}})
  ]);
  data = await withDb((db) => loadWarehouse(db, dir));
});
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

const triples = (commit: string) =>
  data.candidates.filter((c) => c.commit === commit).map((c) => `${c.agent}:${c.baseline_id ?? "-"}/${c.human_id}/${c.agent_id}`);

describe("loadWarehouse(db, dir): the candidate join", () => {
  it("pairs runner measurements only within one plan run (batch)", () => {
    expect(triples("c1000001")).toEqual(["a1:-/r1h/r1a", "a1:r1b/r1h/r1a", "a1:-/r2h/r2a"]);
  });
  it("pairs a consolidated file only within itself", () => {
    expect(triples("c2000002")).toEqual(["a1:-/mAh/mAa", "a1:mAb/mAh/mAa", "a1:-/mBh/mBa"]);
  });
  it("pairs separate files across batches, per agent, measured rows only", () => {
    expect(triples("c3000003")).toEqual(["a1:-/sh/sa", "a1:sb/sh/sa", "a2:-/sh/sa2", "a2:sb/sh/sa2"]);
  });
  it("never pairs build verification", () => {
    expect(triples("c4000004")).toEqual([]);
  });
  it("lists agents and commits, and carries metrics onto facts", () => {
    expect(data.agents).toEqual(["a1", "a2"]);
    expect(data.commits).toEqual(["c1000001", "c2000002", "c3000003", "c4000004"]);
    expect(data.facts.get("r1h")!.metrics.tpot_mean).toMatchObject({value: 10, origin: "structured"});
    expect(data.facts.get("r1b")!.agent).toBe("a1");
  });
  it("finds baseline/human pairs and repeats (build verification excluded)", () => {
    expect(data.regressionPairs.filter((p) => p.x_id === "sb").map((p) => p.y_id)).toEqual(["sh"]);
    expect(data.repeatPairs.map((p) => [p.x_id, p.y_id].join("~")).sort()).toEqual(["mAa~mBa", "mAh~mBh", "r1a~r2a", "r1h~r2h"]);
  });
});
