// Reads the pipe tables llama-bench (markdown_printer) and llama-benchy (tabulate "pipe") print: a header row, a
// `|---:|` rule, then rows. Cells are trimmed text; `mean ± std` cells are split by `meanStd`. Output captured with
// 2>&1 has llama-bench's stderr between the rows (`llama-bench: benchmark 2/4: starting`, a model that failed to
// load), and runs appended to one file (`>>`) hold one table each: rows go on past such lines, up to a blank line.

export type PipeTable = {
  header: string[];
  rows: {cells: Record<string, string>; line: number}[];
  /** Lines between the rows that are not rows (stderr), with their 1-based line numbers. */
  between: {line: number; text: string}[];
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

/**
 * A row's cells by column. llama-bench prints an `-ot` override (`blk\.(1|2)\.ffn_.*=CPU`) unescaped, so a `|` inside
 * it splits the `ot` cell: the surplus cells are joined back into it.
 */
function rowCells(header: string[], values: string[]): Record<string, string> {
  const surplus = values.length - header.length;
  const ot = header.indexOf("ot");
  if (surplus > 0 && ot >= 0) values = [...values.slice(0, ot), values.slice(ot, ot + surplus + 1).join("|"), ...values.slice(ot + surplus + 1)];
  return Object.fromEntries(header.map((h, k) => [h, values[k] ?? ""]));
}

/** Every pipe table whose header satisfies `accept`, in order; line numbers are 1-based. */
export function findPipeTables(text: string, accept: (header: string[]) => boolean): PipeTable[] {
  if (!mayHoldRule(text)) return [];
  const lines = linesOf(text);
  const tables: PipeTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].trim().startsWith("|") || !RULE.test(lines[i + 1].trim())) continue;
    const header = cells(lines[i]);
    if (!accept(header)) continue;
    const rows: PipeTable["rows"] = [];
    const between: PipeTable["between"] = [];
    let pending: PipeTable["between"] = [];
    let j = i + 2;
    let end = j;
    for (; j < lines.length && lines[j].trim(); j++) {
      const line = lines[j].trim();
      if (!line.startsWith("|")) {
        pending.push({line: j + 1, text: line});
        continue;
      }
      if (j + 1 < lines.length && RULE.test(lines[j + 1].trim())) break; // the next table's header
      between.push(...pending);
      pending = [];
      rows.push({cells: rowCells(header, cells(line)), line: j + 1});
      end = j + 1;
    }
    tables.push({header, rows, between, headerLine: i + 1, endLine: end});
    i = end - 1;
  }
  return tables;
}

/** The first pipe table whose header satisfies `accept`; line numbers are 1-based. */
export function findPipeTable(text: string, accept: (header: string[]) => boolean): PipeTable | null {
  return findPipeTables(text, accept)[0] ?? null;
}

/** `2449.83 ± 10.27` → {mean, std}; a bare number has std null; empty or unreadable → null. */
export function meanStd(cell: string): {mean: number; std: number | null} | null {
  const m = /^\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*(?:(?:±|\+-|\+\/-)\s*([\d.]+(?:e[+-]?\d+)?))?\s*$/i.exec(cell);
  if (!m) return null;
  const mean = Number(m[1]);
  const std = m[2] !== undefined ? Number(m[2]) : null;
  return Number.isFinite(mean) && (std === null || Number.isFinite(std)) ? {mean, std} : null;
}
