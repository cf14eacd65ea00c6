// The one wrapper around execa. Every external program BenchBook starts goes through here: argv arrays only (never a
// shell), its own process group (so a server's workers die with it), SIGTERM then SIGKILL after a grace period,
// timeouts, stdout/stderr streamed to log files, and failures described by execa's shortMessage plus a stderr tail.
import {mkdirSync} from "node:fs";
import {open, stat} from "node:fs/promises";
import {join} from "node:path";
import {execa} from "execa";

/** Grace between SIGTERM and SIGKILL when a process group is stopped (servers flush and free the GPU in this time). */
export const DEFAULT_GRACE_MS = 10_000;
/** How much of a log's end is kept in `error` and `log_tail` fields (bytes read, then the last lines). */
export const TAIL_BYTES = 4096;
export const TAIL_LINES = 30;

export type ExecOptions = {
  /** Folder receiving `<name>.stdout.log` and `<name>.stderr.log` (e.g. `<warehouse>/logs/<run-id>`). */
  logDir: string;
  /** Step name used for the log files (`server`, `client`, `patch` …). */
  name: string;
  cwd?: string;
  /** Extra environment, on top of the runner's own. */
  env?: Record<string, string>;
  /** Kill the process group after this long; undefined = no limit. */
  timeoutMs?: number;
  /** SIGTERM → SIGKILL delay. */
  graceMs?: number;
  /** Aborting stops the process group (Ctrl-C). */
  signal?: AbortSignal;
};

export type ExecOutcome = {
  argv: string[];
  /** execa's escaped rendering of argv, for display only. */
  command: string;
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Stopped on purpose (stop() or the abort signal), not by a timeout. */
  stopped: boolean;
  durationMs: number;
  stdoutPath: string;
  stderrPath: string;
  /** null when ok; else execa's shortMessage (prefixed with the timeout when there was one) and the stderr tail. */
  error: string | null;
  stderrTail: string;
  stdoutTail: string;
};

export type RunningProcess = {
  argv: string[];
  pid: number | undefined;
  /** True once the group leader has exited. */
  readonly exited: boolean;
  /** Settles when the process exits (never rejects). */
  done: Promise<ExecOutcome>;
  /** Stops the whole process group (SIGTERM, SIGKILL after the grace period) and waits for the exit. */
  stop(): Promise<ExecOutcome>;
};

/** Process groups started and not yet reaped; killed if the runner itself exits. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of liveGroups) signalGroup(pid, "SIGKILL");
  });
}

/** Sends a signal to a process group; false when the group no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Starts argv[0] with argv[1..] in a new process group, logging to files. Never through a shell. */
export function spawnLogged(argv: string[], options: ExecOptions): RunningProcess {
  if (!argv.length || argv.some((a) => typeof a !== "string")) throw new Error(`spawnLogged: bad argv ${JSON.stringify(argv)}`);
  mkdirSync(options.logDir, {recursive: true});
  const stdoutPath = join(options.logDir, `${options.name}.stdout.log`);
  const stderrPath = join(options.logDir, `${options.name}.stderr.log`);
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const started = Date.now();
  const subprocess = execa(argv[0], argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    shell: false,
    detached: true,
    reject: false,
    stdin: "ignore",
    stdout: {file: stdoutPath},
    stderr: {file: stderrPath},
    cleanup: false
  });
  const pid = subprocess.pid;
  if (pid !== undefined) {
    liveGroups.add(pid);
    installExitHook();
  }
  let exited = false;
  let timedOut = false;
  let stopped = false;
  let killTimer: NodeJS.Timeout | undefined;

  const killGroup = () => {
    if (pid === undefined) return;
    signalGroup(pid, "SIGTERM");
    killTimer ??= setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
    killTimer.unref?.();
  };
  const timeout = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), killGroup()), options.timeoutMs) : undefined;
  const onAbort = () => ((stopped = true), killGroup());
  options.signal?.addEventListener("abort", onAbort, {once: true});
  if (options.signal?.aborted) onAbort();

  const done: Promise<ExecOutcome> = subprocess.then(async (result) => {
    exited = true;
    clearTimeout(timeout);
    options.signal?.removeEventListener("abort", onAbort);
    // Children the leader left behind (workers, tokenizer pools) go with it.
    if (pid !== undefined) {
      signalGroup(pid, "SIGKILL");
      liveGroups.delete(pid);
    }
    clearTimeout(killTimer);
    const [stderrTail, stdoutTail] = await Promise.all([readTail(stderrPath), readTail(stdoutPath)]);
    const ok = !result.failed && !timedOut && !stopped;
    let error: string | null = null;
    if (!ok) {
      const short = result.shortMessage ?? `Command failed: ${result.escapedCommand}`;
      const prefix = timedOut ? `Timed out after ${Math.round(options.timeoutMs! / 1000)} s (process group killed). ` : stopped ? "Stopped. " : "";
      error = `${prefix}${short}${stderrTail ? `\n${stderrTail}` : ""}`;
    }
    return {
      argv,
      command: result.escapedCommand,
      ok,
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      timedOut,
      stopped,
      durationMs: Date.now() - started,
      stdoutPath,
      stderrPath,
      error,
      stderrTail,
      stdoutTail
    };
  });

  return {
    argv,
    pid,
    get exited() {
      return exited;
    },
    done,
    stop() {
      if (!exited) {
        stopped = true;
        killGroup();
      }
      return done;
    }
  };
}

/** Runs argv to completion (see spawnLogged); never throws for a failing program. */
export function runLogged(argv: string[], options: ExecOptions): Promise<ExecOutcome> {
  return spawnLogged(argv, options).done;
}

/** Runs a short probe (`nvidia-smi`, `git rev-parse`) and returns trimmed stdout, or null if it is missing or fails. */
export async function probe(
  argv: string[],
  {cwd, env, timeoutMs = 20_000}: {cwd?: string; env?: Record<string, string>; timeoutMs?: number} = {}
): Promise<string | null> {
  try {
    const result = await execa(argv[0], argv.slice(1), {cwd, env, shell: false, reject: false, timeout: timeoutMs, stdin: "ignore"});
    if (result.failed) return null;
    return String(result.stdout).trim();
  } catch {
    return null;
  }
}

/** The last lines of a log file (at most TAIL_BYTES read, TAIL_LINES kept); "" when missing. */
export async function readTail(path: string, bytes = TAIL_BYTES, lines = TAIL_LINES): Promise<string> {
  try {
    const size = (await stat(path)).size;
    const fh = await open(path, "r");
    try {
      const length = Math.min(bytes, size);
      const buf = Buffer.alloc(length);
      await fh.read(buf, 0, length, size - length);
      const text = buf.toString("utf8").replace(/\r/g, "");
      return text.split("\n").filter((l, i, all) => l || i < all.length - 1).slice(-lines).join("\n").trim();
    } finally {
      await fh.close();
    }
  } catch {
    return "";
  }
}
