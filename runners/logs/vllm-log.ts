// Recovers what a vLLM benchmark actually did from its console output: the `Namespace(...)` line argparse prints
// (the executed configuration, which can differ from the declared perf_command) and the summary it prints at the end
// (the `Serving Benchmark Result` block, or benchmark_throughput/benchmark_latency summary lines). Pure text parsing.
import {LENGTH_DESTS, lengthsOf} from "../commands/dataset-lengths.ts";
import type {Workload} from "../model/measurement.ts";
import {metricKey, resolveMetric} from "../model/metrics.ts";
import {recentMemo} from "../recent-memo.ts";

/** A value from a Python repr: strings, numbers, booleans, None; anything else (objects, lists) as its source text. */
export type PyValue = string | number | boolean | null;

/** Logs longer than this are only scanned in their first and last part (a huge log must not stall ingest). */
const MAX_SCAN_CHARS = 4 * 1024 * 1024;
/** Bytes of a log kept in the warehouse: the head (startup, Namespace) and the tail (results, errors). */
export const EXCERPT_HEAD_CHARS = 1024;
export const EXCERPT_TAIL_CHARS = 2048;

function scanWindow(text: string): string {
  if (text.length <= MAX_SCAN_CHARS) return text;
  const half = MAX_SCAN_CHARS / 2;
  return `${text.slice(0, half)}\n${text.slice(-half)}`;
}

/**
 * Head and tail of a log, marked where text was left out; null for an empty log. The mark is ASCII on purpose: one
 * non-Latin-1 character would make V8 store the whole excerpt two bytes a character, doubling what ingest copies.
 */
export function logExcerpt(text: string | null | undefined): string | null {
  if (!text) return null;
  if (text.length <= EXCERPT_HEAD_CHARS + EXCERPT_TAIL_CHARS) return text;
  const omitted = text.length - EXCERPT_HEAD_CHARS - EXCERPT_TAIL_CHARS;
  return `${text.slice(0, EXCERPT_HEAD_CHARS)}\n[... ${omitted} characters left out; the full log is in the source file ...]\n${text.slice(-EXCERPT_TAIL_CHARS)}`;
}

/**
 * `text.lastIndexOf(pattern)`, found by searching forwards: V8 searches backwards one character at a time but
 * forwards with skips (Boyer-Moore-Horspool), which is several times faster over a log that lacks the pattern.
 */
export function lastIndexOfForward(text: string, pattern: string): number {
  let at = text.indexOf(pattern);
  for (let next = at; next >= 0; next = text.indexOf(pattern, at + 1)) at = next;
  return at;
}

/** Parses the last `Namespace(...)` argparse line of a log into key → value; null when there is none. */
export function parseNamespace(text: string): Record<string, PyValue> | null {
  const line = namespaceLine(text);
  return line === null ? null : parseNamespaceLine(line);
}

/** The executed configuration the last `Namespace(...)` line of a log shows; null when there is none. */
export function executedFromLog(text: string): Readonly<ExecutedConfig> | null {
  const line = namespaceLine(text);
  return line === null ? null : executedOfLine(line);
}

/** The versions of one commit repeat the same Namespace line (see recent-memo.ts). */
const executedOfLine = recentMemo((line: string) => {
  const ns = parseNamespaceLine(line, EXECUTED_KEYS);
  return ns ? executedConfig(ns) : null;
});

/** The last `Namespace(` line of a log: argparse prints it on one line, and nothing after its end is read. */
function namespaceLine(text: string): string | null {
  const window = scanWindow(text);
  const start = lastIndexOfForward(window, "Namespace(");
  if (start < 0) return null;
  const end = window.indexOf("\n", start);
  return window.slice(start, end < 0 ? undefined : end);
}

/**
 * Parses one line that starts with `Namespace(`; with `keys`, only their values are kept (the others are still read
 * past). Null when the line holds no `key=value` at all.
 */
