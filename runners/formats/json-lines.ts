// The first record of a JSON Lines file, for formats that recognise themselves by it (SGLang bench_serving,
// lm-eval samples). Detection asks every file ingest sees, logs and pretty-printed JSON included, so this never
// throws: a failed JSON.parse builds an error with a message and a stack, which costs more than reading the file.

export type FirstLine = {line: string; ok: true; value: unknown} | {line: string; ok: false};

/**
 * The first non-blank line of `text`, trimmed, and its parsed value when it is a complete JSON value. `json` is the
 * whole text parsed (undefined when it is not JSON): a one-record file is that value; in a longer JSON text the first
 * line is only the start of a value.
 */
export function firstJsonLine(text: string, json: unknown): FirstLine {
  const start = text.search(/\S/);
  if (start < 0) return {line: "", ok: false};
  const nl = text.indexOf("\n", start);
  const line = text.slice(start, nl < 0 ? undefined : nl).trim();
  if (json !== undefined) return nl < 0 || !/\S/.test(text.slice(nl)) ? {line, ok: true, value: json} : {line, ok: false};
  // Only an object or an array can span a line on its own and still be worth parsing here.
  if (!/^[[{]/.test(line)) return {line, ok: false};
  try {
    return {line, ok: true, value: JSON.parse(line)};
  } catch {
    return {line, ok: false};
  }
}
