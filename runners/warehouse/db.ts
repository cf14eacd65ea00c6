// Native DuckDB for everything in Node (ingest, analysis, loaders, runners): one small wrapper so that every
// query takes parameters (nothing from a data file is ever spliced into SQL) and every Parquet write is atomic.
import {randomUUID} from "node:crypto";
import {mkdir, rename, rm, writeFile} from "node:fs/promises";
import {dirname, join, resolve} from "node:path";
import {DuckDBInstance, type DuckDBConnection, type DuckDBValue} from "@duckdb/node-api";

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** The warehouse a command works on when none is named: `$BENCHBOOK_WAREHOUSE`, else the embedded `data/warehouse`. */
export function defaultWarehouse(): string {
  return resolve(process.env.BENCHBOOK_WAREHOUSE || "data/warehouse");
}

/** Quotes a path or identifier we control (never data-file content) as a SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Path of one warehouse table. */
export function tablePath(warehouse: string, table: string): string {
  return join(warehouse, `${table}.parquet`);
}

export class Db {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    private readonly ownsInstance = true
  ) {}

  /** A second connection to the same database, for a query to run beside this one's; close() closes only it. */
  async connect(): Promise<Db> {
    return new Db(this.instance, await this.instance.connect(), false);
  }

  /** Opens an in-memory database (or a file, for work larger than memory). */
  static async open(path = ":memory:"): Promise<Db> {
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    return new Db(instance, conn);
  }

  /** Runs a statement; results are discarded. */
  async run(sql: string, params?: Params): Promise<void> {
    await this.conn.run(sql, params);
  }

  /** Runs a query and returns plain JS rows (BIGINT → number when safe, DATE/TIMESTAMP → ISO string). */
  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((r) => normalizeRow(r)) as T[];
  }

  /** Writes the result of `select` to `out` as Parquet, through a temp file and a rename. */
  async copyToParquet(select: string, out: string, params?: Params): Promise<void> {
    await mkdir(dirname(out), {recursive: true});
    const tmp = `${out}.${randomUUID()}.tmp`;
    try {
      // COPY takes no prepared parameters; stage parameterised selects through a temp table.
      if (params && (Array.isArray(params) ? params.length : Object.keys(params).length)) {
        await this.run(`CREATE OR REPLACE TEMP TABLE __copy AS ${select}`, params);
        select = "SELECT * FROM __copy";
      }
      await this.run(`COPY (${select}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      await rename(tmp, out);
    } finally {
      await rm(tmp, {force: true});
      await this.run("DROP TABLE IF EXISTS __copy").catch(() => {});
    }
  }

  close(): void {
    this.conn.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

function normalizeRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = normalizeValue(v);
  return out;
}

function normalizeValue(v: unknown): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (v && typeof v === "object" && v.constructor === Object) return normalizeRow(v as Record<string, unknown>);
  return v;
}

/** Writes a file atomically: temp file in the same folder, then rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), {recursive: true});
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } finally {
    await rm(tmp, {force: true});
  }
}

/** Opens a database, runs `fn`, always closes. */
export async function withDb<T>(fn: (db: Db) => Promise<T>, path?: string): Promise<T> {
  const db = await Db.open(path);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
