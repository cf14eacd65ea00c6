// The ingest worker as one ES module, bundled with esbuild. A worker thread does not inherit the main thread's
// TypeScript loader, and loading the sources through tsx costs each worker about a second; a bundle loads in a tenth
// of that. Building it takes about 0.2 s of wall time and more of CPU (esbuild parses zod and yaml every time), so
// the bundle is kept in node_modules/.cache/benchbook, keyed by the contents of every file that went into it: an
// edited source gives a new key and a fresh build, so the cache is never stale.
import {createHash, randomUUID} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {createRequire} from "node:module";
import {z} from "zod";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY = "runners/ingest/worker.ts";
/** Cached bundles and the manifest naming the inputs of the last build. */
export const BUNDLE_CACHE_DIR = join(REPO_ROOT, "node_modules/.cache/benchbook");
const MANIFEST = "ingest-worker.json";

const Manifest = z.object({inputs: z.array(z.string())});

/** esbuild's version, part of the cache key; esbuild itself is loaded only to build (a large CommonJS module). */
const ESBUILD_VERSION = String((createRequire(import.meta.url)("esbuild/package.json") as {version: unknown}).version);

/**
 * The cached bundle's URL when every input is as it was when it was built; null when it must be built. Synchronous,
 * so ingest can start its workers in the middle of listing the files (the workers load while the listing goes on).
 */
export function cachedWorkerBundle(cacheDir = BUNDLE_CACHE_DIR): URL | null {
  const cached = cachedBundle(cacheDir);
  return cached ? pathToFileURL(cached) : null;
}

/**
 * The worker bundle's URL: the cached one, else a fresh build (cached for the next ingest where node_modules is
 * writable, else written to `fallbackDir`).
 */
export async function workerBundle(fallbackDir: string, cacheDir = BUNDLE_CACHE_DIR): Promise<URL> {
  const cached = cachedWorkerBundle(cacheDir);
  if (cached) return cached;
  const {build} = await import("esbuild");
  const result = await build({
    entryPoints: [ENTRY],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
    // Smaller to parse at each worker's start; identifiers are kept so a worker's stack trace still names functions.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS dependencies bundled into an ES module still call require() for Node's built-in modules.
    banner: {js: `import {createRequire as __createRequire} from "node:module"; const require = __createRequire(import.meta.url);`}
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const code = result.outputFiles[0].contents;
  try {
    mkdirSync(cacheDir, {recursive: true});
    const out = bundlePath(cacheDir, inputsKey(inputs)!);
    writeAtomic(out, code);
    writeAtomic(join(cacheDir, MANIFEST), JSON.stringify({inputs}));
    dropOtherBundles(cacheDir, out);
    return pathToFileURL(out);
  } catch {
    // A read-only install: build for this ingest only.
    const out = join(fallbackDir, "ingest-worker.mjs");
    writeFileSync(out, code);
    return pathToFileURL(out);
  }
}

/** The cached bundle when the manifest's inputs still hash to its key; null otherwise. */
function cachedBundle(cacheDir: string): string | null {
  let inputs: string[];
  try {
    inputs = Manifest.parse(JSON.parse(readFileSync(join(cacheDir, MANIFEST), "utf8"))).inputs;
  } catch {
    return null; // no cache yet, or one this version cannot read: rebuild
  }
  const key = inputsKey(inputs);
  if (!key) return null;
  const path = bundlePath(cacheDir, key);
  return existsSync(path) ? path : null;
}

/**
 * Hash of esbuild's version and every input's path (relative to the repository, as esbuild names them) and bytes;
 * null when an input is gone (then rebuild).
 */
export function inputsKey(inputs: string[]): string | null {
  const hash = createHash("sha256").update(`esbuild ${ESBUILD_VERSION}\n`);
  for (const input of inputs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(REPO_ROOT, input));
    } catch {
      return null;
    }
    hash.update(`${input}\n${bytes.length}\n`).update(bytes);
  }
  return hash.digest("hex").slice(0, 16);
}

function bundlePath(cacheDir: string, key: string): string {
  return join(cacheDir, `ingest-worker-${key}.mjs`);
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${randomUUID()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Bundles of earlier sources are left this long before they are removed: an ingest started meanwhile may use one. */
const OLD_BUNDLE_MS = 60 * 60 * 1000;

function dropOtherBundles(cacheDir: string, keep: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    if (path === keep || !/^ingest-worker-[0-9a-f]{16}\.mjs$/.test(name)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > OLD_BUNDLE_MS) rmSync(path, {force: true});
    } catch {
      // removed by another ingest meanwhile
    }
  }
}
