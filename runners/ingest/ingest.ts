// `benchbook ingest` as a function: walk result folders, recognise each file's format by content, parse it into
// warehouse rows (or quarantine it with a reason), and merge everything into the warehouse through the writer.
// Files already ingested with the same content hash are not parsed again; a changed file replaces its own rows.
import {createHash} from "node:crypto";
import {existsSync, readFileSync, statSync} from "node:fs";
import {readdir, stat} from "node:fs/promises";
import {basename, dirname, join, relative, resolve, sep} from "node:path";
import {CliError, InputError} from "../errors.ts";
import {FORMATS} from "../formats/index.ts";
import type {FileContext, Format, TableRows} from "../formats/types.ts";
import {Db, sqlString, tablePath, type Row} from "../warehouse/db.ts";
import {WarehouseWriter, type WriteSummary} from "../warehouse/writer.ts";
import {parseJsonText} from "./json-text.ts";

/** Files larger than this are quarantined unread: no results file of any supported format comes close. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Bytes inspected for NUL characters to tell binary files (Parquet, images) from text. */
const BINARY_SNIFF_BYTES = 8192;
/** Files parsed before the first intermediate commit of the warehouse (later intervals double, see ingestPaths). */
export const CHECKPOINT_FILES = 10_000;
/** Extensions of files that are meant to hold JSON: when such a file does not parse it is quarantined, not skipped. */
const JSON_EXTENSIONS = /\.(json|jsonl)$/i;

/** What became of one file (`files.outcome`). */
export const OUTCOMES = ["parsed", "quarantined", "unrecognised", "binary", "empty"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type IngestProgress = {done: number; total: number; file: string};

export type IngestOptions = {
  warehouse: string;
  /** Agent whose patches the `agent` measurements belong to (default: derived from each root folder's name). */
  agent?: string;
  /** Run set name (default: each root folder's name). */
  runSet?: string;
  onProgress?: (p: IngestProgress) => void;
  /** Formats to try, in order (default: the registry). */
  formats?: Format[];
  /** Files between warehouse commits (default CHECKPOINT_FILES). */
  checkpointFiles?: number;
  /** Parse every file again even when its hash is already in the warehouse (after a format was added or fixed). */
  force?: boolean;
  /** Stops after the file being read; the files read so far are committed (Ctrl-C in the CLI). */
  signal?: AbortSignal;
};

export type SourceCount = {files: number; measurements: number; metrics: number};

export type IngestSummary = {
  /** Files looked at (every file under the paths). */
  files: number;
  bytes: number;
  parsed: number;
  unchanged: number;
  unrecognised: number;
  quarantined: number;
  measurements: number;
  metrics: number;
  dataQuality: number;
  perSource: Record<string, SourceCount>;
  perStatus: Record<string, number>;
  quarantine: {file: string; reason: string}[];
  warehouse: WriteSummary;
  seconds: number;
  /** True when the signal stopped the ingest early: what was read is committed, a re-run reads the rest. */
  interrupted: boolean;
};

/** Agent name from a run-set folder: `omniperf_results_3way_claude_code` / `iso_bench_results_3way_claude_code` → `claude_code`. */
export function deriveAgent(folderName: string): string {
  const m = /(?:^|_)3way_(.+)$/.exec(folderName);
  return m ? m[1] : folderName;
}

type Root = {root: string; file: string | null; runSet: string; agent: string};

async function roots(paths: string[], opts: IngestOptions): Promise<Root[]> {
  const out: Root[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new CliError(`benchbook ingest: ${p}: no such file or folder`);
    const root = st.isDirectory() ? abs : dirname(abs);
    const name = basename(root);
    out.push({root, file: st.isDirectory() ? null : abs, runSet: opts.runSet ?? name, agent: opts.agent ?? deriveAgent(name)});
  }
  return out;
}

/** Every regular file under `dir`, sorted, skipping hidden entries (.git, .DS_Store). */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, {withFileTypes: true})).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Hashes of the files already in the warehouse, keyed by run set and path. */
async function knownHashes(warehouse: string): Promise<Map<string, string>> {
  const path = tablePath(warehouse, "files");
  const known = new Map<string, string>();
  if (!existsSync(path)) return known;
  const db = await Db.open();
  try {
    for (const r of await db.all<{run_set: string; file: string; file_sha256: string}>(
      `SELECT run_set, file, file_sha256 FROM read_parquet(${sqlString(path)})`
    )) {
      known.set(key(r.run_set, r.file), r.file_sha256);
    }
  } finally {
    db.close();
  }
  return known;
}

function key(runSet: string, file: string): string {
  return `${runSet}\u0000${file}`;
}

type Job = {abs: string; rel: string; root: Root};

