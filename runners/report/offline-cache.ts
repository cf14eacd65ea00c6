// Framework 1.13 fetches `npm:` and implicit imports (Plot, d3, Inputs, html, the DuckDB client) from jsDelivr at
// build time, and these machines reach only the npm registry. A file already in Framework's npm cache is never
// fetched, so we fill that cache from node_modules: each package bundled by esbuild into one self-contained
// `_esm.js` (jsDelivr's `+esm`), and DuckDB-Wasm's wasm and worker files copied as they are.
import {existsSync} from "node:fs";
import {copyFile, mkdir, readFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {build} from "esbuild";

/** Packages the pages may import implicitly or by name; each becomes `_npm/<name>@<version>/_esm.js`. */
export const BUNDLED_PACKAGES = [
  "d3",
  "d3-dsv",
  "htl",
  "isoformat",
  "@observablehq/plot",
  "@observablehq/inputs",
  "apache-arrow",
  "arquero",
  "@duckdb/duckdb-wasm"
] as const;

/** DuckDB-Wasm files the stdlib's DuckDB client resolves with import.meta.resolve. */
const DUCKDB_FILES = ["duckdb-mvp.wasm", "duckdb-eh.wasm", "duckdb-browser-mvp.worker.js", "duckdb-browser-eh.worker.js"];

function packageJsonPath(name: string): string {
  // Packages are installed at the top of node_modules (they are direct dependencies; see package.json).
  const path = join(process.cwd(), "node_modules", name, "package.json");
  if (!existsSync(path)) throw new Error(`offline cache: ${name} is not installed; run npm ci`);
  return path;
}

/** Fills `<root>/.observablehq/cache/_npm` so `observable build` needs no network. Returns the files written. */
export async function fillNpmCache(root = "src", {log = console.warn}: {log?: (s: string) => void} = {}): Promise<string[]> {
  const cache = join(root, ".observablehq", "cache", "_npm");
  const written: string[] = [];
  for (const name of BUNDLED_PACKAGES) {
    const pkgPath = packageJsonPath(name);
    const {version} = JSON.parse(await readFile(pkgPath, "utf8"));
    const dir = join(cache, `${name}@${version}`);
    const out = join(dir, "_esm.js");
    if (!existsSync(out)) {
      await mkdir(dir, {recursive: true});
      await build({
        stdin: {contents: `export * from ${JSON.stringify(name)};`, resolveDir: process.cwd(), loader: "js"},
        bundle: true,
        format: "esm",
        platform: "browser",
        mainFields: ["browser", "module", "main"],
        conditions: ["browser", "import", "module"],
        target: "es2022",
        minify: true,
        legalComments: "none",
        logLevel: "error",
        outfile: out
      });
      log(`offline cache: bundled ${name}@${version}`);
      written.push(out);
    }
    if (name === "@duckdb/duckdb-wasm") {
      for (const file of DUCKDB_FILES) {
        const target = join(dir, "dist", file);
        if (existsSync(target)) continue;
        await mkdir(dirname(target), {recursive: true});
        await copyFile(join(dirname(pkgPath), "dist", file), target);
        written.push(target);
      }
    }
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await fillNpmCache(process.argv[2] ?? "src");
}
