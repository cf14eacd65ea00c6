// Results of a pure text parser for the last few distinct inputs. Result files come in threes (baseline, human and
// agent of one commit, listed side by side) that repeat one benchmark command and one log preamble: in the study's
// corpus 357 perf_commands hold 79 distinct ones and 220 vLLM Namespace lines 90. A handful of entries catches those
// repeats; nothing is kept for long, so memory does not grow with the corpus, and input read far apart (the same
// command in another folder) is parsed again, as it would be without the memo.

/** Distinct inputs remembered: one commit's files and a few neighbours. */
export const RECENT_ENTRIES = 8;

/**
 * `fn` with its results for the last `size` distinct keys remembered. Results are shared between callers, so they
 * are frozen: a caller that needs to change one copies it.
 */
export function recentMemo<T>(fn: (key: string) => T, size = RECENT_ENTRIES): (key: string) => Readonly<T> {
  const recent = new Map<string, Readonly<T>>();
  return (key: string) => {
    let value = recent.get(key);
    if (value === undefined) {
      value = Object.freeze(fn(key));
      if (recent.size >= size) recent.delete(recent.keys().next().value!);
      recent.set(key, value);
    }
    return value;
  };
}
