// Arrow streams with declared column types. loaders/arrow.ts infers types from values, which an empty table or an
// all-null column does not have (DuckDB-Wasm then sees INTEGER where the page compares strings); pages must build
// and query on an empty warehouse, so the site's loaders declare every column's type.
import {Bool, Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector} from "apache-arrow";
import type {Row} from "../runners/warehouse/db.ts";
import type {ColumnTypes} from "./arrow.ts";

/** Serialises rows as an Arrow IPC stream whose columns are exactly `types` (in order), typed as declared. */
export function typedArrowStream(rows: Row[], types: ColumnTypes): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (const [name, kind] of Object.entries(types)) {
    const values = rows.map((r) => r[name]);
    if (kind === "number") {
      columns[name] = vectorFromArray(values.map((v) => (v === null || v === undefined || v === "" ? null : Number(v))), new Float64());
    } else if (kind === "boolean") {
      columns[name] = vectorFromArray(values.map((v) => (v === null || v === undefined ? null : Boolean(v))), new Bool());
    } else {
      columns[name] = vectorFromArray(
        values.map((v) => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v))),
        new Utf8()
      );
    }
  }
  return tableToIPC(new Table(columns), "stream");
}
