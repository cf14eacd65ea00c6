// `benchbook ingest` as a function: walk result folders, recognise each file's format by content, parse it into
// warehouse rows (or quarantine it with a reason), and merge everything into the warehouse through the writer.
// Files already ingested with the same content hash are not parsed again; a changed file replaces its own rows.
// Large ingests parse on worker threads (pool.ts); either way rows are staged on disk and committed at checkpoints.
import {existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, type Dirent} from "node:fs";
import {stat} from "node:fs/promises";
import {availableParallelism, tmpdir} from "node:os";
import {basename, dirname, join, relative, resolve, sep} from "node:path";
import {CliError, systemErrorCode} from "../errors.ts";
import type {Format} from "../formats/types.ts";
import {FORMATS} from "../formats/index.ts";
import {Db, sqlString, tablePath} from "../warehouse/db.ts";
import {WarehouseWriter, type WriteSummary} from "../warehouse/writer.ts";
import {type FileJob, type FileResult} from "./file.ts";
import {FilePool, type BatchResult} from "./pool.ts";

/**
 * Checkpoints: the warehouse is committed once this many seconds of reading have passed since the last commit, so a
 * crash loses at most about this much work (Ctrl-C loses nothing: it commits what was read).
 */
export const CHECKPOINT_SECONDS = 60;
/**
 * …and not before reading has taken this many times as long as the last commit did: every commit rewrites the
 * tables, so without this bound checkpoints of a growing warehouse would cost more than the reading.
 */
const CHECKPOINT_COST_FACTOR = 10;
/** Fewer files than this are read on the main thread alone: starting worker threads costs more than it saves. */
export const PARALLEL_MIN_FILES = 2000;
/** Quarantined files the summary names; the rest are counted (quarantine.parquet has every one, with its reason). */
export const QUARANTINE_LISTED = 5;
/** Files a thread takes at a time when workers help: enough to amortise a message, few enough to end together. */
const WORKER_BATCH_FILES = 32;

export type IngestProgress = {done: number; total: number; file: string};

export type IngestOptions = {
  warehouse: string;
  /** Agent whose patches the `agent` measurements belong to (default: derived from each root folder's name). */
  agent?: string;
  /** Run set name (default: each root folder's name). */
  runSet?: string;
  onProgress?: (p: IngestProgress) => void;
  /** Called as each commit begins (checkpoints and the last one), which at scale takes a while after the last file. */
  onCommit?: () => void;
  /** Formats to try, in order (default: the registry). A custom list is read on the main thread. */
  formats?: Format[];
  /** Commit the warehouse every this many files (default: by time, see CHECKPOINT_SECONDS). */
  checkpointFiles?: number;
  /**
   * Threads that parse files, the main thread included: 1 reads on the main thread alone. Default: one per CPU when
   * there are PARALLEL_MIN_FILES files or more, else 1.
   */
  threads?: number;
  /** Parse every file again even when its hash is already in the warehouse (after a format was added or fixed). */
  force?: boolean;
  /** Stops after the files being read; the files read so far are committed (Ctrl-C in the CLI). */
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
  /** The first QUARANTINE_LISTED quarantined files in listing order (all of them are in quarantine.parquet). */
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
    // A default run set is the folder's name whatever else the command names, so that a later ingest of the folder
    // finds its files again; two different folders of one name would silently share one run set and agent.
    const twin = opts.runSet === undefined ? out.find((r) => r.root !== root && basename(r.root) === name) : undefined;
    if (twin) {
      throw new CliError(
        `benchbook ingest: ${twin.root} and ${root} are both folders named ${name}, whose default run set would be one: ` +
          `pass --run-set to ingest them as one run set, or ingest them in separate commands to keep them apart`
      );
    }
    out.push({root, file: st.isDirectory() ? null : abs, runSet: opts.runSet ?? name, agent: opts.agent ?? deriveAgent(name)});
  }
  return out;
}

/**
 * A file found by walk: its path, its path relative to the walked root (forward slashes), its folder's name; or a
 * folder that could not be listed, with why (`unlisted`), so that ingest quarantines it instead of stopping.
 */
type Found = {abs: string; rel: string; folder: string; unlisted?: string};

