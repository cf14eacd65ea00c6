// A folder in the tree that cannot be listed (another user's results on a shared disk) is quarantined with the
// reason, and the rest of the tree is ingested. Running as root, a chmod cannot make a folder unreadable, so readdir
// is made to fail the way it does there, for one folder.
import {cp, mkdir, mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, it, vi} from "vitest";
import {CliError} from "../../runners/errors.ts";
import {ingestPaths} from "../../runners/ingest/ingest.ts";

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const readdirSync = ((path: string, options?: never) => {
    if (String(path).endsWith("/locked")) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), {code: "EACCES", errno: -13, syscall: "scandir", path});
    }
    return fs.readdirSync(path, options);
  }) as typeof fs.readdirSync;
  return {...fs, default: {...fs, readdirSync}, readdirSync};
});

const corpus = resolve(import.meta.dirname, "../../../shared/isobench/claude_code");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, {recursive: true, force: true});
});

describe("ingestPaths(a folder that cannot be listed)", () => {
  it("quarantines the folder with the system's reason and ingests the rest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "benchbook-unlistable-"));
    dirs.push(dir);
    const root = join(dir, "study");
    await cp(join(corpus, "results/docker/015069b0_result.json"), join(root, "docker/015069b0_result.json"));
    await mkdir(join(root, "docker/locked"));
    const s = await ingestPaths([root], {warehouse: join(dir, "wh")});
    expect(s).toMatchObject({files: 2, parsed: 1, quarantined: 1, measurements: 1});
    expect(s.quarantine).toEqual([
      {file: "docker/locked", reason: `docker/locked: the folder could not be listed (EACCES: permission denied, scandir '${join(root, "docker/locked")}')`}
    ]);
  });

  it("names the folder given on the command line when that one cannot be listed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "benchbook-unlistable-"));
    dirs.push(dir);
    await mkdir(join(dir, "locked"));
    await expect(ingestPaths([join(dir, "locked")], {warehouse: join(dir, "wh")})).rejects.toThrow(
      new CliError(`benchbook ingest: ${join(dir, "locked")}: the folder could not be listed (EACCES: permission denied, scandir '${join(dir, "locked")}')`)
    );
  });
});
