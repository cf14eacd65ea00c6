// The warehouse's write lock: one holder at a time, a waiter gets it when the holder lets go, a lock left by a dead
// process is taken over, and a live holder that never lets go ends the wait with an error naming it.
import {existsSync, readFileSync, utimesSync, writeFileSync} from "node:fs";
import {mkdtemp, rm} from "node:fs/promises";
import {hostname, tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {CliError} from "../../runners/errors.ts";
import {LOCK_FILE, lockWarehouse} from "../../runners/warehouse/lock.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-lock-"));
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const lockPath = () => join(dir, LOCK_FILE);
const otherHolder = (pid: number) => JSON.stringify({pid, host: hostname(), since: "2026-11-27T00:00:00.000Z", token: "t"});

describe("lockWarehouse(dir)", () => {
  it("writes who holds it, and removes the lock on release", async () => {
    const release = await lockWarehouse(dir);
    expect(JSON.parse(readFileSync(lockPath(), "utf8"))).toMatchObject({pid: process.pid, host: hostname()});
    release();
    expect(existsSync(lockPath())).toBe(false);
  });

  it("makes a second writer wait, saying for whom, until the first releases", async () => {
    const release = await lockWarehouse(dir);
    const said: string[] = [];
    let got = false;
    const second = lockWarehouse(dir, {pollMs: 10, onWait: (m) => said.push(m)}).then((r) => ((got = true), r));
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toBe(false);
    expect(said).toEqual([`Waiting for process ${process.pid} on ${hostname()}, since ${JSON.parse(readFileSync(lockPath(), "utf8")).since}, which is writing ${dir}…`]);
    release();
    (await second)();
    expect(got).toBe(true);
    expect(existsSync(lockPath())).toBe(false);
  });

  it("takes over a lock left by a process of this machine that no longer runs", async () => {
    writeFileSync(lockPath(), otherHolder(4_000_000));
    const release = await lockWarehouse(dir, {isAlive: (pid) => pid !== 4_000_000});
    expect(JSON.parse(readFileSync(lockPath(), "utf8")).pid).toBe(process.pid);
    release();
  });

  it("gives up on a live holder after the wait, naming the lock file and the holder", async () => {
    writeFileSync(lockPath(), otherHolder(4_000_001));
    const waiting = lockWarehouse(dir, {waitMs: 100, pollMs: 10, isAlive: () => true});
    await expect(waiting).rejects.toThrow(CliError);
    await expect(lockWarehouse(dir, {waitMs: 50, pollMs: 10, isAlive: () => true})).rejects.toThrow(
      `${lockPath()}: the warehouse is being written by process 4000001 on ${hostname()}, since 2026-11-27T00:00:00.000Z; gave up after 0 s. ` +
        "If no BenchBook process is writing it, remove the file and run again."
    );
    // the holder's lock is left alone
    expect(readFileSync(lockPath(), "utf8")).toBe(otherHolder(4_000_001));
    await rm(lockPath());
  });

  it("waits on an empty lock file (its holder is writing it) but takes over one left empty for seconds", async () => {
    writeFileSync(lockPath(), "");
    await expect(lockWarehouse(dir, {waitMs: 100, pollMs: 10})).rejects.toThrow("a process that has not said who it is");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath(), old, old);
    const release = await lockWarehouse(dir, {waitMs: 100, pollMs: 10});
    release();
    expect(existsSync(lockPath())).toBe(false);
  });
});
