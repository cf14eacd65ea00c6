// Reads one warehouse table for a page in the shape the page expects (loaders/site-columns.ts): columns a warehouse
// lacks come back NULL, a table it lacks comes back empty, so every page builds on a partial or empty warehouse.
import {existsSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import type {Params, Row} from "../runners/warehouse/db.ts";
import {defaultWarehouse, hasTable, queryWarehouse} from "./warehouse.ts";
import {emptyRelation, selectList, type Columns} from "./site-columns.ts";

export type ReadOptions = {warehouse?: string; where?: string; orderBy?: string; params?: Params};

/** Rows of `table` with exactly `columns` (in that order). `where`/`orderBy` are SQL we write, never data. */
export async function readTable(table: string, columns: Columns, options: ReadOptions = {}): Promise<Row[]> {
  const warehouse = options.warehouse ?? defaultWarehouse();
  let list = emptyRelation(columns);
  if (hasTable(table, warehouse)) {
    const described = await queryWarehouse<{column_name: string}>(`DESCRIBE SELECT * FROM {${table}}`, {warehouse});
    list = selectList(columns, described.map((d) => d.column_name));
  }
  const sql = `SELECT * FROM (SELECT ${list} FROM {${table}}) t${options.where ? ` WHERE ${options.where}` : ""}${
    options.orderBy ? ` ORDER BY ${options.orderBy}` : ""
  }`;
  return queryWarehouse(sql, {warehouse, params: options.params, empty: {[table]: emptyRelation(columns)}});
}

/** The analysis summary (summary.json), or null when analysis has not run on this warehouse. */
export async function readSummaryJson(warehouse = defaultWarehouse()): Promise<unknown> {
  const path = join(warehouse, "summary.json");
  if (!existsSync(path)) return null;
  return JSON.parse(await readFile(path, "utf8"));
}
