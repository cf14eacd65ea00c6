// Pages receive tables as Arrow IPC *streams*: DuckDB-Wasm registers them without any extension
// (the Arrow *file* format silently registers nothing; Parquet would need an extension from a CDN).
import {tableFromArrays, tableToIPC, type Table} from "apache-arrow";
import type {Row} from "../runners/warehouse/db.ts";

/** Column types for rowsToArrow when a column may be all-null or empty (otherwise inferred). */
export type ColumnTypes = Record<string, "string" | "number" | "boolean">;

/** Builds an Arrow table from plain rows; numbers become Float64, strings Utf8, booleans Bool. */
export function rowsToArrow(rows: Row[], types: ColumnTypes = {}): Table {
  const names = new Set<string>(Object.keys(types));
  for (const r of rows) for (const k of Object.keys(r)) names.add(k);
  const columns: Record<string, unknown[] | Float64Array> = {};
  for (const name of names) {
    const values = rows.map((r) => r[name]);
    const kind = types[name] ?? inferKind(values);
    if (kind === "number") {
      columns[name] = values.map((v) => (v === null || v === undefined || v === "" ? null : Number(v)));
    } else if (kind === "boolean") {
      columns[name] = values.map((v) => (v === null || v === undefined ? null : Boolean(v)));
    } else {
      columns[name] = values.map((v) => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v)));
    }
  }
  return tableFromArrays(columns as Parameters<typeof tableFromArrays>[0]);
}

function inferKind(values: unknown[]): "string" | "number" | "boolean" {
  const v = values.find((x) => x !== null && x !== undefined);
  return typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "string";
}

/** Serialises rows as an Arrow IPC stream, the format pages register with DuckDB-Wasm. */
export function rowsToArrowStream(rows: Row[], types?: ColumnTypes): Uint8Array {
  return tableToIPC(rowsToArrow(rows, types), "stream");
}
