// `npm run data`: rebuilds the embedded default warehouse (data/warehouse) from the project's own inputs: every file
// under data/seeds/ (figures typed in from the user's reports) and data/h100/ (BenchBook's own GPU runs), ingested
// into a fresh folder, analysed, and swapped in whole, so the committed Parquet files always match their inputs.
import {existsSync} from "node:fs";
import {readdir, rename, rm} from "node:fs/promises";
import {join, resolve} from "node:path";
import {analyzeWarehouse} from "../analysis/analyze.ts";
import {ingestPaths} from "../ingest/ingest.ts";

/** Input folders of the embedded data, in ingest order; a missing one is skipped. */
export const EMBEDDED_INPUTS = ["data/seeds", "data/h100"];
export const EMBEDDED_WAREHOUSE = "data/warehouse";

export type RebuildOptions = {inputs?: string[]; warehouse?: string; log?: (line: string) => void};

/** Ingests `inputs` into a fresh warehouse next to `warehouse`, analyses it, then replaces `warehouse` with it. */
export async function rebuildEmbedded({inputs = EMBEDDED_INPUTS, warehouse = EMBEDDED_WAREHOUSE, log = console.warn}: RebuildOptions = {}): Promise<string[]> {
  const target = resolve(warehouse);
  const fresh = `${target}.new`;
  const old = `${target}.old`;
  await rm(fresh, {recursive: true, force: true});
  const present = inputs.filter((p) => existsSync(p));
  for (const p of inputs.filter((q) => !present.includes(q))) log(`data: ${p} does not exist; skipped`);
  if (!present.length) throw new Error(`data: none of ${inputs.join(", ")} exists`);
  log(`data: ingesting ${present.join(", ")}`);
  const summary = await ingestPaths(present, {warehouse: fresh});
  log(`data: ${summary.parsed} files parsed, ${summary.measurements} measurements, ${summary.quarantined} quarantined`);
  const result = await analyzeWarehouse({warehouse: fresh});
  log(`data: ${result.comparisons.length} comparisons, ${result.flags.length} flags, ${result.failures.length} failures`);
  // Swap folders: the old warehouse stays intact until the new one is complete.
  await rm(old, {recursive: true, force: true});
  if (existsSync(target)) await rename(target, old);
  await rename(fresh, target);
  await rm(old, {recursive: true, force: true});
  return (await readdir(target)).sort().map((f) => join(warehouse, f));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await rebuildEmbedded();
  console.log(files.join("\n"));
}
