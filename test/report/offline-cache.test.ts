import {existsSync, mkdtempSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {parse} from "acorn";
import {describe, expect, it} from "vitest";
import {BUNDLED_PACKAGES, fillNpmCache} from "../../runners/report/offline-cache.ts";

const version = (name: string) => JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")).version;

describe("fillNpmCache(root)", () => {
  it("writes a self-contained _esm.js per package and DuckDB-Wasm's wasm and worker files", async () => {
    const root = mkdtempSync(join(tmpdir(), "bb-cache-"));
    const written = await fillNpmCache(root, {log: () => {}});
    for (const name of BUNDLED_PACKAGES) {
      const file = join(root, ".observablehq/cache/_npm", `${name}@${version(name)}`, "_esm.js");
      expect(existsSync(file), file).toBe(true);
      // Self-contained: no import of another module that Framework would then fetch from a CDN.
      expect(importsOf(readFileSync(file, "utf8")), file).toEqual([]);
    }
    const duck = join(root, ".observablehq/cache/_npm/@duckdb/duckdb-wasm@1.29.0/dist");
    for (const f of ["duckdb-mvp.wasm", "duckdb-eh.wasm", "duckdb-browser-mvp.worker.js", "duckdb-browser-eh.worker.js"]) {
      expect(existsSync(join(duck, f)), f).toBe(true);
    }
    expect(written.length).toBe(BUNDLED_PACKAGES.length + 4);
    // A second call finds everything in place and writes nothing.
    expect(await fillNpmCache(root, {log: () => {}})).toEqual([]);
  });
});

/** Static import/export-from sources of a module (dynamic imports of bare names would also be fetched; none exist). */
function importsOf(source: string): string[] {
  const program = parse(source, {ecmaVersion: "latest", sourceType: "module"});
  return program.body.flatMap((node) =>
    (node.type === "ImportDeclaration" || node.type === "ExportAllDeclaration" || node.type === "ExportNamedDeclaration") && node.source
      ? [String(node.source.value)]
      : []
  );
}
