// Which versions were attempted but not measured, and why. A consolidated file copies one commit-level error onto
// every version; the version the error names (or the first unmeasured one in run order) failed, and the versions
// after it that left no log of their own never ran, so they are not failures.
import {classifyFailure} from "./failure-signatures.ts";
import {isMeasured, type Fact} from "./facts.ts";
import {VARIANTS, type Variant} from "../model/measurement.ts";
import {pairingScope, type FailureClass} from "./vocabulary.ts";

/** Statuses that say a version was deliberately not run (no perf command, a skip reason): not failures. */
export const NOT_ATTEMPTED_STATUS = /^(no_perf_command|skipped)$/i;

/** An error that names the version it is about: `Baseline install failed…`, `BASELINE server failed…`, `Agent benchmark…`. */
const NAMED_VARIANT = /^\W*(baseline|human|agent)\b/i;

export type FailureRow = {
  commit: string;
  variant: Variant;
  agent: string | null;
  source: string;
  failure_class: FailureClass;
  evidence: string;
  status: string | null;
  run_set: string;
  file: string;
  measurement_id: string;
};

function ownLog(f: Fact): boolean {
  return !!(f.raw_log_excerpt?.trim() || f.server_log_excerpt?.trim());
}

function namedVariant(error: string | null): Variant | null {
  const m = error ? NAMED_VARIANT.exec(error) : null;
  return m ? (m[1].toLowerCase() as Variant) : null;
}

/**
 * Whether `f` was attempted, given the other versions from the same consolidated file (`siblings`, `f` included).
 * Separate files (and every pairing scope other than `file`) are one attempt each.
 */
export function wasAttempted(f: Fact, siblings: Fact[]): boolean {
  if (f.status && NOT_ATTEMPTED_STATUS.test(f.status)) return false;
  if (pairingScope(f.source) !== "file" || ownLog(f)) return true;
  const named = namedVariant(f.error);
  if (named) return named === f.variant;
  // An unattributed commit-level error belongs to the first unmeasured version in run order.
  const order = (v: Variant) => VARIANTS.indexOf(v);
  const earlierFailed = siblings.some((s) => order(s.variant) < order(f.variant) && !isMeasured(s) && s.error === f.error);
  return !earlierFailed;
}

/** One failure row per version attempted but not measured, classified by the signature table. */
export function failureRows(facts: Fact[]): FailureRow[] {
  const byFile = new Map<string, Fact[]>();
  for (const f of facts) {
    const key = `${f.run_set}\u0000${f.file}`;
    byFile.set(key, [...(byFile.get(key) ?? []), f]);
  }
  const out: FailureRow[] = [];
  for (const f of facts) {
    if (isMeasured(f) || !f.commit) continue;
    if (!wasAttempted(f, byFile.get(`${f.run_set}\u0000${f.file}`)!)) continue;
    const {failure_class, evidence} = classifyFailure([f.error, f.raw_log_excerpt, f.server_log_excerpt]);
    out.push({
      commit: f.commit,
      variant: f.variant,
      agent: f.agent,
      source: f.source,
      failure_class,
      evidence,
      status: f.status,
      run_set: f.run_set,
      file: f.file,
      measurement_id: f.measurement_id
    });
  }
  return out;
}
