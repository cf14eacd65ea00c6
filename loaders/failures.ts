// The failures page: every version attempted but not measured, with its failure class, the evidence line that
// classified it and the commit's subject (for the reader; the link goes to the explorer's detail view).
import {typedArrowStream} from "./site-arrow.ts";
import {FAILURE_COLUMNS, arrowTypes} from "./site-columns.ts";
import {readTable} from "./site-read.ts";
import {excerpt} from "./site-text.ts";

/** Longest evidence text a failures row carries (a line or two of log is the point; the detail view has the rest). */
export const EVIDENCE_MAX = 2_000;

export async function failuresArrow(warehouse?: string): Promise<Uint8Array> {
  const rows = await readTable("failures", FAILURE_COLUMNS, {warehouse, orderBy: "failure_class, commit, variant, agent"});
  const subjects = await readTable("measurements", {commit: "string", subject: "string"}, {warehouse, where: "subject IS NOT NULL"});
  const subjectOf = new Map(subjects.map((s) => [s.commit as string, s.subject]));
  const out = rows.map((r) => ({...r, evidence: excerpt(r.evidence, EVIDENCE_MAX), subject: subjectOf.get(r.commit as string) ?? null}));
  return typedArrowStream(out, {...arrowTypes(FAILURE_COLUMNS), subject: "string"});
}
