import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, it, vi} from "vitest";
import {run, spec} from "../../runners/cli/ingest.ts";
import {main} from "../../runners/cli/main.ts";

const corpus = resolve(import.meta.dirname, "../../../shared/isobench/claude_code");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, {recursive: true, force: true});
});

describe("benchbook ingest", () => {
  it("prints a one-paragraph summary naming the quarantined file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "benchbook-cli-ingest-"));
    dirs.push(dir);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await run([join(corpus, "results/docker"), "--warehouse", join(dir, "wh"), "--agent", "claude_code"])).toBe(0);
      const out = log.mock.calls.map((c) => String(c[0])).join("\n");
      expect(out).toMatch(/^Read 52 files .* 51 parsed, 0 unchanged since the last ingest, 0 not results files, 1 quarantined\./);
      expect(out).toContain("docker_rerun 2 files/6 measurements/50 metrics, docker_verify 49 files/49 measurements/91 metrics");
      expect(out).toContain("Quarantined: bfdb1ba5_result.json: not valid JSON");
      expect(out.split("\n")).toHaveLength(1);
    } finally {
      log.mockRestore();
    }
  });

  it("on a terminal draws a progress bar to the last file, then says it writes the warehouse (not with --quiet)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "benchbook-cli-ingest-"));
    dirs.push(dir);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const wasTTY = process.stderr.isTTY;
    process.stderr.isTTY = true;
    try {
      expect(await run([join(corpus, "results/docker"), "--warehouse", join(dir, "wh")])).toBe(0);
      const err = write.mock.calls.map((c) => String(c[0])).join("");
      // The first drawing is of the first file; the last, of the last file, ends its line; the commit's line follows.
      expect(err).toMatch(/^\r\[# {29}\] 1\/52 015069b0_result\.json /);
      expect(err).toMatch(/\r\[#{30}\] 52\/52 fc7b8d1e_result\.json *\n\rWriting the warehouse… *\n$/);
      write.mockClear();
      expect(await run([join(corpus, "results/docker"), "--warehouse", join(dir, "wh2"), "--quiet"])).toBe(0);
      expect(write).not.toHaveBeenCalled();
    } finally {
      process.stderr.isTTY = wasTTY;
      write.mockRestore();
      log.mockRestore();
    }
  });

  it("needs a path and names a missing one", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await main(["ingest"])).toBe(2);
      expect(await main(["ingest", "/no/such/folder", "--warehouse", "/tmp/x"])).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0])).join("\n")).toContain("/no/such/folder: no such file or folder");
    } finally {
      err.mockRestore();
    }
  });

  it("refuses a --warehouse that is a file, or lies under one, before reading anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "benchbook-cli-ingest-"));
    dirs.push(dir);
    const file = join(dir, "notes.txt");
    await writeFile(file, "x");
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await main(["ingest", join(corpus, "results/docker"), "--warehouse", file])).toBe(1);
      expect(await main(["ingest", join(corpus, "results/docker"), "--warehouse", join(file, "wh")])).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0]))).toEqual([
        `${file}: is a file; the warehouse is a folder of Parquet files (give a folder's path)`,
        `${join(file, "wh")}: cannot be the warehouse folder (ENOTDIR: not a directory, stat '${join(file, "wh")}')`
      ]);
    } finally {
      err.mockRestore();
    }
  });

  it("documents every option", () => {
    expect(Object.keys(spec.options)).toEqual(["warehouse", "agent", "run-set", "force", "threads", "quiet"]);
  });

  it("takes --threads as a whole number ≥ 1 and names what it found otherwise", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const bad of ["0", "1.5", "many"]) expect(await main(["ingest", corpus, "--warehouse", "/tmp/x", "--threads", bad])).toBe(2);
      const out = err.mock.calls.map((c) => String(c[0])).join("\n");
      expect(out).toContain("--threads: expected a whole number ≥ 1, found 0");
      expect(out).toContain("--threads: expected a whole number ≥ 1, found 1.5");
      expect(out).toContain('--threads: expected a number, found "many"');
    } finally {
      err.mockRestore();
    }
  });
});
