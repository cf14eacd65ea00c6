// Reads the pipe tables llama-bench (markdown_printer) and llama-benchy (tabulate "pipe") print: a header row, a
// `|---:|` rule, then rows. Cells are trimmed text; `mean ± std` cells are split by `meanStd`.

export type PipeTable = {
  header: string[];
  rows: {cells: Record<string, string>; line: number}[];
  headerLine: number;
  endLine: number;
};

const RULE = /^\|(\s*:?-+:?\s*\|)+\s*$/;

/**
 * Whether a text may hold a RULE line: some `|` followed by optional blanks (short of a line end), an optional `:`
 * and a `-`. Most texts asked (every log ingest sees) hold none. The pattern is tried only where a `|` is, as a sticky
 * match: no one-character strings are made (a `text[p]` of the █ after a progress bar's `|` is a new string each time).
 */
function mayHoldRule(text: string): boolean {
  for (let i = text.indexOf("|"); i >= 0; i = text.indexOf("|", i + 1)) {
    AFTER_BAR.lastIndex = i + 1;
    if (AFTER_BAR.test(text)) return true;
  }
  return false;
}

const AFTER_BAR = /[^\S\n]*:?-/y;

/** The last text split into lines: llama-bench-md and llama-benchy both look for a table in every file ingest asks. */
let lastSplit: {text: string; lines: string[]} | null = null;

function linesOf(text: string): string[] {
  if (lastSplit?.text !== text) lastSplit = {text, lines: text.split(/\r?\n/)};
  return lastSplit.lines;
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
}

/** Finds the first pipe table whose header satisfies `accept`; line numbers are 1-based. */
export function findPipeTable(text: string, accept: (header: string[]) => boolean): PipeTable | null {
  if (!mayHoldRule(text)) return null;
  const lines = linesOf(text);
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].trim().startsWith("|") || !RULE.test(lines[i + 1].trim())) continue;
    const header = cells(lines[i]);
    if (!accept(header)) continue;
    const rows: PipeTable["rows"] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].trim().startsWith("|"); j++) {
      const values = cells(lines[j]);
      rows.push({cells: Object.fromEntries(header.map((h, k) => [h, values[k] ?? ""])), line: j + 1});
    }
    return {header, rows, headerLine: i + 1, endLine: j};
  }
  return null;
}

/** `2449.83 ± 10.27` → {mean, std}; a bare number has std null; empty or unreadable → null. */
export function meanStd(cell: string): {mean: number; std: number | null} | null {
  const m = /^\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*(?:(?:±|\+-|\+\/-)\s*([\d.]+(?:e[+-]?\d+)?))?\s*$/i.exec(cell);
  if (!m) return null;
  const mean = Number(m[1]);
  const std = m[2] !== undefined ? Number(m[2]) : null;
  return Number.isFinite(mean) && (std === null || Number.isFinite(std)) ? {mean, std} : null;
}
