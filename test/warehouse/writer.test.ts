import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {appendToWarehouse, schemaVersionOf, WarehouseWriter, type Batch} from "../../runners/warehouse/writer.ts";
import {RowStage} from "../../runners/warehouse/stage.ts";
import {Db, sqlString, tablePath} from "../../runners/warehouse/db.ts";
import {CliError} from "../../runners/errors.ts";

let dir: string;
let db: Db;
let n = 0;
const fresh = () => join(dir, `wh${n++}`);

const batch = (file: string, ttft: number, runSet = "rs"): Batch => ({
  file,
  file_sha256: "ab",
  run_set: runSet,
  tables: {
    measurements: [{measurement_id: `${runSet}:${file}`, run_set: runSet, file, variant: "human", source: "modal", status: "success", has_agent_patch: true}],
    metrics: [{measurement_id: `${runSet}:${file}`, metric: "ttft_mean", value: ttft, unit: "ms", better: "lower", origin: "structured"}],
    files: [{run_set: runSet, root: "/r", file, file_sha256: "ab", bytes: 3, format: "modal", outcome: "parsed", rows: 2}]
  }
});

const read = (wh: string, table: string) => db.all(`SELECT * FROM read_parquet(${sqlString(tablePath(wh, table))})`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-writer-"));
  db = await Db.open();
});
afterAll(async () => {
  db.close();
  await rm(dir, {recursive: true, force: true});
});

