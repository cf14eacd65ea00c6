import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {ingestFile, type FileJob} from "../../runners/ingest/file.ts";
import {RowStage} from "../../runners/warehouse/stage.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-file-"));
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const job = (rel: string, knownSha256: string | null = null): FileJob => ({
  index: 0,
  abs: join(dir, rel),
  rel,
  folder: "",
  runSet: "rs",
  agent: "a",
  root: ".",
  knownSha256
});

describe("ingestFile(job, stage, formats)", () => {
  it("quarantines a file that is gone by the time it is read, naming the error, instead of stopping the batch", () => {
    const stage = new RowStage(dir, "gone-");
    const r = ingestFile(job("vanished_result.json"), stage, FORMATS);
    expect(r).toMatchObject({outcome: "quarantined", bytes: 0, measurements: 0});
    expect(r.reason).toMatch(/^vanished_result\.json: the file could not be read \(ENOENT: /);
    expect(Object.keys(stage.close()).sort()).toEqual(["files", "quarantine"]);
  });

  it("does not parse or stage a file whose hash the warehouse already has", async () => {
    await writeFile(join(dir, "same.json"), "{}");
    const stage = new RowStage(dir, "same-");
    const sha = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"; // sha256 of "{}"
    expect(ingestFile(job("same.json", sha), stage, FORMATS)).toMatchObject({outcome: "unchanged", bytes: 2});
    expect(stage.close()).toEqual({});
    expect(ingestFile(job("same.json", "another"), new RowStage(dir, "changed-"), FORMATS).outcome).toBe("unrecognised");
  });
});
