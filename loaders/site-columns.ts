// The analysis outputs the report pages read, as the analysis issue names them. Pages ask for these columns and get
// them even when a table is missing (empty) or an older warehouse lacks a column (NULL), so a page never breaks on
// a partial warehouse. The column lists come from the table contracts, defined once in runners/.
import type {ColumnTypes} from "./arrow.ts";
import {ANALYSIS_TABLES} from "../runners/analysis/tables.ts";
import {TABLES, type TableSchema} from "../runners/warehouse/schema.ts";

type Kind = "string" | "number" | "boolean";
export type Columns = Record<string, Kind>;

const SQL_TYPE: Record<Kind, string> = {string: "VARCHAR", number: "DOUBLE", boolean: "BOOLEAN"};

/** Page column kinds from a table contract's DuckDB types. */
export function kinds(schema: TableSchema): Columns {
  const kind = (t: string): Kind => (t === "BOOLEAN" ? "boolean" : t === "VARCHAR" ? "string" : "number");
  return Object.fromEntries(Object.entries(schema.columns).map(([name, type]) => [name, kind(type)]));
}

/** Page column kinds of a warehouse table registered in runners/warehouse/schema.ts. */
export function tableColumns(table: string): Columns {
  return kinds(TABLES[table]);
}

/** One row per (agent, commit): the three-way verdict (runners/analysis/tables.ts). */
export const COMPARISON_COLUMNS = kinds(ANALYSIS_TABLES.comparisons);
/** One row per flag raised by analysis. */
export const FLAG_COLUMNS = kinds(ANALYSIS_TABLES.flags);
/** One row per version attempted but not measured. */
export const FAILURE_COLUMNS = kinds(ANALYSIS_TABLES.failures);
/** Every measurement (runners/warehouse/schema.ts). */
export const MEASUREMENT_COLUMNS = kinds(TABLES.measurements);
/** Every measured value. */
export const METRIC_COLUMNS = kinds(TABLES.metrics);

/** `SELECT` list that reads `wanted` from a relation whose actual columns are `present`, NULL where one is missing. */
export function selectList(wanted: Columns, present: Iterable<string>): string {
  const have = new Set(present);
  return Object.entries(wanted)
    .map(([name, kind]) => (have.has(name) ? `CAST("${name}" AS ${SQL_TYPE[kind]}) AS "${name}"` : `NULL::${SQL_TYPE[kind]} AS "${name}"`))
    .join(", ");
}

/** The empty relation `queryWarehouse` substitutes for a missing table. */
export function emptyRelation(wanted: Columns): string {
  return selectList(wanted, []);
}

/** Arrow column types, so all-null columns keep their type in the page. */
export function arrowTypes(wanted: Columns): ColumnTypes {
  return {...wanted};
}