describe("appendToWarehouse(warehouse, batches)", () => {
  it("replaces the rows of a file already present, with the rows keyed to its measurements, and keeps the rest", async () => {
    const wh = fresh();
    await appendToWarehouse(wh, [batch("a.json", 1), batch("b.json", 2), batch("a.json", 3, "other")]);
    const summary = await appendToWarehouse(wh, [batch("a.json", 10)]);
    expect(summary.tables).toMatchObject({measurements: 3, metrics: 3, files: 3});
    const metrics = await read(wh, "metrics");
    expect(metrics.map((m) => [m.measurement_id, m.value])).toEqual([
      ["other:a.json", 3],
      ["rs:a.json", 10],
      ["rs:b.json", 2]
    ]);
  });

  it("keeps every writer's rows when several commit into one warehouse at once (commits take turns)", async () => {
    const wh = fresh();
    const files = ["a.json", "b.json", "c.json", "d.json", "e.json", "f.json"];
    await Promise.all(files.map((f, i) => appendToWarehouse(wh, [batch(f, i + 1)])));
    expect((await read(wh, "measurements")).map((m) => m.file)).toEqual(files);
    expect((await read(wh, "metrics")).map((m) => m.value)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("writes byte-identical files whatever order the batches come in", async () => {
    const [w1, w2] = [fresh(), fresh()];
    await appendToWarehouse(w1, [batch("a.json", 1), batch("b.json", 2), batch("c.json", 3)]);
    await appendToWarehouse(w2, [batch("c.json", 3), batch("a.json", 1), batch("b.json", 2)]);
    for (const t of ["measurements", "metrics", "files"]) {
      expect(Buffer.compare(await readFile(tablePath(w1, t)), await readFile(tablePath(w2, t))), t).toBe(0);
    }
  });

  it("stamps the schema version and refuses a warehouse written by a newer BenchBook", async () => {
    const wh = fresh();
    await appendToWarehouse(wh, [batch("a.json", 1)]);
    expect(await schemaVersionOf(db, tablePath(wh, "metrics"))).toBe(1);
    await db.run(
      `COPY (SELECT * FROM read_parquet(${sqlString(tablePath(wh, "metrics"))})) TO ${sqlString(tablePath(wh, "metrics"))} (FORMAT parquet, KV_METADATA {benchbook_schema: '99'})`
    );
    await expect(appendToWarehouse(wh, [batch("b.json", 1)])).rejects.toThrow(CliError);
    await expect(appendToWarehouse(wh, [batch("b.json", 1)])).rejects.toThrow(/schema 99.*upgrade benchbook/);
  });

  it("accepts tables other tools registered in schema.ts, and rejects unknown tables, columns and types", async () => {
    const wh = fresh();
    const withQuarantine: Batch = {
      ...batch("q.json", 1),
      tables: {quarantine: [{run_set: "rs", file: "q.json", file_sha256: "ab", format: "modal", reason: "r", detail: null}]}
    };
    await appendToWarehouse(wh, [withQuarantine]);
    expect(await read(wh, "quarantine")).toHaveLength(1);
    await expect(appendToWarehouse(fresh(), [{...batch("x", 1), tables: {nonsense: [{a: 1}]}}])).rejects.toThrow(/not registered in runners\/warehouse\/schema\.ts/);
    await expect(appendToWarehouse(fresh(), [{...batch("x", 1), tables: {metrics: [{measurement_id: "m", colour: "red"}]}}])).rejects.toThrow(/no column "colour"/);
    await expect(appendToWarehouse(fresh(), [{...batch("x", 1), tables: {metrics: [{measurement_id: "m", value: "12"}]}}])).rejects.toThrow(
      /metrics, column value: expected DOUBLE, found "12"/
    );
  });

  it("leaves the warehouse untouched when a batch is bad", async () => {
    const wh = fresh();
    await appendToWarehouse(wh, [batch("a.json", 1)]);
    const before = await readFile(tablePath(wh, "metrics"));
    await expect(appendToWarehouse(wh, [batch("b.json", 2), {...batch("c", 1), tables: {metrics: [{value: "x"}]}}])).rejects.toThrow();
    expect(Buffer.compare(before, await readFile(tablePath(wh, "metrics")))).toBe(0);
  });
});

describe("WarehouseWriter(threads)", () => {
  it("writes the same bytes with 1 and 4 DuckDB threads for a table of several row groups", async () => {
    // 130,000 metric rows in shuffled order over several stage files: two Parquet row groups, a sort over the threads.
    const ids = Array.from({length: 130_000}, (_, i) => (i * 7919) % 130_000);
    const out: Buffer[] = [];
    let groups = 0;
    for (const threads of [1, 4]) {
      const stageDir = await mkdtemp(join(tmpdir(), "benchbook-threads-"));
      const stage = new RowStage(stageDir, "t-", 1 << 20);
      for (let k = 0; k < ids.length; k += 1000) {
        const rows = ids.slice(k, k + 1000).map((i) => ({measurement_id: `m${i % 5000}`, metric: `x${Math.floor(i / 5000)}`, value: i + 0.5, unit: "ms", better: "lower", origin: "structured"}));
        stage.add({metrics: rows});
      }
      const staged = stage.close();
      expect(staged.metrics.length).toBeGreaterThan(3);
      const wh = fresh();
      const writer = await WarehouseWriter.open(wh, {threads});
      try {
        writer.load(staged);
        expect((await writer.commit()).tables.metrics).toBe(130_000);
      } finally {
        writer.close();
        await rm(stageDir, {recursive: true, force: true});
      }
      out.push(await readFile(tablePath(wh, "metrics")));
      [{groups}] = await db.all<{groups: number}>(
        `SELECT count(DISTINCT row_group_id)::INTEGER AS groups FROM parquet_metadata(${sqlString(tablePath(wh, "metrics"))})`
      );
    }
    expect(groups).toBeGreaterThan(1);
    expect(Buffer.compare(out[0], out[1])).toBe(0);
  });
});

describe("WarehouseWriter(load, claim, commit twice)", () => {
  it("gives the same bytes when rows come through staged files over two commits as through one appendToWarehouse", async () => {
    const [one, two] = [fresh(), fresh()];
    await appendToWarehouse(one, [batch("a.json", 1), batch("b.json", 2), batch("c.json", 3)]);
    const stageDir = await mkdtemp(join(tmpdir(), "benchbook-stage-test-"));
    const writer = await WarehouseWriter.open(two);
    try {
      // Small files: the stage finishes one after each batch or two, as ingest's threads hand them on.
      const stage = new RowStage(stageDir, "t-", 200);
      stage.add(batch("a.json", 1).tables);
      stage.add(batch("b.json", 2).tables);
      const finished = stage.takeFinished();
      expect(Object.values(finished).flat().length).toBeGreaterThan(0);
      writer.load(finished);
      writer.claim([{run_set: "rs", file: "a.json"}, {run_set: "rs", file: "b.json"}]);
      writer.load(stage.close());
      expect((await writer.commit()).tables).toMatchObject({measurements: 2, metrics: 2, files: 2});
      stage.add(batch("c.json", 3).tables);
      writer.claim([{run_set: "rs", file: "c.json"}]);
      writer.load(stage.close());
      expect((await writer.commit()).tables).toMatchObject({measurements: 3, metrics: 3, files: 3});
      // A file claimed again, in a later commit as here or in the same one, fails the commit and writes nothing.
      const before = await readFile(tablePath(two, "files"));
      writer.claim([{run_set: "rs", file: "a.json"}]);
      await expect(writer.commit()).rejects.toThrow(/a\.json \(run set rs\) was added twice/);
      expect(Buffer.compare(await readFile(tablePath(two, "files")), before)).toBe(0);
    } finally {
      writer.close();
      await rm(stageDir, {recursive: true, force: true});
    }
    for (const t of ["measurements", "metrics", "files"]) {
      expect(Buffer.compare(await readFile(tablePath(one, t)), await readFile(tablePath(two, t))), t).toBe(0);
    }
  });
});