function parseNamespaceLine(window: string, keys?: ReadonlySet<string>): Record<string, PyValue> | null {
  const out: Record<string, PyValue> = {};
  let pairs = 0;
  let i = "Namespace(".length;
  const n = window.length;
  while (i < n) {
    // Fast path: `key=<quoted string or scalar>` followed by `,` or `)`, in one sticky match.
    NS_PAIR.lastIndex = i;
    const m = NS_PAIR.exec(window);
    if (m) {
      pairs++;
      if (!keys || keys.has(m[1])) {
        const raw = m[2];
        const q = raw[0];
        out[m[1]] = q === "'" || q === '"' ? (raw.includes("\\") ? unescapePy(raw.slice(1, -1)) : raw.slice(1, -1)) : pyScalar(raw);
      }
      i = NS_PAIR.lastIndex;
      if (m[3] === ")") break;
      continue;
    }
    while (i < n && (window[i] === " " || window[i] === ",")) i++;
    if (window[i] === ")" || window[i] === "\n" || i >= n) break;
    const eq = window.indexOf("=", i);
    if (eq < 0) break;
    const key = window.slice(i, eq).trim();
    if (!/^\w+$/.test(key)) break;
    const [value, next] = readPyValue(window, eq + 1);
    pairs++;
    if (!keys || keys.has(key)) out[key] = value;
    i = next;
  }
  return pairs ? out : null;
}

// Quoted values as unrolled loops (runs of plain characters, then one escape): irregexp then matches a long path a
// run at a time instead of trying an alternation per character.
const NS_PAIR = /[ ,]*(\w+)=('[^'\\\n]*(?:\\.[^'\\\n]*)*'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|[\w.+-]+)(,|\))/y;

function unescapePy(s: string): string {
  return s.replace(/\\(.)/g, "$1");
}

/** Reads one Python repr value starting at `i`; returns the value and the index after it. */
function readPyValue(s: string, i: number): [PyValue, number] {
  const c = s[i];
  if (c === "'" || c === '"') {
    // Fast path: no escapes before the closing quote (almost every value).
    const close = s.indexOf(c, i + 1);
    const nl = s.indexOf("\n", i + 1);
    if (close > 0 && (nl < 0 || close < nl)) {
      const value = s.slice(i + 1, close);
      if (!value.includes("\\")) return [value, close + 1];
    }
    let j = i + 1;
    let v = "";
    while (j < s.length && s[j] !== c && s[j] !== "\n") {
      if (s[j] === "\\" && j + 1 < s.length) {
        v += s[j + 1];
        j += 2;
      } else v += s[j++];
    }
    return [v, j + 1];
  }
  // Scalars (numbers, None, True, False) run to the next comma or the closing parenthesis.
  const simple = /^[\w.+-]*/.exec(s.slice(i, i + 64))![0];
  const after = s[i + simple.length];
  if (simple && (after === "," || after === ")")) return [pyScalar(simple), i + simple.length];
  // Nested structures (lists, dicts, <function …>, Enum(…)): keep their text, balanced on brackets.
  let depth = 0;
  let j = i;
  while (j < s.length && s[j] !== "\n") {
    const ch = s[j];
    if (ch === "(" || ch === "[" || ch === "{" || ch === "<") depth++;
    else if (ch === ")" || ch === "]" || ch === "}" || ch === ">") {
      if (depth === 0) break;
      depth--;
    } else if (ch === "," && depth === 0) break;
    else if ((ch === "'" || ch === '"') && depth > 0) {
      const close = s.indexOf(ch, j + 1);
      if (close > 0) j = close;
    }
    j++;
  }
  return [pyScalar(s.slice(i, j).trim()), j];
}

function pyScalar(text: string): PyValue {
  if (text === "None") return null;
  if (text === "True") return true;
  if (text === "False") return false;
  // Most scalars are plain integers: one conversion settles them without the regular expressions below.
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57 && text.length < 16) {
    const n = Number(text);
    if (Number.isSafeInteger(n) && String(n) === text) return n;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (/^[+-]?inf$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  return text;
}

/** The executed configuration columns of `measurements`, as far as a Namespace shows them. */
export type ExecutedConfig = Workload & {executed_model: string | null};

function num(v: PyValue | undefined): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^[+-]?inf$/i.test(v)) return v.startsWith("-") ? -Infinity : Infinity;
  return null;
}
function int(v: PyValue | undefined): number | null {
  const n = num(v);
  return n !== null && Number.isInteger(n) ? n : null;
}
function str(v: PyValue | undefined): string | null {
  return typeof v === "string" ? v : null;
}

/**
 * The Namespace keys executedConfig reads: ingest keeps only these of the sixty or so a Namespace holds. A test checks
 * that executedConfig reads no other key.
 */
export const EXECUTED_KEYS: ReadonlySet<string> = new Set([
  "dataset_name",
  "dataset",
  "dataset_path",
  ...LENGTH_DESTS,
  "num_prompts",
  "batch_size",
  "request_rate",
  "max_concurrency",
  "model"
]);

