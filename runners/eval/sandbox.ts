// Runs untrusted generated code (HumanEval/MBPP completions) the only way BenchBook allows: Debian's python3 in a
// separate process per sample, in fresh network/PID/mount/IPC namespaces, as an unprivileged user, under CPU,
// address-space, process-count and file-size limits, with a wall-clock timeout that kills the whole namespace,
// in a throw-away working directory. Nothing from a sample is ever evaluated in BenchBook's own process, and when
// the isolation cannot be set up the sample is not run at all.
import {chown, mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {existsSync, readdirSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {runLogged} from "../exec.ts";

/** Debian's interpreter (not a pyenv/conda shim the unprivileged user could not read). */
export const SANDBOX_PYTHON = "/usr/bin/python3";
/** Wall-clock limit per sample: HumanEval's own harness allows 3 s; generous for a loaded 2-core machine. */
export const SANDBOX_TIMEOUT_MS = 10_000;
/** CPU seconds per process (RLIMIT_CPU). */
export const SANDBOX_CPU_SECONDS = 10;
/** Address space per process (RLIMIT_AS): enough for numpy-free test code, stops runaway allocation. */
export const SANDBOX_MEMORY_BYTES = 1024 * 1024 * 1024;
/** Processes the sandbox user may have (RLIMIT_NPROC): a fork bomb stops here. */
export const SANDBOX_MAX_PROCESSES = 32;
/** Largest file a sample may write (RLIMIT_FSIZE). */
export const SANDBOX_MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Open files per process (RLIMIT_NOFILE). */
export const SANDBOX_MAX_OPEN_FILES = 64;
/** The unprivileged uid/gid samples run as when BenchBook runs as root (Debian's `nobody`). */
export const SANDBOX_UID = 65534;

export type SandboxLimits = {timeoutMs: number; cpuSeconds: number; memoryBytes: number; maxProcesses: number};
export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutMs: SANDBOX_TIMEOUT_MS,
  cpuSeconds: SANDBOX_CPU_SECONDS,
  memoryBytes: SANDBOX_MEMORY_BYTES,
  maxProcesses: SANDBOX_MAX_PROCESSES
};

export type SandboxOutcome = "passed" | "failed" | "timeout" | "sandbox_error";
export type SandboxResult = {
  outcome: SandboxOutcome;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  stdoutTail: string;
  stderrTail: string;
  /** One line a person can read: why the sample passed or failed. */
  why: string;
};

// Runs as root inside the new namespaces, before privileges are dropped: the work dir becomes /tmp, the other
// world-writable places get private tmpfs mounts, and every other mount is remounted read-only (what cannot be
// remounted stays as it is; as root the sample then still runs as `nobody`). So a sample can write nowhere that
// outlives it. Arguments arrive as $1.. (paths BenchBook made), never spliced into the script.
const SETUP_SCRIPT = [
  'set -e; work="$1"; shift',
  "mount --make-rprivate /",
  'mount --bind "$work" /tmp',
  "mount -t tmpfs -o size=1m,mode=1777 tmpfs /var/tmp",
  "mount -t tmpfs -o size=1m,mode=1777 tmpfs /dev/shm",
  "for m in $(awk '{print $2}' /proc/self/mounts); do",
  '  case "$m" in /tmp|/var/tmp|/dev|/dev/*|/proc|/proc/*|/sys|/sys/*) ;; *) mount -o remount,bind,ro "$m" 2>/dev/null || true;; esac',
  "done",
  'cd /tmp; exec "$@"'
].join("\n");

/** The argv that runs `main.py` of `workDir` in the sandbox (exported for tests and `--help` documentation). */
export function sandboxArgv(
  workDir: string,
  limits: SandboxLimits,
  uid = process.getuid?.() ?? 0,
  userProcesses = 0
): string[] {
  const asRoot = uid === 0;
  // RLIMIT_NPROC counts every process of the real uid; as root we switch to `nobody`, otherwise the limit is on top
  // of what the user already runs.
  const nproc = asRoot ? limits.maxProcesses : userProcesses + limits.maxProcesses;
  return [
    "env", "-i", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp", "PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0",
    "unshare", ...(asRoot ? [] : ["--user", "--map-root-user"]),
    "--net", "--pid", "--mount", "--ipc", "--uts", "--fork", "--kill-child",
    "--", "/bin/sh", "-c", SETUP_SCRIPT, "benchbook-sandbox", workDir,
    ...(asRoot ? ["setpriv", `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, "--clear-groups", "--no-new-privs"] : []),
    ...(asRoot ? ["--"] : []),
    "prlimit", `--cpu=${limits.cpuSeconds}`, `--as=${limits.memoryBytes}`, `--nproc=${nproc}`,
    `--fsize=${SANDBOX_MAX_FILE_BYTES}`, `--nofile=${SANDBOX_MAX_OPEN_FILES}`, "--core=0",
    "--", SANDBOX_PYTHON, "-I", "-B", "main.py"
  ];
}

/** Processes the current user runs now (for RLIMIT_NPROC when not root). */
function countUserProcesses(uid: number): number {
  let n = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (statSync(`/proc/${name}`).uid === uid) n++;
    } catch {
      // exited meanwhile
    }
  }
  return n;
}

/** Why the sandbox cannot run here, or null when it can (the tools it needs exist). */
export function sandboxUnavailable(): string | null {
  for (const tool of ["/usr/bin/unshare", "/usr/bin/prlimit", "/usr/bin/setpriv", SANDBOX_PYTHON, "/usr/bin/env"]) {
    if (!existsSync(tool)) return `${tool} is missing (Debian packages util-linux and python3; see .ci/setup)`;
  }
  return null;
}

/**
 * Runs `program` (Python source) as `main.py` in a fresh sandbox and reports how it ended. Never throws for
 * anything the program does; a sandbox that cannot start is `sandbox_error`, and the program is then not run.
 */
export async function runInSandbox(program: string, limits: Partial<SandboxLimits> = {}): Promise<SandboxResult> {
  const l = {...DEFAULT_LIMITS, ...limits};
  const missing = sandboxUnavailable();
  if (missing) {
    const none = {exitCode: null, signal: null, durationMs: 0, stdoutTail: "", stderrTail: ""};
    return {...none, outcome: "sandbox_error", why: `not run: ${missing}`};
  }
  const root = await mkdtemp(join(tmpdir(), "benchbook-sandbox-"));
  const work = join(root, "work");
  const logs = join(root, "logs");
  try {
    await mkdir(work, {mode: 0o700});
    await writeFile(join(work, "main.py"), program, {mode: 0o644});
    const uid = process.getuid?.() ?? 0;
    if (uid === 0) await chown(work, SANDBOX_UID, SANDBOX_UID);
    const argv = sandboxArgv(work, l, uid, uid === 0 ? 0 : countUserProcesses(uid));
    const out = await runLogged(argv, {logDir: logs, name: "sample", timeoutMs: l.timeoutMs, graceMs: 100});
    const {exitCode, signal, durationMs, stdoutTail, stderrTail} = out;
    const base = {exitCode, signal, durationMs, stdoutTail, stderrTail};
    if (out.timedOut) {
      return {...base, outcome: "timeout", why: `timed out after ${l.timeoutMs / 1000} s; the sandbox and every process in it were killed`};
    }
    if (out.ok) return {...base, outcome: "passed", why: `all tests passed (${(out.durationMs / 1000).toFixed(2)} s)`};
    if (isSetupFailure(stderrTail)) return {...base, outcome: "sandbox_error", why: `not run: sandbox setup failed: ${lastLine(stderrTail)}`};
    return {...base, outcome: "failed", why: failureReason(out.exitCode, out.signal, out.stderrTail)};
  } finally {
    await rm(root, {recursive: true, force: true});
  }
}

// Messages from unshare/mount/setpriv/prlimit themselves, not from Python.
function isSetupFailure(stderr: string): boolean {
  return /^(unshare|mount|setpriv|prlimit|env|\/bin\/sh): /m.test(stderr) && !/Traceback/.test(stderr);
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter(Boolean).at(-1)?.slice(0, 300) ?? "";
}

/** The reason a person needs: the exception line of the traceback, or the signal/limit that stopped it. */
function failureReason(exitCode: number | null, signal: string | null, stderr: string): string {
  if (signal === "SIGXCPU" || exitCode === 128 + 24) return `stopped by the CPU limit (${SANDBOX_CPU_SECONDS} s)`;
  if (signal === "SIGKILL" || exitCode === 137) return "killed (memory or process limit)";
  if (signal === "SIGXFSZ" || exitCode === 128 + 25) return "stopped by the file-size limit";
  const line = lastLine(stderr);
  if (/^MemoryError/.test(line)) return `MemoryError: exceeded the ${SANDBOX_MEMORY_BYTES / 2 ** 20} MiB address-space limit`;
  return line ? `exit ${exitCode ?? signal}: ${line}` : `exit ${exitCode ?? signal} with no output`;
}
