// runners/exec.ts: argv only (no shell), whole process groups stopped, timeouts, logs on disk, execa's message kept.
import {mkdtempSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {readTail, runLogged, signalGroup, spawnLogged} from "../../runners/exec.ts";

const node = process.execPath;
const logDir = () => mkdtempSync(join(tmpdir(), "bb-exec-"));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("runLogged(argv)", () => {
  it("passes shell syntax through as literal arguments and logs stdout to a file", async () => {
    const dir = logDir();
    const out = await runLogged([node, "-e", "console.log(JSON.stringify(process.argv.slice(1)))", "$(echo hi)", "a;b", "*"], {logDir: dir, name: "echo"});
    expect(out).toMatchObject({ok: true, exitCode: 0, error: null});
    expect(JSON.parse(readFileSync(join(dir, "echo.stdout.log"), "utf8"))).toEqual(["$(echo hi)", "a;b", "*"]);
  });

  it("describes a failure with execa's shortMessage and the stderr tail", async () => {
    const out = await runLogged([node, "-e", "console.error('line 1\\nValueError: bad config'); process.exit(3)"], {logDir: logDir(), name: "fail"});
    expect(out.ok).toBe(false);
    expect(out.exitCode).toBe(3);
    expect(out.error).toMatch(/^Command failed with exit code 3: .*\nline 1\nValueError: bad config$/s);
  });

  it("kills the whole process group on timeout, grandchildren included, SIGKILL after the grace period", async () => {
    const dir = logDir();
    // The child ignores SIGTERM and starts a grandchild; both must be gone after the timeout plus the grace period.
    const script = `process.on("SIGTERM", () => {}); const c = require("child_process").spawn(process.execPath, ["-e", "setInterval(()=>{},1e6)"], {stdio: "ignore"}); console.log(c.pid); setInterval(() => {}, 1e6);`;
    const started = Date.now();
    const out = await runLogged([node, "-e", script], {logDir: dir, name: "hang", timeoutMs: 500, graceMs: 300});
    expect(out).toMatchObject({ok: false, timedOut: true, signal: "SIGKILL"});
    expect(out.error).toMatch(/^Timed out after 1 s \(process group killed\)\. Command was killed with SIGKILL/);
    expect(Date.now() - started).toBeLessThan(5000);
    const grandchild = Number(readFileSync(join(dir, "hang.stdout.log"), "utf8").trim());
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(grandchild)).toBe(false);
  });

  it("stop() ends a long-running process group; an aborted signal counts as stopped, not failed by itself", async () => {
    const p = spawnLogged([node, "-e", "setInterval(() => {}, 1e6)"], {logDir: logDir(), name: "server", graceMs: 1000});
    expect(p.exited).toBe(false);
    const out = await p.stop();
    expect(out).toMatchObject({stopped: true, timedOut: false, signal: "SIGTERM"});
    expect(signalGroup(p.pid!, 0 as unknown as NodeJS.Signals)).toBe(false);
    const controller = new AbortController();
    const q = runLogged([node, "-e", "setInterval(() => {}, 1e6)"], {logDir: logDir(), name: "c", signal: controller.signal});
    controller.abort();
    expect(await q).toMatchObject({stopped: true, ok: false});
  });
});

describe("readTail(path)", () => {
  it("keeps the last lines of a large log; missing files read as empty", async () => {
    const dir = logDir();
    await runLogged([node, "-e", "for (let i = 0; i < 5000; i++) console.error('line ' + i)"], {logDir: dir, name: "big"});
    const tail = await readTail(join(dir, "big.stderr.log"));
    expect(tail.split("\n")).toHaveLength(30);
    expect(tail.endsWith("line 4999")).toBe(true);
    expect(await readTail(join(dir, "nope.log"))).toBe("");
  });
});
