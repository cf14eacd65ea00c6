// The sandbox against hostile samples: each must end as a failed sample within the limits and leave the machine as
// it was (no process of the sandbox user left, no file written outside the throw-away directory).
import {existsSync, mkdirSync, readdirSync, statSync} from "node:fs";
import {createServer, type Server} from "node:net";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runInSandbox, sandboxArgv, DEFAULT_LIMITS, SANDBOX_MAX_PROCESSES, SANDBOX_UID} from "../../runners/eval/sandbox.ts";

const LIMIT_MS = 3000;
const asRoot = process.getuid?.() === 0;

/** Processes of the sandbox user (as root), zombies included. */
function sandboxProcesses(): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (asRoot && statSync(`/proc/${name}`).uid === SANDBOX_UID) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

function sandboxDirs(): string[] {
  return readdirSync(tmpdir()).filter((d) => d.startsWith("benchbook-sandbox-"));
}

let server: Server;
let port = 0;
let connections = 0;
const dirsBefore = new Set(sandboxDirs());
beforeAll(async () => {
  server = createServer((s) => (connections++, s.destroy()));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as {port: number}).port;
});
afterAll(() => server.close());

/**
 * Killed forks take a moment to exit, and their zombies are reparented to the machine's init, which reaps them
 * within a few seconds; sandboxes of other test files (same user) end within their own limits too.
 */
const SETTLE_MS = 8000;

async function leftAsItWas() {
  const deadline = Date.now() + SETTLE_MS;
  const newDirs = () => sandboxDirs().filter((d) => !dirsBefore.has(d));
  while ((sandboxProcesses().length || newDirs().length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(sandboxProcesses()).toEqual([]);
  expect(newDirs()).toEqual([]);
}

describe("runInSandbox(program)", () => {
  it("runs passing code and reports it passed", async () => {
    const r = await runInSandbox("assert sum([1, 2, 3]) == 6\nprint('ok')", {timeoutMs: LIMIT_MS});
    expect(r.outcome).toBe("passed");
    expect(r.stdoutTail).toBe("ok");
    await leftAsItWas();
  });

  it("reports the exception line of a failing test", async () => {
    const r = await runInSandbox("def f(x):\n    return x\nassert f(2) == 3, 'f(2) should be 3'", {timeoutMs: LIMIT_MS});
    expect(r.outcome).toBe("failed");
    expect(r.why).toBe("exit 1: AssertionError: f(2) should be 3");
  });

  it("kills an infinite loop at the wall-clock limit", async () => {
    const started = Date.now();
    const r = await runInSandbox("while True:\n    pass", {timeoutMs: LIMIT_MS});
    expect(r.outcome).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 2000);
    await leftAsItWas();
  });

  it("holds a fork bomb to the process limit and kills every fork at the deadline", async () => {
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, sandboxProcesses().length)), 50);
    const started = Date.now();
    const r = await runInSandbox("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass", {timeoutMs: LIMIT_MS});
    clearInterval(poll);
    expect(r.outcome).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 3000);
    if (asRoot) {
      expect(peak).toBeGreaterThan(1); // it did fork …
      expect(peak).toBeLessThanOrEqual(SANDBOX_MAX_PROCESSES); // … up to the limit only
    }
    await leftAsItWas();
  });

  it("forks that setsid() away from the group die with the sandbox", async () => {
    const r = await runInSandbox("import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(60)\nelse:\n    time.sleep(60)", {timeoutMs: 1500});
    expect(r.outcome).toBe("timeout");
    await leftAsItWas();
  });

  it("cannot write outside its working directory", async () => {
    const outside = join(process.cwd(), "tmp", `sandbox-escape-${process.pid}.txt`);
    // The folder must exist (a fresh clone has no tmp/), so that only the sandbox's read-only mount stops the write.
    mkdirSync(dirname(outside), {recursive: true});
    const tmpEscape = join("/var/tmp", `sandbox-escape-${process.pid}.txt`);
    const r = await runInSandbox(
      `import os\nopen('inside.txt', 'w').write('fine')\nopen(${JSON.stringify(tmpEscape)}, 'w').write('x')\nopen(${JSON.stringify(outside)}, 'w').write('x')`,
      {timeoutMs: LIMIT_MS}
    );
    expect(r.outcome).toBe("failed");
    expect(r.why).toBe(`exit 1: OSError: [Errno 30] Read-only file system: '${outside}'`);
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(tmpEscape)).toBe(false);
    await leftAsItWas();
  });

  it("cannot write even into a world-writable folder outside it (everything else is mounted read-only)", async () => {
    const {mkdirSync, chmodSync, rmSync} = await import("node:fs");
    const open = join(process.cwd(), "tmp", `sandbox-world-writable-${process.pid}`);
    mkdirSync(open, {recursive: true});
    chmodSync(open, 0o777);
    try {
      const r = await runInSandbox(`open(${JSON.stringify(join(open, "x"))}, "w").write("x")`, {timeoutMs: LIMIT_MS});
      expect(r.outcome).toBe("failed");
      expect(r.why).toMatch(/^exit 1: OSError: \[Errno 30\] Read-only file system/);
      expect(existsSync(join(open, "x"))).toBe(false);
    } finally {
      rmSync(open, {recursive: true, force: true});
    }
  });

  it("has no network: a connection to a server listening on this machine fails", async () => {
    const r = await runInSandbox(`import socket\nsocket.create_connection(("127.0.0.1", ${port}), timeout=2)`, {timeoutMs: LIMIT_MS});
    expect(r.outcome).toBe("failed");
    expect(r.why).toMatch(/(Network is unreachable|Connection refused)/);
    expect(connections).toBe(0);
    await leftAsItWas();
  });

  it("stops runaway allocation at the address-space limit", async () => {
    const r = await runInSandbox("x = bytearray(8 * 1024 ** 3)", {timeoutMs: LIMIT_MS});
    expect(r.outcome).toBe("failed");
    expect(r.why).toBe("MemoryError: exceeded the 1024 MiB address-space limit");
  });

  it("does not see BenchBook's environment", async () => {
    process.env.BENCHBOOK_SECRET_FOR_TEST = "s3cret";
    const r = await runInSandbox("import os\nprint(os.environ.get('BENCHBOOK_SECRET_FOR_TEST'))", {timeoutMs: LIMIT_MS});
    delete process.env.BENCHBOOK_SECRET_FOR_TEST;
    expect(r.stdoutTail).toBe("None");
  });
});

describe("sandboxArgv(workDir, limits, uid)", () => {
  it("as root: new namespaces, then nobody, then the limits, then Debian's python3", () => {
    const argv = sandboxArgv("/w", DEFAULT_LIMITS, 0);
    expect(argv.slice(argv.indexOf("unshare"), argv.indexOf("--") + 1)).toEqual([
      "unshare", "--net", "--pid", "--mount", "--ipc", "--uts", "--fork", "--kill-child", "--"
    ]);
    expect(argv.slice(argv.indexOf("setpriv"), argv.indexOf("setpriv") + 3)).toEqual(["setpriv", "--reuid=65534", "--regid=65534"]);
    expect(argv.slice(-4)).toEqual(["/usr/bin/python3", "-I", "-B", "main.py"]);
    expect(argv).toContain("--nproc=32");
  });

  it("as a user: a user namespace, and the process limit on top of what the user runs", () => {
    const argv = sandboxArgv("/w", DEFAULT_LIMITS, 1000, 40);
    expect(argv).toContain("--map-root-user");
    expect(argv).not.toContain("setpriv");
    expect(argv).toContain("--nproc=72");
  });
});
