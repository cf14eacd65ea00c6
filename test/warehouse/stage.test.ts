import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {mergeStaged, RowStage} from "../../runners/warehouse/stage.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-stage-"));
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const metric = (id: string, value: number) => ({measurement_id: id, metric: "ttft_mean", value, unit: "ms", better: "lower", origin: "structured"});

async function lines(paths: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const p of paths) for (const l of (await readFile(p, "utf8")).split("\n").filter(Boolean)) out.push(JSON.parse(l));
  return out;
}

describe("RowStage(dir, prefix, rollChars)", () => {
  it("finishes a table's file once it reaches rollChars, and close() hands over the rest; no row is lost or doubled", async () => {
    const stage = new RowStage(dir, "a-", 250);
    for (let i = 0; i < 10; i++) stage.add({metrics: [metric(`m${i}`, i + 1)]});
    const finished = stage.takeFinished();
    expect(finished.metrics.length).toBeGreaterThanOrEqual(3);
    expect(stage.takeFinished()).toEqual({});
    const all = {...finished};
    mergeStaged(all, stage.close());
    const rows = (await lines(all.metrics)) as {measurement_id: string}[];
    expect(rows.map((r) => r.measurement_id)).toEqual(Array.from({length: 10}, (_, i) => `m${i}`));
  });

  it("writes non-finite doubles as the strings DuckDB reads back, and stages nothing of a batch with a bad row", async () => {
    const stage = new RowStage(dir, "b-");
    stage.add({metrics: [metric("inf", Infinity)]});
    expect(() => stage.add({metrics: [metric("ok", 1), {...metric("bad", 1), value: "1"}]})).toThrow(/metrics, column value: expected DOUBLE, found "1"/);
    const rows = (await lines(stage.close().metrics)) as {measurement_id: string; value: unknown}[];
    expect(rows).toEqual([expect.objectContaining({measurement_id: "inf", value: "Infinity"})]);
  });
});
