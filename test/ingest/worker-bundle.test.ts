import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, describe, expect, it} from "vitest";
import {cachedWorkerBundle, inputsKey, workerBundle} from "../../runners/ingest/worker-bundle.ts";

const dir = mkdtempSync(join(tmpdir(), "benchbook-bundle-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("workerBundle(fallbackDir, cacheDir)", () => {
  it("builds the worker once and reuses the bundle while no input has changed", async () => {
    const cache = join(dir, "cache");
    expect(cachedWorkerBundle(cache)).toBeNull();
    const built = await workerBundle(dir, cache);
    const path = fileURLToPath(built);
    expect(path.startsWith(cache)).toBe(true);
    expect(readFileSync(path, "utf8")).toContain("ingestFile");
    const {inputs} = JSON.parse(readFileSync(join(cache, "ingest-worker.json"), "utf8")) as {inputs: string[]};
    expect(inputs).toContain("runners/ingest/worker.ts");
    expect(inputs).toContain("runners/formats/modal.ts");
    expect(cachedWorkerBundle(cache)?.href).toBe(built.href);
  });

  it("does not use a bundle once one of its inputs has changed or is gone", () => {
    const cache = join(dir, "stale");
    const input = join(dir, "input.ts");
    writeFileSync(input, "export const a = 1;\n");
    rmSync(cache, {recursive: true, force: true});
    const manifest = (inputs: string[]) => {
      writeFileSync(join(cache, "ingest-worker.json"), JSON.stringify({inputs}));
      writeFileSync(join(cache, `ingest-worker-${inputsKey(inputs)}.mjs`), "");
    };
    mkdirSync(cache, {recursive: true});
    manifest([input]);
    expect(cachedWorkerBundle(cache)).not.toBeNull();
    writeFileSync(input, "export const a = 2;\n");
    expect(cachedWorkerBundle(cache)).toBeNull();
    rmSync(input);
    expect(inputsKey([input])).toBeNull();
    expect(cachedWorkerBundle(cache)).toBeNull();
    writeFileSync(join(cache, "ingest-worker.json"), "{not json");
    expect(cachedWorkerBundle(cache)).toBeNull();
    expect(existsSync(cache)).toBe(true);
  });
});
