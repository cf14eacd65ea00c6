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

  it("writes lines longer than its write buffer and characters of several UTF-8 bytes whole, in order", async () => {
    const stage = new RowStage(dir, "c-");
    // 40,000 three-byte characters: 120 kB of UTF-8, more than the 64 kB buffer; then short rows with 4-byte emoji.
    const long = "█".repeat(40_000);
    stage.add({quarantine: [{run_set: "r", file: "long", reason: long}]});
    for (let i = 0; i < 3000; i++) stage.add({quarantine: [{run_set: "r", file: `f${i}`, reason: `😀 ${i} ▏`}]});
    const rows = (await lines(stage.close().quarantine)) as {file: string; reason: string}[];
    expect(rows.length).toBe(3001);
    expect(rows[0].reason).toBe(long);
    expect(rows[2999 + 1]).toEqual({run_set: "r", file: "f2999", reason: "😀 2999 ▏"});
    expect(rows.slice(1).every((r, i) => r.file === `f${i}`)).toBe(true);
  });

  it("writes non-finite doubles as the strings DuckDB reads back, and stages nothing of a batch with a bad row", async () => {
    const stage = new RowStage(dir, "b-");
    stage.add({metrics: [metric("inf", Infinity)]});
    expect(() => stage.add({metrics: [metric("ok", 1), {...metric("bad", 1), value: "1"}]})).toThrow(/metrics, column value: expected DOUBLE, found "1"/);
    const rows = (await lines(stage.close().metrics)) as {measurement_id: string; value: unknown}[];
    expect(rows).toEqual([expect.objectContaining({measurement_id: "inf", value: "Infinity"})]);
  });
});