/**
 * The dataset a Namespace ran: `dataset_name`; the deprecated `--dataset <path>` of older scripts is a ShareGPT file;
 * and `vllm bench throughput` with no dataset path runs random prompts of `input_len` whatever dataset_name says.
 */
function executedDataset(ns: Record<string, PyValue>): string | null {
  const name = str(ns.dataset_name);
  const path = str(ns.dataset_path) ?? str(ns.dataset);
  if (name === "sharegpt" && !path && int(ns.input_len) !== null) return "random";
  return name ?? (path ? "sharegpt" : null);
}

/** Maps a vLLM Namespace (serve, throughput or latency benchmark) to the executed-configuration columns. */
export function executedConfig(ns: Record<string, PyValue>): ExecutedConfig {
  const dataset = executedDataset(ns);
  return {
    dataset_name: dataset,
    ...lengthsOf(dataset, (dest) => int(ns[dest])),
    num_prompts: int(ns.num_prompts) ?? int(ns.batch_size),
    request_rate: num(ns.request_rate),
    max_concurrency: int(ns.max_concurrency),
    executed_model: str(ns.model)
  };
}

/** Metric values a log's summary shows, keyed by catalogue alias (resolved by FileRows). */
export function summaryMetrics(text: string): Record<string, number> {
  const window = scanWindow(text);
  // Most logs hold none of the summaries: a substring test is far cheaper than the regular expressions.
  return {
    ...servingBlock(window),
    ...(window.includes("Throughput: ") ? throughputLine(window) : {}),
    ...(window.includes(" latency: ") ? latencyLines(window) : {})
  };
}

const BLOCK_TITLE = " Serving Benchmark Result ";

/** The last complete `Serving Benchmark Result` block: `label: value` lines up to the closing `====` rule. */
function servingBlock(text: string): Record<string, number> {
  const title = lastIndexOfForward(text, BLOCK_TITLE);
  if (title < 0) return {};
  const last = text.indexOf("\n", title);
  if (last < 0) return {};
  const out: Record<string, number> = {};
  let i = last;
  while (i >= 0 && i < text.length) {
    const nl = text.indexOf("\n", i + 1);
    const line = text.slice(i + 1, nl < 0 ? undefined : nl).trim();
    if (BLOCK_RULE.test(line)) break;
    const m = BLOCK_LINE.exec(line);
    if (m) {
      const key = metricKey(m[1]);
      if (resolveMetric(key)) out[key] = Number(m[2].toLowerCase().replace("inf", "Infinity"));
    }
    i = nl;
  }
  return out;
}

// Made once: a regular expression literal inside the loop is a new object on every line.
const BLOCK_RULE = /^=+$/;
const BLOCK_LINE = /^([^:]+):\s+(-?[\d.]+(?:e[+-]?\d+)?|-?inf|nan)$/i;

/** benchmark_throughput.py: `Throughput: 54.71 requests/s, 28011.52 total tokens/s, 14005.76 output tokens/s` (older: `…, N tokens/s`). */
function throughputLine(text: string): Record<string, number> {
  const matches = [...text.matchAll(/^Throughput: ([\d.]+) requests\/s, ([\d.]+) (?:total )?tokens\/s(?:, ([\d.]+) output tokens\/s)?/gm)];
  const m = matches.at(-1);
  if (!m) return {};
  const out: Record<string, number> = {requests_per_second: Number(m[1]), tokens_per_second: Number(m[2])};
  if (m[3]) out.output_tokens_per_second = Number(m[3]);
  return out;
}

/** benchmark_latency.py: `Avg latency: 0.82 seconds` and `99% percentile latency: 0.85 seconds`. */
function latencyLines(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^Avg latency: ([\d.e+-]+) seconds/gm)) out.avg_latency = Number(m[1]);
  for (const m of text.matchAll(/^(\d+)% percentile latency: ([\d.e+-]+) seconds/gm)) out[`p${m[1]}_latency_s`] = Number(m[2]);
  return out;
}

/** The engine version a `*_version` field holds: its last non-empty line (`0.8.5.dev117+gf728ab8e3`). */
export function engineVersion(text: string | null | undefined): string | null {
  if (!text) return null;
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const last = lines.at(-1);
  return last && /^\d+\.\d+/.test(last) ? last : (last ?? null);
}
