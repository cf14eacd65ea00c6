// JSON as result files really are: V8's JSON.parse error says what but not where, so a failed parse is re-scanned
// to give line and column; and Python's json.dump writes bare NaN/Infinity for non-finite floats, which are read as
// the strings "NaN"/"Infinity" so the values reach data_quality instead of losing the whole file.

export type JsonText =
  | {ok: true; json: unknown; /** true when bare NaN/Infinity tokens were read as strings */ pythonNonFinite: boolean}
  | {ok: false; message: string; /** what was wrong, without where */ reason: string; line: number; column: number; excerpt: string};

const PY_NON_FINITE = ["NaN", "-Infinity", "Infinity"];

/** The data_quality note for a file whose JSON held bare NaN/Infinity tokens. */
export const PYTHON_NON_FINITE_NOTE = "bare NaN/Infinity tokens (Python json.dump) are not JSON; they were read as non-finite values";

/** Parses JSON text; on failure reports the first syntax error's line and column. */
export function parseJsonText(text: string): JsonText {
  try {
    return {ok: true, json: JSON.parse(text), pythonNonFinite: false};
  } catch (error) {
    const scan = scan_(text);
    if (scan.error === null && scan.rewritten !== null) {
      try {
        return {ok: true, json: JSON.parse(scan.rewritten), pythonNonFinite: true};
      } catch {
        // fall through to the V8 message
      }
    }
    const at = scan.error?.offset ?? text.length;
    const {line, column} = lineColumn(text, at);
    const what = scan.error?.message ?? (error as Error).message;
    const excerpt = text.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, " ");
    return {ok: false, message: `not valid JSON: ${what} at line ${line}, column ${column}`, reason: what, line, column, excerpt};
  }
}

function lineColumn(text: string, offset: number): {line: number; column: number} {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return {line, column: offset - last};
}

type Scan = {error: {offset: number; message: string} | null; rewritten: string | null};

/** A small validating scanner: the first syntax error, or the text with bare NaN/Infinity quoted. */
function scan_(text: string): Scan {
  let i = 0;
  const n = text.length;
  const out: string[] = [];
  let last = 0;
  let rewrote = false;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), {offset: i});
  };
  const ws = () => {
    while (i < n && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail("nesting too deep");
    ws();
    if (i >= n) fail("unexpected end of input (the file is truncated)");
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i >= n ? "unexpected end of input (the file is truncated)" : `expected a property name, found ${JSON.stringify(text[i])}`);
        string();
        ws();
        if (text[i] !== ":") fail(i >= n ? "unexpected end of input (the file is truncated)" : `expected ":", found ${JSON.stringify(text[i])}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(i >= n ? "unexpected end of input (the file is truncated)" : `expected "," or "}", found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(i >= n ? "unexpected end of input (the file is truncated)" : `expected "," or "]", found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    for (const word of PY_NON_FINITE) {
      if (text.startsWith(word, i)) {
        out.push(text.slice(last, i), `"${word}"`);
        i += word.length;
        last = i;
        rewrote = true;
        return;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m && m[0].length) {
      i += m[0].length;
      return;
    }
    fail(`expected a value, found ${JSON.stringify(text.slice(i, i + 12))}`);
  };
  const string = () => {
    i++;
    while (i < n && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail("control character inside a string");
      i++;
    }
    if (i >= n) fail("unterminated string (the file is truncated)");
    i++;
  };
  try {
    value(0);
    ws();
    if (i < n) fail(`unexpected ${JSON.stringify(text.slice(i, i + 12))} after the JSON value`);
    out.push(text.slice(last));
    return {error: null, rewritten: rewrote ? out.join("") : null};
  } catch (error) {
    const offset = (error as {offset?: number}).offset;
    if (offset === undefined) throw error;
    return {error: {offset, message: (error as Error).message}, rewritten: null};
  }
}