/** What one file contributes: its rows, or its quarantine reason. Pure apart from the bytes given. */
export function processFile(
  bytes: Uint8Array,
  ctx: FileContext,
  formats: Format[]
): {outcome: Outcome; format: string | null; tables: TableRows; reason?: string; detail?: string} {
  if (bytes.length === 0) {
    return JSON_EXTENSIONS.test(ctx.path)
      ? {outcome: "quarantined", format: null, tables: {}, reason: `${ctx.path}: the file is empty (expected a JSON results object)`}
      : {outcome: "empty", format: null, tables: {}};
  }
  if (bytes.length > MAX_FILE_BYTES) return tooLarge(ctx, bytes.length);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return {outcome: "binary", format: null, tables: {}};
  // A UTF-8 byte-order mark (Windows editors write one) is not part of the content.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString("utf8");
  const first = text[firstNonSpace(text)];
  let json: unknown;
  let jsonError: {message: string; excerpt: string} | null = null;
  let pythonNonFinite = false;
  if (first === "{" || first === "[") {
    const parsed = parseJsonText(text);
    if (parsed.ok) {
      json = parsed.json;
      pythonNonFinite = parsed.pythonNonFinite;
    } else jsonError = parsed;
  }
  for (const format of formats) {
    let d;
    try {
      d = format.detect({path: ctx.path, text, json});
    } catch {
      continue;
    }
    if (d.match) {
      try {
        const {tables, warnings} = format.parse({text, json}, ctx);
        if (pythonNonFinite) noteNonStandardJson(tables, ctx);
        for (const warning of warnings ?? []) noteFile(tables, ctx, warning, "");
        return {outcome: "parsed", format: format.name, tables};
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return {outcome: "quarantined", format: format.name, tables: {}, reason: error.message, detail: `format ${format.name}`};
      }
    }
    if (d.broken) {
      const reason = jsonError ? `${ctx.path}: ${jsonError.message}` : `${ctx.path}: looks like a ${format.name} results file but cannot be read`;
      return {outcome: "quarantined", format: format.name, tables: {}, reason, detail: jsonError?.excerpt};
    }
  }
  if (jsonError && JSON_EXTENSIONS.test(ctx.path)) {
    return {outcome: "quarantined", format: null, tables: {}, reason: `${ctx.path}: ${jsonError.message}`, detail: jsonError.excerpt};
  }
  return {outcome: "unrecognised", format: null, tables: {}};
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  return i;
}

function tooLarge(ctx: FileContext, size: number): ReturnType<typeof processFile> {
  const reason = `${ctx.path}: ${size} bytes is larger than the ${MAX_FILE_BYTES}-byte limit for a results file (not read)`;
  return {outcome: "quarantined", format: null, tables: {}, reason};
}

/** A data_quality note about the whole file (a format's parse warning, non-standard JSON). */
function noteFile(tables: TableRows, ctx: FileContext, reason: string, valueText: string): void {
  (tables.data_quality ??= []).push({
    run_set: ctx.runSet,
    measurement_id: null,
    file: ctx.path,
    field: "(file)",
    metric: null,
    value_text: valueText,
    reason
  });
}

function noteNonStandardJson(tables: TableRows, ctx: FileContext): void {
  noteFile(tables, ctx, "bare NaN/Infinity tokens (Python json.dump) are not JSON; they were read as non-finite values", "NaN/Infinity");
}

