// The foundation's end-to-end check: a small Parquet file from data/ read with DuckDB in Node, sent to the page
// as an Arrow stream. If this page breaks, every other page's data path is broken too.
import {withDb, sqlString} from "../runners/warehouse/db.ts";
import {rowsToArrowStream} from "./arrow.ts";

export const PLUMBING_PARQUET = "data/reference/gpu-bandwidth.parquet";

export async function plumbingArrow(path = PLUMBING_PARQUET): Promise<Uint8Array> {
  const rows = await withDb((db) => db.all(`SELECT gpu, memory_gib, bandwidth_tb_s FROM read_parquet(${sqlString(path)}) ORDER BY gpu`));
  return rowsToArrowStream(rows, {gpu: "string", memory_gib: "number", bandwidth_tb_s: "number"});
}
