// How page loaders reach the warehouse: open DuckDB in Node over the Parquet files of the chosen warehouse
// (BENCHBOOK_WAREHOUSE, else data/warehouse) and hand rows to the page. A table not yet written reads as empty.
import {existsSync} from "node:fs";
import {Db, defaultWarehouse, sqlString, tablePath, type Params, type Row} from "../runners/warehouse/db.ts";
import {rowsToArrowStream, type ColumnTypes} from "./arrow.ts";

export {defaultWarehouse};

/** Whether the warehouse has this table. */
export function hasTable(table: string, warehouse = defaultWarehouse()): boolean {
  return existsSync(tablePath(warehouse, table));
}

/**
 * Runs `sql` with each `{name}` placeholder replaced by a read of that warehouse table
 * (`read_parquet('…/name.parquet')`, or an empty relation when the file is missing and `empty[name]` gives its columns).
 */
export async function queryWarehouse<T extends Row = Row>(
  sql: string,
  {params, warehouse = defaultWarehouse(), empty = {}}: {params?: Params; warehouse?: string; empty?: Record<string, string>} = {}
): Promise<T[]> {
  const db = await Db.open();
  try {
    const text = sql.replace(/\{(\w+)\}/g, (_, name: string) => {
      const path = tablePath(warehouse, name);
      if (existsSync(path)) return `read_parquet(${sqlString(path)})`;
      if (empty[name]) return `(SELECT ${empty[name]} LIMIT 0)`;
      throw new Error(`warehouse ${warehouse} has no table ${name}.parquet (run \`benchbook ingest\` / \`benchbook analyze\` first)`);
    });
    return await db.all<T>(text, params);
  } finally {
    db.close();
  }
}

/** Writes rows to stdout as an Arrow IPC stream: what a `src/data/*.arrow.ts` loader ends with. */
export function emitArrow(rows: Row[], types?: ColumnTypes): void {
  process.stdout.write(rowsToArrowStream(rows, types));
}

/** Writes a value to stdout as JSON: what a `src/data/*.json.ts` loader ends with. */
export function emitJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value));
}
