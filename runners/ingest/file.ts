// One file's way into the warehouse, the same on the main thread and in ingest's worker threads: read it, hash it,
// skip it when its hash is already in the warehouse, recognise its format by content and parse it (or quarantine it
// with a reason), and stage its rows. What comes back is small: the counts the ingest summary is tallied from.
import {hash} from "node:crypto";
import {closeSync, fstatSync, openSync, readSync} from "node:fs";
import {InputError, systemErrorCode} from "../errors.ts";
import type {FileContext, Format, TableRows} from "../formats/types.ts";
import type {RowStage} from "../warehouse/stage.ts";
import {parseJsonText, PYTHON_NON_FINITE_NOTE} from "./json-text.ts";

/** Files larger than this are quarantined unread: no results file of any supported format comes close. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Bytes inspected for NUL characters to tell binary files (Parquet, images) from text. */
const BINARY_SNIFF_BYTES = 8192;
/** Extensions of files that are meant to hold JSON: when such a file does not parse it is quarantined, not skipped. */
const JSON_EXTENSIONS = /\.(json|jsonl)$/i;

/** What became of one file (`files.outcome`). */
export const OUTCOMES = ["parsed", "quarantined", "unrecognised", "binary", "empty"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One file to ingest. Plain data, so it can be posted to a worker thread. */
export type FileJob = {
  /** Position in the ingest's sorted file list (results are reported in this order). */
  index: number;
  abs: string;
  /** Path relative to the ingested root, with forward slashes. */
  rel: string;
  /** Name of the folder that holds the file. */
  folder: string;
  runSet: string;
  agent: string;
  /** The ingested root relative to the working directory (`files.root`). */
  root: string;
  /** The file's hash as the warehouse has it: an equal hash means the file is unchanged and is not parsed. */
  knownSha256: string | null;
  /** Set when this is a folder that could not be listed: why (it is quarantined with that reason). */
  unlisted?: string;
};

/** What one file contributed; rows themselves went to the stage. */
export type FileResult = {
  index: number;
  rel: string;
  runSet: string;
  outcome: Outcome | "unchanged";
  bytes: number;
  source: string | null;
  measurements: number;
  metrics: number;
  dataQuality: number;
  /** Measurements per status. */
  statuses: Record<string, number>;
  reason?: string;
};

/** Reads, recognises, parses and stages one file (see the module header). */
export function ingestFile(job: FileJob, stage: RowStage, formats: Format[]): FileResult {
  const {size, bytes, unreadable} = job.unlisted
    ? {size: 0, bytes: null, unreadable: `${job.rel}: the folder could not be listed (${job.unlisted})`}
    : readJob(job);
  const sha256 = unreadable ? "unreadable" : bytes ? hash("sha256", bytes, "hex") : `unread-${size}`;
  const base = {index: job.index, rel: job.rel, runSet: job.runSet, bytes: size};
  if (job.knownSha256 === sha256 && !unreadable) {
    return {...base, outcome: "unchanged", source: null, measurements: 0, metrics: 0, dataQuality: 0, statuses: {}};
  }
  const ctx: FileContext = {path: job.rel, folder: job.folder, runSet: job.runSet, agent: job.agent, sha256};
  const result: ReturnType<typeof processFile> = unreadable
    ? {outcome: "quarantined", format: null, tables: {}, reason: unreadable}
    : bytes
      ? processFile(bytes, ctx, formats)
      : tooLarge(ctx, size);
  const tables = result.tables;
  tables.files = [
    {
      run_set: ctx.runSet,
      root: job.root,
      file: ctx.path,
      file_sha256: sha256,
      bytes: size,
      format: result.format,
      outcome: result.outcome,
      rows: Object.values(tables).reduce((s, rows) => s + rows.length, 0)
    }
  ];
  if (result.outcome === "quarantined") {
    tables.quarantine = [
      {run_set: ctx.runSet, file: ctx.path, file_sha256: sha256, format: result.format, reason: result.reason, detail: result.detail ?? null}
    ];
  }
  stage.add(tables);
  const measurements = tables.measurements ?? [];
  const statuses: Record<string, number> = {};
  for (const m of measurements) statuses[String(m.status)] = (statuses[String(m.status)] ?? 0) + 1;
  return {
    ...base,
    outcome: result.outcome,
    source: measurements.length ? String(measurements[0].source ?? "") || null : null,
    measurements: measurements.length,
    metrics: (tables.metrics ?? []).length,
    dataQuality: (tables.data_quality ?? []).length,
    statuses,
    reason: result.reason
  };
}

/** A file's size and bytes (none when it is over the size limit), or why it could not be read. */
function readJob(job: FileJob): {size: number; bytes: Buffer | null; unreadable: string | null} {
  try {
    // One open for the size and the bytes: an oversized file is never read; it is quarantined by size, its hash
    // standing for "unread, this size".
    const fd = openSync(job.abs, "r");
    try {
      const size = fstatSync(fd).size;
      return {size, bytes: size <= MAX_FILE_BYTES ? readAll(fd, size) : null, unreadable: null};
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // Gone since the folder was listed, or not readable: quarantined like any other file that cannot be read.
    const code = systemErrorCode(error);
    if (!code) throw error;
    return {size: 0, bytes: null, unreadable: `${job.rel}: the file could not be read (${code}: ${(error as Error).message})`};
  }
}

/**
 * One read buffer per thread, reused from file to file: a fresh buffer per file costs an allocation and the page
 * faults of touching new memory, for bytes that live only until they are hashed and decoded. A buffer grown for an
 * unusually large file is dropped again afterwards.
 */
let readBuffer = Buffer.allocUnsafe(1 << 20);
const KEEP_READ_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * Reads the `size` bytes fstat reported, as readFileSync does (fewer if the file shrank meanwhile; a file still being
 * written is read as far as it was). Stopping at `size` saves the read that would only find the end: one system call
 * of five per file. The bytes are valid until the next call: ingestFile hashes and decodes them before it reads another.
 */
function readAll(fd: number, size: number): Buffer {
  if (readBuffer.length > KEEP_READ_BUFFER_BYTES && size < KEEP_READ_BUFFER_BYTES) readBuffer = Buffer.allocUnsafe(1 << 20);
  if (readBuffer.length < size) readBuffer = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, readBuffer, n, size - n, null);
    if (got === 0) break;
    n += got;
  }
  return readBuffer.subarray(0, n);
}

/** What one file's bytes contribute: its rows, or its quarantine reason. Pure apart from the bytes given. */
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
        // A JSON Lines format notes bare NaN/Infinity itself (the whole text is not JSON there): noted once.
        if (pythonNonFinite && !warnings?.includes(PYTHON_NON_FINITE_NOTE)) noteFile(tables, ctx, PYTHON_NON_FINITE_NOTE, "NaN/Infinity");
        for (const warning of warnings ?? []) noteFile(tables, ctx, warning, warning === PYTHON_NON_FINITE_NOTE ? "NaN/Infinity" : "");
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
