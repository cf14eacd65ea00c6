// The one way rows get into the warehouse: batches of rows per source file are merged into the Parquet tables of a
// warehouse folder. A file's earlier rows are replaced by its new ones, output is sorted on every column, or on a
// key that identifies a row (so identical input gives byte-identical files), and every file is written to a temp name,
// renamed, and carries its schema version.
// New rows wait in staged NDJSON files until the commit, which reads them, sorts and writes in one query per table:
// loading them into DuckDB tables first (string copies, statistics) took about 950 ms of DuckDB CPU for the
// measurements of 100x the corpus, against about 600 ms read straight into the sort.
import {randomUUID} from "node:crypto";
import {existsSync, mkdtempSync, rmSync, statSync} from "node:fs";
import {mkdir, rename, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {CliError, systemErrorCode} from "../errors.ts";
import type {TableRows} from "../formats/types.ts";
import {Db, sqlString, tablePath, type Row} from "./db.ts";
import {lockWarehouse} from "./lock.ts";
import {LineFile, RowStage, type StagedFiles} from "./stage.ts";
import {TABLES, WAREHOUSE_SCHEMA_VERSION, type TableSchema} from "./schema.ts";

/** Rows one source file contributes, keyed by (run_set, file): a later batch for the same key replaces them. */
export type Batch = {file: string; file_sha256: string; run_set: string; tables: TableRows};

/** Parquet key-value metadata key that carries WAREHOUSE_SCHEMA_VERSION. */
export const SCHEMA_METADATA_KEY = "benchbook_schema";

export type WriteSummary = {tables: Record<string, number>; replacedFiles: number};

/** Reads the schema version a warehouse Parquet file was written with (null when it carries none). */
export async function schemaVersionOf(db: Db, path: string): Promise<number | null> {
  const rows = await db.all<{value: string}>(
    `SELECT decode(value) AS value FROM parquet_kv_metadata(${sqlString(path)}) WHERE decode(key) = '${SCHEMA_METADATA_KEY}'`
  );
  return rows.length ? Number(rows[0].value) : null;
}

/** DuckDB memory the writer may use before its sorts spill to disk (the merged warehouse can be larger than memory). */
export const WRITER_MEMORY_LIMIT = "512MB";

/** Largest staged row DuckDB will read back (its JSON reader buffers twice this). Rows hold excerpts, not whole logs. */
const MAX_ROW_JSON_BYTES = 32 * 1024 * 1024;

/** A file whose rows a batch carries: (run_set, file) is the key a later batch replaces. */
export type FileKey = {run_set: string; file: string};

/**
 * Streams batches into a warehouse: `add` checks each row against schema.ts and stages it on disk (memory does not
 * grow with the input); rows staged elsewhere (ingest's threads) come in through `claim` and `load`; `commit` merges
 * the new rows with the existing tables and writes every table atomically. A writer can commit more than once.
 */
export class WarehouseWriter {
  /**
   * Claimed files, one JSON line each, one file per commit: kept on disk like the rows, since a list in memory would
   * grow with the number of files ingested. The commit reads them back to find the rows they replace.
   */
  private claims: LineFile | null = null;
  private readonly claimFiles: string[] = [];
  private claimed = 0;
  /** Staged NDJSON files, by table, whose rows the next commit writes. */
  private staged: StagedFiles = {};
  private own: RowStage | null = null;
  private dir: string | null = null;

  private constructor(
    readonly warehouse: string,
    private readonly db: Db
  ) {}

  /** `threads`: DuckDB threads for the commit's queries (default: one per CPU); the bytes written are the same. */
  static async open(warehouse: string, opts: {threads?: number} = {}): Promise<WarehouseWriter> {
    checkFolder(warehouse);
    const db = await Db.open();
    const writer = new WarehouseWriter(warehouse, db);
    try {
      if (opts.threads) await db.run(`SET threads = ${Math.max(1, Math.floor(opts.threads))}`);
      // Bounded memory: DuckDB spills its sorts to its temp directory beyond this.
      await db.run(`SET memory_limit = '${WRITER_MEMORY_LIMIT}'`);
      await db.run(`SET temp_directory = ${sqlString(join(writer.stageDir, "spill"))}`);
      for (const table of Object.keys(TABLES)) await writer.checkVersion(table);
      return writer;
    } catch (error) {
      writer.close();
      throw error;
    }
  }

  private async checkVersion(table: string): Promise<void> {
    const path = tablePath(this.warehouse, table);
    if (!existsSync(path)) return;
    const version = await schemaVersionOf(this.db, path);
    if (version !== null && version > WAREHOUSE_SCHEMA_VERSION) {
      throw new CliError(
        `${path} was written by a newer BenchBook (warehouse schema ${version}, this one reads ${WAREHOUSE_SCHEMA_VERSION}): upgrade benchbook`
      );
    }
  }

  /** This writer's temp folder: staged rows and DuckDB's spill files; removed by close(). */
  get stageDir(): string {
    return (this.dir ??= mkdtempSync(join(tmpdir(), "benchbook-stage-")));
  }

  /**
   * Files whose rows the next commit replaces with the loaded ones. One file can be claimed once per writer: a commit
   * after a second claim fails, and leaves the warehouse as it was.
   */
  claim(keys: FileKey[]): void {
    for (const key of keys) {
      if (!this.claims) {
        this.claims = new LineFile(join(this.stageDir, `claims-${this.claimFiles.length}.ndjson`));
        this.claimFiles.push(this.claims.path);
      }
      this.claims.add(JSON.stringify({run_set: key.run_set, file: key.file}));
      this.claimed++;
    }
  }

  /** Stages one file's rows; a second batch for the same (run_set, file) in one writer fails the commit. */
  async add(batch: Batch): Promise<void> {
    this.claim([batch]);
    // A batch with a bad row throws here, before any of its rows is staged; the writer is then not committed.
    (this.own ??= new RowStage(this.stageDir, "own-")).add(batch.tables);
  }

  /** Hands staged NDJSON files (by RowStage) to the next commit, which writes their rows and then deletes them. */
  load(staged: StagedFiles): void {
    for (const [table, paths] of Object.entries(staged)) {
      if (!TABLES[table]) throw new Error(`warehouse table ${JSON.stringify(table)} is not registered in runners/warehouse/schema.ts`);
      if (paths.length) (this.staged[table] ??= []).push(...paths);
    }
  }

  /** Merges staged rows with the warehouse and writes every touched table; returns row counts per table. */
  async commit(): Promise<WriteSummary> {
    await mkdir(this.warehouse, {recursive: true}).catch((error: Error) => {
      if (!systemErrorCode(error)) throw error;
      throw new CliError(`${this.warehouse}: cannot create the warehouse folder (${error.message})`);
    });
    // The tables are read, merged and replaced under the warehouse's write lock: another process's commit meanwhile
    // would otherwise be merged away by the later rename.
    const unlock = await lockWarehouse(this.warehouse, {onWait: (message) => console.error(message)});
    try {
      return await this.commitLocked();
    } finally {
      unlock();
    }
  }

  private async commitLocked(): Promise<WriteSummary> {
    if (this.own) this.load(this.own.close());
    this.own = null;
    this.claims?.close();
    // This commit's claims: the claims file begun since the last commit, if any.
    const claimed = this.claims ? this.claimFiles.at(-1)! : null;
    this.claims = null;
    // The files whose existing rows go away (only a warehouse that has tables has rows to replace).
    const replacing = Object.keys(TABLES).some((table) => existsSync(tablePath(this.warehouse, table)));
    if (replacing) {
      await this.db.run(
        claimed
          ? `CREATE TABLE __replaced AS SELECT * FROM ${claimsSource([claimed])}`
          : "CREATE TABLE __replaced (run_set VARCHAR, file VARCHAR)"
      );
      // Measurement ids whose rows go away with their file (tables keyed by measurement_id only follow them).
      const measurements = tablePath(this.warehouse, "measurements");
      await this.db.run(
        existsSync(measurements)
          ? `CREATE TABLE __old_ids AS SELECT m.measurement_id FROM read_parquet(${sqlString(measurements)}) m
             JOIN __replaced r ON m.run_set = r.run_set AND m.file = r.file`
          : "CREATE TABLE __old_ids (measurement_id VARCHAR)"
      );
    }

    // Each table's query reads, sorts and writes on every DuckDB thread: an ordered COPY lays out the same row groups
    // whatever the number of threads (checked on 900,000 rows with 1, 2 and 4), so the bytes stay identical. One
    // table at a time: at 1000x the corpus, the tables' sorts and Parquet writers at once ran out of DuckDB's memory
    // limit in 3 ingests of 4, and one at a time took no longer at 100x.
    const written: {tmp: string; out: string}[] = [];
    const summary: WriteSummary = {tables: {}, replacedFiles: 0};
    try {
      await this.checkClaimedOnce();
      for (const [table, schema] of Object.entries(TABLES)) {
        const out = tablePath(this.warehouse, table);
        const had = existsSync(out);
        if (!had && !this.staged[table]) continue;
        const tmp = `${out}.${randomUUID()}.tmp`;
        const select = await this.mergedSelect(table, schema, had ? out : null);
        written.push({tmp, out});
        const rowGroup = schema.rowGroupRows ? `ROW_GROUP_SIZE ${schema.rowGroupRows}, ` : "";
        await this.db.run(
          `COPY (${select}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, ${rowGroup}KV_METADATA {${SCHEMA_METADATA_KEY}: '${WAREHOUSE_SCHEMA_VERSION}'})`
        );
        const [{n}] = await this.db.all<{n: number}>(`SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(tmp)})`);
        summary.tables[table] = n;
      }
      // Renames last, together: a failure above leaves the warehouse as it was.
      for (const {tmp, out} of written) await rename(tmp, out);
    } finally {
      for (const {tmp} of written) await rm(tmp, {force: true});
    }
    // Every file claimed for this commit, once each (checkClaimedOnce).
    summary.replacedFiles = this.claimed;
    // Ready for the next commit: what was staged is in the warehouse now.
    for (const path of Object.values(this.staged).flat()) await rm(path, {force: true});
    this.staged = {};
    if (replacing) for (const sql of ["DROP TABLE __replaced", "DROP TABLE __old_ids"]) await this.db.run(sql);
    this.claimed = 0;
    return summary;
  }

  /** Fails when a file was claimed twice by this writer (in this commit or an earlier one). */
  private async checkClaimedOnce(): Promise<void> {
    if (!this.claimFiles.length) return;
    const twice = await this.db.all<FileKey>(
      `SELECT run_set, file FROM ${claimsSource(this.claimFiles)} GROUP BY run_set, file HAVING count(*) > 1 ORDER BY run_set, file LIMIT 1`
    );
    if (twice.length) throw new Error(`warehouse writer: ${twice[0].file} (run set ${twice[0].run_set}) was added twice`);
  }

  /** SELECT of the existing rows that survive plus the staged rows, in a total order (every column, or the table's key). */
  private async mergedSelect(table: string, schema: TableSchema, existing: string | null): Promise<string> {
    const columns = Object.keys(schema.columns);
    const parts: string[] = [];
    if (existing) {
      const have = new Set(
        (await this.db.all<{column_name: string}>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(existing)})`)).map((r) => r.column_name)
      );
      const list = columns.map((c) => (have.has(c) ? `CAST("${c}" AS ${schema.columns[c]}) AS "${c}"` : `CAST(NULL AS ${schema.columns[c]}) AS "${c}"`));
      let where = "TRUE";
      if (have.has("run_set") && have.has("file")) {
        where = `NOT EXISTS (SELECT 1 FROM __replaced r WHERE r.run_set = o.run_set AND r.file = o.file)`;
      } else if (have.has("measurement_id")) {
        where = `o.measurement_id NOT IN (SELECT measurement_id FROM __old_ids)`;
      } else if (have.has("file")) {
        where = `o.file NOT IN (SELECT file FROM __replaced)`;
      }
      parts.push(`SELECT ${list.join(", ")} FROM read_parquet(${sqlString(existing)}) o WHERE ${where}`);
    }
    const staged = this.staged[table];
    if (staged) {
      const types = Object.entries(schema.columns).map(([c, t]) => `${sqlString(c)}: '${t}'`);
      parts.push(
        `SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM read_json([${staged.map(sqlString).join(", ")}], format = 'newline_delimited', columns = {${types.join(", ")}}, maximum_object_size = ${MAX_ROW_JSON_BYTES})`
      );
    }
    const order = schema.unique ? schema.orderBy : [...schema.orderBy, ...columns.filter((c) => !schema.orderBy.includes(c))];
    return `SELECT * FROM (${parts.join(" UNION ALL ")}) ORDER BY ${order.map((c) => `"${c}" NULLS FIRST`).join(", ")}`;
  }

  close(): void {
    this.own?.close();
    this.claims?.close();
    if (this.dir) rmSync(this.dir, {recursive: true, force: true});
    this.db.close();
  }
}

/** Fails early, before an ingest reads its files, when `warehouse` cannot be a folder (a file, or a file on its path). */
function checkFolder(warehouse: string): void {
  let isFolder: boolean | undefined;
  try {
    isFolder = statSync(warehouse, {throwIfNoEntry: false})?.isDirectory();
  } catch (error) {
    if (!systemErrorCode(error)) throw error;
    throw new CliError(`${warehouse}: cannot be the warehouse folder (${(error as Error).message})`);
  }
  if (isFolder === false) throw new CliError(`${warehouse}: is a file; the warehouse is a folder of Parquet files (give a folder's path)`);
}

/** The claims files as a DuckDB table expression. */
function claimsSource(paths: string[]): string {
  return `read_json([${paths.map(sqlString).join(", ")}], format = 'newline_delimited', columns = {run_set: 'VARCHAR', file: 'VARCHAR'})`;
}

/** Merges batches into the warehouse folder in one atomic write per table (see WarehouseWriter). */
export async function appendToWarehouse(warehouse: string, batches: Iterable<Batch> | AsyncIterable<Batch>): Promise<WriteSummary> {
  const writer = await WarehouseWriter.open(warehouse);
  try {
    for await (const batch of batches) await writer.add(batch);
    return await writer.commit();
  } finally {
    writer.close();
  }
}
