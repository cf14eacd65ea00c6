// One writer at a time per warehouse folder. A commit reads the tables, merges its rows in and renames new files over
// the old ones; two commits at once would each merge with the tables as they were before the other, and the later
// rename would silently drop the other's rows (an ingest while `benchbook run` lands a finished run, say). The lock is
// a file created exclusively in the warehouse folder; a lock left behind by a process that died on this machine is
// taken over, and a writer waits for a live one.
import {randomUUID} from "node:crypto";
import {closeSync, openSync, readFileSync, rmSync, statSync, writeSync} from "node:fs";
import {hostname} from "node:os";
import {join} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";
import {z} from "zod";
import {CliError} from "../errors.ts";

/** The lock file, hidden so that an ingest of the warehouse folder and its readers pass it by. */
export const LOCK_FILE = ".benchbook-write.lock";
/** How long a writer waits for another's commit before it gives up: a commit at 1000x the corpus takes about 10 s. */
export const LOCK_WAIT_MS = 10 * 60 * 1000;
/** How often a waiting writer looks again. */
const LOCK_POLL_MS = 100;
/**
 * A lock file still empty after this long was left by a process that died between creating and writing it: the
 * holder writes its line at once, within microseconds of creating the file.
 */
const EMPTY_LOCK_STALE_MS = 5000;

/** Who holds the lock: written into the lock file as one JSON line. */
const Holder = z.object({pid: z.number().int(), host: z.string(), since: z.string(), token: z.string()});
type Holder = z.infer<typeof Holder>;

export type LockOptions = {
  waitMs?: number;
  pollMs?: number;
  /** Called once when the lock is held by another process and this one starts waiting (a line for the user). */
  onWait?: (message: string) => void;
  /** Whether a process of this machine still runs (injected by tests). */
  isAlive?: (pid: number) => boolean;
};

/** Takes the warehouse folder's write lock (the folder must exist); resolves to the function that releases it. */
export async function lockWarehouse(dir: string, opts: LockOptions = {}): Promise<() => void> {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + (opts.waitMs ?? LOCK_WAIT_MS);
  const isAlive = opts.isAlive ?? processIsAlive;
  let waiting = false;
  for (;;) {
    const me: Holder = {pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomUUID()};
    if (create(path, me)) return () => release(path, me);
    const seen = read(path);
    if (seen === null) continue; // released meanwhile
    const holder = seen.holder;
    const stale = holder ? holder.host === me.host && holder.pid !== me.pid && !isAlive(holder.pid) : Date.now() - seen.mtimeMs > EMPTY_LOCK_STALE_MS;
    if (stale) {
      // Removed only if it still holds what was judged stale: another waiter may have taken it over meanwhile.
      if (read(path)?.text === seen.text) rmSync(path, {force: true});
      continue;
    }
    const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.since}` : "a process that has not said who it is";
    if (Date.now() >= deadline) {
      throw new CliError(
        `${path}: the warehouse is being written by ${who}; gave up after ${Math.round((opts.waitMs ?? LOCK_WAIT_MS) / 1000)} s. ` +
          `If no BenchBook process is writing it, remove the file and run again.`
      );
    }
    if (!waiting) opts.onWait?.(`Waiting for ${who}, which is writing ${dir}…`);
    waiting = true;
    await sleep(opts.pollMs ?? LOCK_POLL_MS);
  }
}

/** Creates the lock file with `me` in it; false when it exists already. */
function create(path: string, me: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } catch (error) {
    closeSync(fd);
    rmSync(path, {force: true}); // an empty lock would hold the others up until it is judged stale
    throw error;
  }
  closeSync(fd);
  return true;
}

/** The lock file's text, its holder when the text names one, and its age; null when there is no lock file. */
function read(path: string): {text: string; holder: Holder | null; mtimeMs: number} | null {
  try {
    const text = readFileSync(path, "utf8");
    const mtimeMs = statSync(path).mtimeMs;
    let holder: Holder | null = null;
    try {
      holder = Holder.parse(JSON.parse(text));
    } catch {
      // being written, or damaged: judged by its age
    }
    return {text, holder, mtimeMs};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Removes the lock if it is still this holder's (it is another's only if someone removed it by hand meanwhile). */
function release(path: string, me: Holder): void {
  if (read(path)?.holder?.token === me.token) rmSync(path, {force: true});
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