/** Ingests files and folders into the warehouse; see the module header. */
export async function ingestPaths(paths: string[], opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const formats = opts.formats ?? FORMATS;
  const jobs: Job[] = [];
  for (const root of await roots(paths, opts)) {
    const files = root.file ? [root.file] : await walk(root.root);
    for (const abs of files) jobs.push({abs, rel: relative(root.root, abs).split(sep).join("/"), root});
  }
  const known = opts.force ? new Map<string, string>() : await knownHashes(opts.warehouse);
  const summary: IngestSummary = {
    files: jobs.length,
    bytes: 0,
    parsed: 0,
    unchanged: 0,
    unrecognised: 0,
    quarantined: 0,
    measurements: 0,
    metrics: 0,
    dataQuality: 0,
    perSource: {},
    perStatus: {},
    quarantine: [],
    warehouse: {tables: {}, replacedFiles: 0},
    seconds: 0,
    interrupted: false
  };
  let writer = await WarehouseWriter.open(opts.warehouse);
  let staged = 0;
  let committed = 0;
  try {
    const seen = new Set<string>();
    for (let k = 0; k < jobs.length; k++) {
      if (opts.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      const job = jobs[k];
      // Synchronous reads: result files are small, and one blocking read costs less than four thread-pool trips.
      const size = statSync(job.abs).size;
      // An oversized file is never read: it is quarantined by size, its hash standing for "unread, this size".
      const bytes = size > MAX_FILE_BYTES ? null : readFileSync(job.abs);
      summary.bytes += size;
      opts.onProgress?.({done: k, total: jobs.length, file: job.rel});
      const k2 = key(job.root.runSet, job.rel);
      if (seen.has(k2)) continue; // the same file named twice on the command line
      seen.add(k2);
      const sha256 = bytes ? createHash("sha256").update(bytes).digest("hex") : `unread-${size}`;
      if (known.get(k2) === sha256) {
        summary.unchanged++;
        continue;
      }
      const ctx: FileContext = {
        path: job.rel,
        folder: basename(dirname(job.abs)),
        runSet: job.root.runSet,
        agent: job.root.agent,
        sha256
      };
      const result = bytes ? processFile(bytes, ctx, formats) : tooLarge(ctx, size);
      const tables: TableRows = result.tables;
      const fileRow: Row = {
        run_set: ctx.runSet,
        // Relative to the working directory, so the same layout on another machine gives the same bytes.
        root: relative(process.cwd(), job.root.root).split(sep).join("/") || ".",
        file: ctx.path,
        file_sha256: sha256,
        bytes: size,
        format: result.format,
        outcome: result.outcome,
        rows: Object.values(tables).reduce((s, rows) => s + rows.length, 0)
      };
      tables.files = [fileRow];
      if (result.outcome === "quarantined") {
        tables.quarantine = [
          {run_set: ctx.runSet, file: ctx.path, file_sha256: sha256, format: result.format, reason: result.reason, detail: result.detail ?? null}
        ];
        summary.quarantined++;
        summary.quarantine.push({file: ctx.path, reason: result.reason!});
      } else if (result.outcome === "parsed") summary.parsed++;
      else summary.unrecognised++;
      tally(summary, tables);
      await writer.add({file: ctx.path, file_sha256: sha256, run_set: ctx.runSet, tables});
      // Checkpoint: an interrupted ingest keeps what was committed, and the re-run skips those files by hash. Each
      // commit rewrites the tables, so the interval doubles with what is committed: all checkpoints together cost at
      // most about one final commit.
      if (++staged >= Math.max(opts.checkpointFiles ?? CHECKPOINT_FILES, committed)) {
        await writer.commit();
        writer.close();
        writer = await WarehouseWriter.open(opts.warehouse);
        committed += staged;
        staged = 0;
      }
    }
    if (!summary.interrupted) opts.onProgress?.({done: jobs.length, total: jobs.length, file: ""});
    summary.warehouse = await writer.commit();
  } finally {
    writer.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function tally(summary: IngestSummary, tables: TableRows): void {
  const measurements = tables.measurements ?? [];
  const metrics = tables.metrics ?? [];
  summary.measurements += measurements.length;
  summary.metrics += metrics.length;
  summary.dataQuality += (tables.data_quality ?? []).length;
  const source = String(measurements[0]?.source ?? "");
  if (source) {
    const s = (summary.perSource[source] ??= {files: 0, measurements: 0, metrics: 0});
    s.files++;
    s.measurements += measurements.length;
    s.metrics += metrics.length;
  }
  for (const m of measurements) {
    const status = String(m.status);
    summary.perStatus[status] = (summary.perStatus[status] ?? 0) + 1;
  }
}

/** The one-paragraph summary the CLI prints. */
export function formatSummary(s: IngestSummary, warehouse: string): string {
  const size = s.bytes >= 1e6 ? `${(s.bytes / 1e6).toFixed(1)} MB` : `${(s.bytes / 1e3).toFixed(1)} kB`;
  const sources = Object.entries(s.perSource)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, c]) => `${name} ${c.files} files/${c.measurements} measurements/${c.metrics} metrics`)
    .join(", ");
  const statuses = Object.entries(s.perStatus)
    .sort(([, a], [, b]) => b - a)
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
  const parts = [
    s.interrupted ? "Interrupted: the files read so far are in the warehouse; run the same command again to read the rest." : "",
    `Read ${s.files} files (${size}) in ${s.seconds.toFixed(1)} s:`,
    `${s.parsed} parsed, ${s.unchanged} unchanged since the last ingest, ${s.unrecognised} not results files, ${s.quarantined} quarantined.`,
    `New rows: ${s.measurements} measurements, ${s.metrics} metrics, ${s.dataQuality} data-quality notes.`,
    sources ? `Per source: ${sources}.` : "",
    statuses ? `Measurement status: ${statuses}.` : "",
    s.quarantine.length ? `Quarantined: ${s.quarantine.map((q) => q.reason).join(" | ")}.` : "",
    `Warehouse ${warehouse} now holds ${Object.entries(s.warehouse.tables).map(([t, n]) => `${t} ${n}`).join(", ")}.`
  ];
  return parts.filter(Boolean).join(" ");
}