/**
 * Every regular file under `dir`, sorted, skipping hidden entries (.git, .DS_Store), as the ingest takes them: only
 * the listings of the folders being walked are held, so memory does not grow with the number of files. Synchronous:
 * a tree of small folders would otherwise cost a thread-pool trip per folder.
 * Symbolic links are followed where they lead out of the trees being walked (results linked in from elsewhere). A
 * link to a file or folder inside them is skipped: what it names is listed under its own path already, and a
 * `latest -> run-…` link beside the runs would otherwise ingest that run twice, as repeats that agree perfectly (and a
 * link back up would loop). A folder outside is walked once, however many links lead to it. A broken link is listed
 * like a file, so that ingest quarantines it as unreadable instead of leaving it out unseen.
 */
function* walk(dir: string, rel = "", links = new LinkWalk(dir), trees = [links.root]): Generator<Found> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, {withFileTypes: true});
  } catch (error) {
    // A folder of the tree that cannot be listed (another user's, or removed meanwhile) is reported, not fatal.
    if (!systemErrorCode(error)) throw error;
    if (!rel) throw new CliError(`benchbook ingest: ${dir}: the folder could not be listed (${(error as Error).message})`);
    yield {abs: dir, rel, folder: basename(dirname(dir)), unlisted: (error as Error).message};
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // `dir` is absolute and normal and an entry's name has no separator: paths are joined without path.join's
  // normalising, which was most of the listing's time on a tree of 40,000 files in 10,000 folders.
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  const folder = basename(dir);
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    const abs = prefix + e.name;
    if (e.isDirectory()) yield* walk(abs, path, links, trees);
    else if (e.isFile()) yield {abs, rel: path, folder};
    else if (e.isSymbolicLink()) {
      const target = links.follow(abs, trees);
      if (target === "broken") yield {abs, rel: path, folder};
      else if (target?.dir) yield* walk(abs, path, links, [...trees, target.real]);
      else if (target) yield {abs, rel: path, folder};
    }
  }
}

/** The links walk has followed: the root's real path, and the folders outside it already walked through a link. */
class LinkWalk {
  readonly root: string;
  private readonly entered = new Set<string>();

  constructor(dir: string) {
    this.root = realpathSync(dir);
  }

  /**
   * Where a link leads when walk should follow it, given the real paths of the trees being walked; null to skip it;
   * "broken" when nothing is there.
   */
  follow(link: string, trees: string[]): {real: string; dir: boolean} | null | "broken" {
    let real: string;
    let dir: boolean;
    try {
      real = realpathSync(link);
      dir = statSync(real).isDirectory();
    } catch {
      return "broken";
    }
    if (trees.some((tree) => real === tree || real.startsWith(tree.endsWith(sep) ? tree : tree + sep))) return null;
    if (dir) {
      if (this.entered.has(real)) return null;
      this.entered.add(real);
    }
    return {real, dir};
  }
}

/**
 * The files of every root as jobs, in order; the same file named twice (by several paths) is listed once. Two
 * different files at one warehouse key (one --run-set for folders that hold the same paths) stop the ingest before
 * its commit: one would silently replace the other.
 */
function* listJobs(rootList: Root[], known: Map<string, string>): Generator<FileJob> {
  // Only several paths can name a file twice, and only a warehouse that has files knows hashes: the keys are not made
  // otherwise (40,000 strings at 100x the corpus).
  const seen = rootList.length > 1 ? new Map<string, string>() : null;
  let index = 0;
  for (const root of rootList) {
    // Relative to the working directory, so the same layout on another machine gives the same bytes.
    const rootRel = relative(process.cwd(), root.root).split(sep).join("/") || ".";
    const found: Iterable<Found> = root.file ? [{abs: root.file, rel: basename(root.file), folder: basename(root.root)}] : walk(root.root);
    for (const {abs, rel, folder, unlisted} of found) {
      const k = seen || known.size ? key(root.runSet, rel) : null;
      if (seen && k !== null) {
        const other = seen.get(k);
        if (other === abs) continue;
        if (other !== undefined) {
          throw new CliError(
            `benchbook ingest: ${other} and ${abs} would both be ${rel} in run set ${root.runSet}: ingest the folders in separate commands, each with its own --run-set`
          );
        }
        seen.set(k, abs);
      }
      const knownSha256 = k !== null ? (known.get(k) ?? null) : null;
      yield {index: index++, abs, rel, folder, runSet: root.runSet, agent: root.agent, root: rootRel, knownSha256, ...(unlisted ? {unlisted} : {})};
    }
  }
}

