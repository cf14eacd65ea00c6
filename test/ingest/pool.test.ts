import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {ingestPaths, type IngestSummary} from "../../runners/ingest/ingest.ts";
import {FilePool} from "../../runners/ingest/pool.ts";
import {tablePath} from "../../runners/warehouse/db.ts";

const corpus = resolve(import.meta.dirname, "../../../shared/isobench/claude_code");
const TABLES = ["measurements", "metrics", "data_quality", "quarantine", "files"];

let dir: string;
let inline: IngestSummary;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-pool-"));
  inline = await ingestPaths([corpus], {warehouse: join(dir, "inline"), agent: "claude_code", threads: 1});
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const sameBytes = async (a: string, b: string) => {
  for (const t of TABLES) expect(Buffer.compare(await readFile(tablePath(a, t)), await readFile(tablePath(b, t))), t).toBe(0);
};
const counts = ({seconds: _s, warehouse: _w, ...rest}: IngestSummary) => rest;

describe("ingestPaths(threads: 3) on the real corpus", () => {
  it("writes the same warehouse, byte for byte, and the same summary as the main thread alone", async () => {
    const wh = join(dir, "threads");
    const s = await ingestPaths([corpus], {warehouse: wh, agent: "claude_code", threads: 3});
    expect(counts(s)).toEqual(counts(inline));
    expect(s).toMatchObject({files: 401, parsed: 335, unrecognised: 65, quarantined: 1});
    await sameBytes(wh, join(dir, "inline"));
  });

  it("stops on the signal with the files read so far committed, and a re-run completes the same warehouse", async () => {
    const wh = join(dir, "interrupted");
    const stop = new AbortController();
    const first = await ingestPaths([corpus], {
      warehouse: wh,
      agent: "claude_code",
      threads: 2,
      signal: stop.signal,
      onProgress: ({done}) => {
        if (done === 100) stop.abort();
      }
    });
    expect(first.interrupted).toBe(true);
    const read = first.parsed + first.unrecognised + first.quarantined;
    expect(read).toBeGreaterThanOrEqual(100);
    expect(read).toBeLessThan(401);
    const second = await ingestPaths([corpus], {warehouse: wh, agent: "claude_code", threads: 2});
    expect(second).toMatchObject({interrupted: false, unchanged: read, files: 401});
    await sameBytes(wh, join(dir, "inline"));
  });
});

describe("FilePool(worker failure)", () => {
  it("fails the batch with the worker's error and the file it was on, instead of hanging or losing it", async () => {
    const stageDir = await mkdtemp(join(dir, "stage-"));
    const pool = new FilePool(stageDir, FORMATS, 1);
    try {
      await pool.ready();
      // A job no ingest would build (no path): the worker's TypeError must come back, not a silent empty result.
      const job = {index: 0, abs: null as unknown as string, rel: "broken.json", folder: "", runSet: "rs", agent: "a", root: ".", knownSha256: null};
      await expect(pool.run([job])).rejects.toThrow(/ingest worker failed on broken\.json: TypeError/);
    } finally {
      await pool.close();
    }
  });
});
