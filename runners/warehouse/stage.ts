// Rows on their way into the warehouse: each row is checked against its table's columns (schema.ts) and appended as
// one JSON line to that table's file in a stage folder, which the writer's commit reads back with DuckDB. Kept apart
// from the writer so ingest's worker threads can stage rows in parallel while one writer commits them all.
import {closeSync, openSync, writeSync} from "node:fs";
import {join} from "node:path";
import type {TableRows} from "../formats/types.ts";
import type {Row} from "./db.ts";
import {TABLES, type ColumnType, type TableSchema} from "./schema.ts";

/** Staged NDJSON files by table name. */
export type StagedFiles = Record<string, string[]>;

/**
 * Staged rows are encoded straight into a buffer of this many bytes per table and written when it is full: no line
 * outlives the call that made it (lines kept waiting as strings survive V8's young-generation collections and get
 * copied and promoted), and no joined string is built only to be encoded again.
 */
const STAGE_BUFFER_BYTES = 1 << 16;

/** Characters in one stage file before ingest finishes it and begins another (the commit reads files in parallel). */
export const STAGE_ROLL_CHARS = 4 * 1024 * 1024;

/**
 * One NDJSON file written through a buffer: lines are encoded straight into it and written when it is full. Staged
 * rows and the writer's list of claimed files both go through one.
 */
export class LineFile {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(STAGE_BUFFER_BYTES);
  private used = 0;
  /** Characters added so far, newlines included. */
  chars = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "w");
  }

  /** Adds one line (without its newline). */
  add(line: string): void {
    const worst = line.length * MAX_UTF8_PER_CHAR + 1;
    if (this.used + worst > this.buffer.length) this.flush();
    if (worst > this.buffer.length) writeSync(this.fd, `${line}\n`);
    else {
      this.used += this.buffer.write(line, this.used);
      this.buffer[this.used++] = NEWLINE;
    }
    this.chars += line.length + 1;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.buffer, done, this.used - done);
    this.used = 0;
  }
}

/**
 * One set of per-table NDJSON files in `dir`, named `<prefix><table>-<n>.ndjson`. A file that has reached `rollChars`
 * is closed and a new one begun, and handed to the writer (`takeFinished`) while rows are still being staged.
 */
export class RowStage {
  private readonly files = new Map<string, LineFile>();
  private closed: StagedFiles = {};
  private count = 0;

  constructor(
    private readonly dir: string,
    private readonly prefix = "",
    private readonly rollChars = Infinity
  ) {}

  /** Checks every row of a batch before staging any, so a bad batch leaves nothing behind. */
  add(tables: TableRows): void {
    const lines: [string, string][] = [];
    for (const [table, rows] of Object.entries(tables)) {
      if (!rows.length) continue;
      const schema = TABLES[table];
      if (!schema) throw new Error(`warehouse table ${JSON.stringify(table)} is not registered in runners/warehouse/schema.ts`);
      for (const row of rows) lines.push([table, rowJson(table, schema, row)]);
    }
    for (const [table, line] of lines) {
      const f = this.file(table);
      f.add(line);
      if (f.chars >= this.rollChars) this.finish(table, f);
    }
  }

  private file(table: string): LineFile {
    let f = this.files.get(table);
    if (!f) {
      f = new LineFile(join(this.dir, `${this.prefix}${table}-${this.count++}.ndjson`));
      this.files.set(table, f);
    }
    return f;
  }

  private finish(table: string, f: LineFile): void {
    f.close();
    this.files.delete(table);
    (this.closed[table] ??= []).push(f.path);
  }

  /** The files finished since the last call (complete: no row will be added to them). */
  takeFinished(): StagedFiles {
    const out = this.closed;
    this.closed = {};
    return out;
  }

  /** Finishes every file; returns all files not yet taken, by table (the stage can then be dropped). */
  close(): StagedFiles {
    for (const [table, f] of [...this.files]) this.finish(table, f);
    return this.takeFinished();
  }
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_PER_CHAR = 3;

const NEWLINE = 0x0a;

/** Adds `more` to `into`, table by table. */
export function mergeStaged(into: StagedFiles, more: StagedFiles): void {
  for (const [table, paths] of Object.entries(more)) (into[table] ??= []).push(...paths);
}

/**
 * Checks a row against its table's columns and types and serialises it as one JSON line. Non-finite doubles, which
 * JSON cannot hold, travel as the strings DuckDB reads back as ±Infinity/NaN.
 */
function rowJson(table: string, schema: TableSchema, row: Row): string {
  let copy: Row | null = null;
  const columns = columnTypes(schema);
  for (const key in row) {
    const type = columns.get(key);
    if (!type) throw new Error(`warehouse table ${table} has no column ${JSON.stringify(key)} (see runners/warehouse/schema.ts)`);
    const v = row[key];
    if (v === null || v === undefined) continue;
    switch (type) {
      case "VARCHAR":
        if (typeof v !== "string") (copy ??= {...row})[key] = JSON.stringify(v);
        break;
      case "DOUBLE":
        if (typeof v !== "number") throw typeError(table, key, type, v);
        if (!Number.isFinite(v)) (copy ??= {...row})[key] = String(v);
        break;
      case "BIGINT":
        if (typeof v === "bigint") {
          (copy ??= {...row})[key] = v.toString();
          break;
        }
      // falls through: a number must be an integer
      case "INTEGER":
        if (typeof v !== "number" || !Number.isInteger(v)) throw typeError(table, key, type, v);
        break;
      case "BOOLEAN":
        if (typeof v !== "boolean") throw typeError(table, key, type, v);
        break;
    }
  }
  return JSON.stringify(copy ?? row);
}

const COLUMN_TYPES = new WeakMap<TableSchema, Map<string, ColumnType>>();

/** A table's column types as a Map: looking a key up in the schema object costs a megamorphic load per column. */
function columnTypes(schema: TableSchema): Map<string, ColumnType> {
  let types = COLUMN_TYPES.get(schema);
  if (!types) COLUMN_TYPES.set(schema, (types = new Map(Object.entries(schema.columns))));
  return types;
}

function typeError(table: string, col: string, type: ColumnType, v: unknown): Error {
  return new Error(`warehouse table ${table}, column ${col}: expected ${type}, found ${JSON.stringify(v)?.slice(0, 80)}`);
}
