// Builds a small warehouse on disk through the real writer, for tests of the SQL joins and the whole command.
import type {Row} from "../../runners/warehouse/db.ts";
import {appendToWarehouse, type Batch} from "../../runners/warehouse/writer.ts";

export type FixtureMeasurement = Row & {measurement_id: string; commit: string; variant: string; source: string; file: string};

/** Writes measurements (each with `metrics: {name: value}`) grouped into one batch per (run_set, file). */
export async function writeFixtureWarehouse(
  warehouse: string,
  rows: Array<FixtureMeasurement & {metrics?: Record<string, number>; n?: number; std?: number}>
): Promise<void> {
  const batches = new Map<string, Batch>();
  for (const {metrics = {}, n, std, ...m} of rows) {
    const runSet = (m.run_set as string | undefined) ?? "rs";
    const key = `${runSet}\u0000${m.file}`;
    const batch = batches.get(key) ?? {file: m.file, file_sha256: `sha-${key}`, run_set: runSet, tables: {measurements: [], metrics: []}};
    batch.tables.measurements.push({run_set: runSet, file_sha256: `sha-${key}`, status: "success", model: "meta-llama/Llama-3.1-8B-Instruct", ...m});
    for (const [metric, value] of Object.entries(metrics)) {
      batch.tables.metrics.push({measurement_id: m.measurement_id, metric, value, origin: "structured", n: n ?? null, std: std ?? null});
    }
    batches.set(key, batch);
  }
  await appendToWarehouse(warehouse, batches.values());
}
