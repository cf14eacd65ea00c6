// What ingest set aside, for the regressions & data quality page: every quarantined file with its reason, and every
// data_quality note (a value that is not a measurement, a skipped line, a metric the catalogue does not know, a run
// with failed requests). Ingest never drops input silently; this is where a reader sees what it kept out and why.
import type {Row} from "../runners/warehouse/db.ts";
import {tableColumns} from "./site-columns.ts";
import {readTable} from "./site-read.ts";
import {excerpt} from "./site-text.ts";
import {typedArrowStream} from "./site-arrow.ts";

/** The page's columns: `kind` is `quarantined` (a whole file) or `note` (a value or line of a file that was read). */
const SET_ASIDE_COLUMNS = {kind: "string", run_set: "string", file: "string", commit: "string", field: "string", value_text: "string", reason: "string", measurement_id: "string"} as const;

export async function setAsideRows(warehouse?: string): Promise<Row[]> {
  const quarantined = await readTable("quarantine", tableColumns("quarantine"), {warehouse, orderBy: "run_set, file"});
  const notes = await readTable("data_quality", tableColumns("data_quality"), {warehouse, orderBy: "run_set, file, field"});
  // A note about a measurement links to its commit in the explorer.
  const measurements = await readTable("measurements", {measurement_id: "string", commit: "string"}, {warehouse});
  const commitOf = new Map(measurements.map((m) => [m.measurement_id, m.commit]));
  return [
    ...quarantined.map((q) => ({kind: "quarantined", run_set: q.run_set, file: q.file, commit: null, field: null, value_text: excerpt(q.detail), reason: excerpt(q.reason), measurement_id: null})),
    ...notes.map((d) => ({
      kind: "note",
      run_set: d.run_set,
      file: d.file,
      commit: commitOf.get(d.measurement_id) ?? null,
      field: d.field,
      value_text: excerpt(d.value_text),
      reason: excerpt(d.reason),
      measurement_id: d.measurement_id
    }))
  ];
}

export async function setAsideArrow(warehouse?: string): Promise<Uint8Array> {
  return typedArrowStream(await setAsideRows(warehouse), SET_ASIDE_COLUMNS);
}
