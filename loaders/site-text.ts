// Untrusted text (logs, errors) travels to the pages as plain strings, shortened so a multi-megabyte log cannot
// freeze a page: the head and the tail are kept (a vLLM traceback's cause is usually at the end).

/** Longest log excerpt a page receives, in characters; the detail view shows it in a scrolling box. */
export const LOG_EXCERPT_MAX = 12_000;

/** Keeps the first and last parts of `text` when it is longer than `max`, saying how much was cut. */
export function excerpt(text: unknown, max = LOG_EXCERPT_MAX): string | null {
  if (text === null || text === undefined) return null;
  const s = String(text);
  if (s.length <= max) return s;
  const head = Math.floor(max * 0.25);
  const tail = max - head;
  return `${s.slice(0, head)}\n… [${s.length - max} characters cut by BenchBook] …\n${s.slice(s.length - tail)}`;
}