/**
 * Jobs taken from the listing a batch at a time; `total` is the number of files once the listing is done, and until
 * then the count made for the progress bar (or the files listed so far).
 */
class JobQueue {
  private readonly ahead: FileJob[] = [];
  listed = 0;
  done = false;

  constructor(
    private readonly jobs: Iterator<FileJob>,
    private counted: number | null
  ) {}

  get total(): number {
    return this.done ? this.listed : Math.max(this.counted ?? 0, this.listed);
  }

  /** Lists up to `n` jobs ahead of the ones taken (without taking them); returns how many are waiting. */
  lookAhead(n: number): number {
    while (this.ahead.length < n && this.pull()) {}
    return this.ahead.length;
  }

  /** Up to `n` jobs, in order; none once the listing is done. */
  take(n: number): FileJob[] {
    this.lookAhead(n);
    return this.ahead.splice(0, n);
  }

  get empty(): boolean {
    return this.lookAhead(1) === 0;
  }

  private pull(): boolean {
    if (this.done) return false;
    const next = this.jobs.next();
    if (next.done) this.done = true;
    else {
      this.listed++;
      this.ahead.push(next.value);
    }
    return !next.done;
  }
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

/** Ingests files and folders into the warehouse; see the module header. */
export async function ingestPaths(paths: string[], opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const known = opts.force ? new Map<string, string>() : await knownHashes(opts.warehouse);
  const stageDir = mkdtempSync(join(tmpdir(), "benchbook-ingest-"));
  // Worker threads read with the registered formats only, so a custom list stays on the main thread. Without a
  // thread count, workers help from PARALLEL_MIN_FILES files on: they are started as soon as the listing has found
  // that many, and load while it goes on.
  let pool: FilePool | null = null;
  const startPool = (threads: number): FilePool =>
    (pool ??= new FilePool(stageDir, opts.formats ?? FORMATS, Math.max(0, Math.floor(threads) - 1)));
  let jobs: JobQueue;
  try {
    if (opts.formats) startPool(1);
    else if (opts.threads !== undefined) startPool(opts.threads);
    const rootList = await roots(paths, opts);
    // The progress bar's total: the files are counted first, by the same walk that lists them for reading (about
    // 3 ms per 1,000 files), and workers start as soon as the count reaches PARALLEL_MIN_FILES, loading meanwhile.
    let counted: number | null = null;
    if (opts.onProgress) {
      counted = 0;
      for (const root of rootList) {
        for (const _ of root.file ? [root.file] : walk(root.root)) {
          if (++counted === PARALLEL_MIN_FILES) startPool(availableParallelism());
        }
      }
    }
    jobs = new JobQueue(listJobs(rootList, known), counted);
    // Without a count, the listing runs ahead far enough to tell a large ingest from a small one.
    if (!pool) startPool(jobs.lookAhead(PARALLEL_MIN_FILES) >= PARALLEL_MIN_FILES ? availableParallelism() : 1);
  } catch (error) {
    await (pool as FilePool | null)?.close();
    rmSync(stageDir, {recursive: true, force: true});
    throw error;
  }
  return await ingestJobs(jobs, startPool(1), stageDir, opts, started);
}

/** Reads the listed files on the pool's threads and commits their rows; removes the stage folder. */
async function ingestJobs(jobs: JobQueue, pool: FilePool, stageDir: string, opts: IngestOptions, started: number): Promise<IngestSummary> {
  const summary: IngestSummary = {
    files: 0,
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
  let writer: WarehouseWriter | null = null;
  const batchFiles = pool.workerCount ? WORKER_BATCH_FILES : 1;
  const quarantine: {index: number; file: string; reason: string}[] = [];
  let sinceCommit = performance.now();
  // Files read since the last commit.
  let sinceCommitFiles = 0;
  let lastCommitMs = 0;
  let done = 0;
  const commit = async (): Promise<WriteSummary> => {
    opts.onCommit?.();
    writer!.load(await pool.rotate());
    const t = performance.now();
    const written = await writer!.commit();
    lastCommitMs = performance.now() - t;
    sinceCommit = performance.now();
    sinceCommitFiles = 0;
    return written;
  };
  const due = (): boolean =>
    opts.checkpointFiles
      ? sinceCommitFiles >= opts.checkpointFiles
      : performance.now() - sinceCommit >= Math.max(CHECKPOINT_SECONDS * 1000, CHECKPOINT_COST_FACTOR * lastCommitMs);
  const take = ({results, finished}: BatchResult): void => {
    writer!.load(finished);
    for (const r of results) {
      done++;
      summary.bytes += r.bytes;
      opts.onProgress?.({done, total: jobs.total, file: r.rel});
      if (r.outcome === "unchanged") {
        summary.unchanged++;
        continue;
      }
      // Its rows replace the warehouse's rows for the same file.
      writer!.claim([{run_set: r.runSet, file: r.rel}]);
      sinceCommitFiles++;
      if (r.outcome === "quarantined") {
        summary.quarantined++;
        quarantine.push({index: r.index, file: r.rel, reason: r.reason!});
        // Only the first few are kept: results come about in listing order, a few batches apart.
        if (quarantine.length > 4 * QUARANTINE_LISTED) quarantine.sort((a, b) => a.index - b.index).length = QUARANTINE_LISTED;
      } else if (r.outcome === "parsed") summary.parsed++;
      else summary.unrecognised++;
      tally(summary, r);
    }
  };
  try {
    writer = await WarehouseWriter.open(opts.warehouse);
    // Batches in flight while a thread can take one; results are tallied as they come, in any order (the sums do not care).
    const inFlight = new Set<Promise<void>>();
    while (!jobs.empty || inFlight.size) {
      while (pool.idle && !opts.signal?.aborted && !jobs.empty) {
        const batch = jobs.take(batchFiles);
        const p: Promise<void> = pool.run(batch).then(take).finally(() => inFlight.delete(p));
        inFlight.add(p);
        p.catch(() => {}); // handled: the race below throws the first failure; later ones add nothing
      }
      if (!inFlight.size) break;
      await Promise.race(inFlight);
      // Checkpoint: an interrupted or crashed ingest keeps what was committed, and the re-run skips those files.
      if (due() && !jobs.empty && !opts.signal?.aborted) {
        await Promise.all(inFlight);
        await commit();
      }
    }
    summary.interrupted = !jobs.empty;
    summary.files = jobs.total;
    summary.warehouse = await commit();
  } finally {
    await pool.close();
    writer?.close();
    rmSync(stageDir, {recursive: true, force: true});
  }
  summary.quarantine = quarantine
    .sort((a, b) => a.index - b.index)
    .slice(0, QUARANTINE_LISTED)
    .map(({file, reason}) => ({file, reason}));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function tally(summary: IngestSummary, r: FileResult): void {
  summary.measurements += r.measurements;
  summary.metrics += r.metrics;
  summary.dataQuality += r.dataQuality;
  if (r.source) {
    const s = (summary.perSource[r.source] ??= {files: 0, measurements: 0, metrics: 0});
    s.files++;
    s.measurements += r.measurements;
    s.metrics += r.metrics;
  }
  for (const [status, n] of Object.entries(r.statuses)) summary.perStatus[status] = (summary.perStatus[status] ?? 0) + n;
}

function moreQuarantined(s: IngestSummary): string {
  const more = s.quarantined - s.quarantine.length;
  return more > 0 ? ` | and ${more} more (every one, with its reason, in quarantine.parquet)` : "";
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
    s.quarantine.length ? `Quarantined: ${s.quarantine.map((q) => q.reason).join(" | ")}${moreQuarantined(s)}.` : "",
    `Warehouse ${warehouse} now holds ${Object.entries(s.warehouse.tables).map(([t, n]) => `${t} ${n}`).join(", ") || "no tables (no files were found)"}.`
  ];
  return parts.filter(Boolean).join(" ");
}
