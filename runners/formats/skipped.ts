// Input a format could not read, kept in sight: a line of a JSON Lines file or a row of a table that failed its
// check becomes a `data_quality` row (where it was, what was there, why), while the file's other lines still land.
// One row per skipped line, and no more than SKIPPED_ROWS_NOTED of them per file, so a file of a different shape
// that happens to match cannot flood the table: the rest are counted in one last row.
import type {Row} from "../warehouse/db.ts";
import type {FileContext} from "./types.ts";

/** The file a skipped line was in, as the rows name it. */
type Where = Pick<FileContext, "path" | "runSet">;

/** A line or row that was not read: its 1-based line number, its text, and why (without the file and line). */
export type Skipped = {line: number; text: string; reason: string};

/** Skipped lines noted one by one in one file; any more are counted in a single further row. */
export const SKIPPED_ROWS_NOTED = 50;

/** Characters of a skipped line kept in `value_text`. */
const SKIPPED_TEXT_CHARS = 200;

/** A `data_quality` row for one skipped line: `field` is where it was (`line 4`), `value_text` what was there. */
export function skippedRow(ctx: Where, line: number, text: string, reason: string): Row {
  return {
    run_set: ctx.runSet,
    measurement_id: null,
    file: ctx.path,
    field: `line ${line}`,
    metric: null,
    value_text: text.slice(0, SKIPPED_TEXT_CHARS),
    reason
  };
}

/** The `data_quality` rows for a file's skipped lines (see the module header for the cap). */
export function skippedRows(ctx: Where, skipped: readonly Skipped[]): Row[] {
  const rows = skipped.slice(0, SKIPPED_ROWS_NOTED).map((s) => skippedRow(ctx, s.line, s.text, s.reason));
  const more = skipped.length - SKIPPED_ROWS_NOTED;
  if (more > 0) {
    const from = skipped[SKIPPED_ROWS_NOTED].line;
    rows.push(skippedRow(ctx, from, "", `${more} more lines were skipped from line ${from} on (the first ${SKIPPED_ROWS_NOTED} are noted one by one)`));
  }
  return rows;
}

/** `path:line: reason` for the first few skipped lines, for the message of a file that had no readable line. */
export function describeSkipped(path: string, skipped: readonly Skipped[], count = 3): string {
  const listed = skipped.slice(0, count).map((s) => `${path}:${s.line}: ${s.reason}`);
  const more = skipped.length > count ? [`(${skipped.length - count} more lines skipped)`] : [];
  return [...listed, ...more].join("\n");
}
