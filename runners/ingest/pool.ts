// Where ingest's per-file work runs: on the main thread, helped for large ingests by worker threads (one per further
// CPU), since parsing is most of an ingest's time. Every thread stages rows with the same ingestFile into its own
// NDJSON files in the stage folder, and a checkpoint collects the files staged so far (`rotate`) for the warehouse
// writer. Rows never cross threads; only file paths and counts do.
import {setImmediate as yieldToEvents} from "node:timers/promises";
import {Worker} from "node:worker_threads";
import type {Format} from "../formats/types.ts";
import {mergeStaged, RowStage, STAGE_ROLL_CHARS, type StagedFiles} from "../warehouse/stage.ts";
import {ingestFile, type FileJob, type FileResult} from "./file.ts";
import {cachedWorkerBundle, workerBundle} from "./worker-bundle.ts";

export type WorkerData = {stageDir: string; name: string};
export type ToWorker = {type: "jobs"; jobs: FileJob[]} | {type: "rotate"};
export type ToMain =
  | {type: "results"; results: FileResult[]; finished: StagedFiles}
  | {type: "staged"; staged: StagedFiles}
  | {type: "error"; file: string; message: string};

/** What a batch gave: per-file results, and the stage files that were finished meanwhile (ready to load). */
export type BatchResult = {results: FileResult[]; finished: StagedFiles};

/**
 * Batches queued on a worker at once: while it works on one, the next ones are already there, so it never waits for
 * the main thread (busy with batches of its own and with the writer) to send more. With 2 the worker read 40% of
 * the files at 100× the corpus on 2 CPUs, with 4 about half.
 */
const WORKER_QUEUE = 4;

type WorkerSlot = {worker: Worker; replies: ((m: ToMain) => void)[]; failed: Error | null};

/** The main thread plus `workers` worker threads (runners/ingest/worker.ts, which read with the registered formats). */
export class FilePool {
  private mainBusy = false;
  private generation = 0;
  private stage: RowStage;
  private readonly workers: WorkerSlot[] = [];
  /** Workers still waiting for their bundle to be built. */
  private pendingWorkers = 0;
  /** Settles when the workers are started: the main thread reads meanwhile, so a bundling costs no wall time. */
  private readonly started: Promise<void>;

  /** Starts the worker threads at once when their bundle is cached, else as soon as it is built. */
  constructor(
    private readonly stageDir: string,
    private readonly formats: Format[],
    workers: number
  ) {
    this.stage = new RowStage(stageDir, "main-0-", STAGE_ROLL_CHARS);
    const cached = workers ? cachedWorkerBundle() : null;
    if (cached) this.spawn(cached, workers);
    else this.pendingWorkers = workers;
    this.started =
      workers && !cached
        ? workerBundle(stageDir).then((script) => {
            this.pendingWorkers = 0;
            this.spawn(script, workers);
          })
        : Promise.resolve();
    this.started.catch(() => {}); // handled: rotate() and close() await it and report the failure
  }

  /** Worker threads besides the main thread. */
  get workerCount(): number {
    return this.workers.length + this.pendingWorkers;
  }

  /** Resolves when the worker threads are started (at once when there are none). */
  ready(): Promise<void> {
    return this.started;
  }

  private spawn(script: URL, count: number): void {
    for (let k = 0; k < count; k++) {
      const data: WorkerData = {stageDir: this.stageDir, name: `w${k}`};
      // No Node options: by default a worker takes the main thread's, `--import tsx` among them where the sources run
      // through tsx (bench/ingest, tests), and the worker runs a plain JavaScript bundle that needs no loader. With
      // one it paid for its own loader thread, and every module it loaded went through it. (V8's flags are the
      // process's, so heap and JIT flags still apply.)
      const worker = new Worker(script, {workerData: data, execArgv: []});
      const slot: WorkerSlot = {worker, replies: [], failed: null};
      // A thread that dies (out of memory, a crash in native code) fails its batches and every later one.
      const fail = (error: Error) => {
        slot.failed ??= error;
        for (const reply of slot.replies.splice(0)) reply({type: "error", file: "", message: error.message});
      };
      worker.on("message", (m: ToMain) => slot.replies.shift()?.(m));
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`ingest worker ${k} exited with code ${code}`)));
      this.workers.push(slot);
    }
  }

  /** True when a thread is free for another batch. */
  get idle(): boolean {
    return !this.mainBusy || this.workers.some((w) => w.replies.length < WORKER_QUEUE);
  }

  /** Runs a batch on a free worker, else on the main thread; call only when `idle`. */
  async run(jobs: FileJob[]): Promise<BatchResult> {
    // The least loaded worker first; the main thread only when every worker has its queue full.
    const slot = this.workers.reduce<WorkerSlot | null>((best, w) => (w.replies.length < (best?.replies.length ?? WORKER_QUEUE) ? w : best), null);
    if (slot) {
      const m = await this.ask(slot, {type: "jobs", jobs});
      if (m.type === "error") throw new Error(`ingest worker failed${m.file ? ` on ${m.file}` : ""}: ${m.message}`);
      if (m.type !== "results") throw new Error(`ingest worker answered ${m.type} to a batch of files`);
      return {results: m.results, finished: m.finished};
    }
    if (this.mainBusy) throw new Error("ingest pool: no free thread for a batch");
    this.mainBusy = true;
    try {
      // Let the workers' answers in (and hand them more) before a batch on this thread, which blocks while it runs.
      await yieldToEvents();
      const results = jobs.map((job) => ingestFile(job, this.stage, this.formats));
      return {results, finished: this.stage.takeFinished()};
    } finally {
      this.mainBusy = false;
    }
  }

  /** Sends a message; a worker answers its messages in order. */
  private ask(slot: WorkerSlot, message: ToWorker): Promise<ToMain> {
    if (slot.failed) return Promise.reject(slot.failed);
    return new Promise<ToMain>((resolve) => {
      slot.replies.push(resolve);
      slot.worker.postMessage(message);
    });
  }

  /** The files every thread staged since the last rotate; call with no batch running. */
  async rotate(): Promise<StagedFiles> {
    await this.started;
    const out = this.stage.close();
    this.stage = new RowStage(this.stageDir, `main-${++this.generation}-`, STAGE_ROLL_CHARS);
    for (const m of await Promise.all(this.workers.map((slot) => this.ask(slot, {type: "rotate"})))) {
      if (m.type === "error") throw new Error(`ingest worker failed: ${m.message}`);
      if (m.type === "staged") mergeStaged(out, m.staged);
    }
    return out;
  }

  async close(): Promise<void> {
    this.stage.close();
    await this.started.catch(() => {});
    for (const slot of this.workers) slot.worker.removeAllListeners("exit");
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
  }
}
