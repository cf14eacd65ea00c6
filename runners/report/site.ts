// Building and previewing the site: the CLI's `report` and `dev` share this. Framework caches loader output and
// re-runs a loader only when its own file changes, so a build for another warehouse must drop that cache, and the
// live preview must notice edits in loaders/ and runners/ (and new warehouse files) and touch the page loaders.
import {existsSync, watch, type FSWatcher} from "node:fs";
import {readdir, rm, utimes} from "node:fs/promises";
import {join, resolve} from "node:path";
import {execa} from "execa";
import {CliError} from "../errors.ts";
import {fillNpmCache} from "./offline-cache.ts";

export const SITE_ROOT = "src";
export const LOADER_DIR = join(SITE_ROOT, "data");
const LOADER_CACHE = join(SITE_ROOT, ".observablehq", "cache");

/** Environment for Framework: the chosen warehouse and no telemetry (it would try the network). */
export function siteEnv(warehouse: string, out?: string): Record<string, string> {
  return {
    BENCHBOOK_WAREHOUSE: resolve(warehouse),
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    ...(out ? {BENCHBOOK_OUT: resolve(out)} : {})
  };
}

/** Removes cached loader output (but keeps the filled npm cache). */
export async function clearLoaderCache(): Promise<void> {
  if (!existsSync(LOADER_CACHE)) return;
  for (const entry of await readdir(LOADER_CACHE)) {
    if (entry !== "_npm") await rm(join(LOADER_CACHE, entry), {recursive: true, force: true});
  }
}

/** Builds the static site into `out` from `warehouse`. */
export async function buildSite({warehouse, out = "dist"}: {warehouse: string; out?: string}): Promise<void> {
  await fillNpmCache(SITE_ROOT);
  await clearLoaderCache();
  const result = await execa("observable", ["build"], {preferLocal: true, stdio: "inherit", reject: false, env: siteEnv(warehouse, out)});
  if (result.exitCode !== 0) throw new CliError(`benchbook report: the site build failed (exit ${result.exitCode}); Framework's message is above`);
}

/** Marks every page loader as changed so Framework re-runs it. */
export async function touchLoaders(dir = LOADER_DIR, now = new Date()): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, {recursive: true})) {
    if (!/\.(ts|js|py|sh)$/.test(entry)) continue;
    await utimes(join(dir, entry), now, now);
    n++;
  }
  return n;
}

/** Watches folders and calls `onChange` (debounced) when a file in them changes. Returns a closer. */
export function watchFolders(folders: string[], onChange: (file: string) => void, debounceMs = 200): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = "";
  const watchers: FSWatcher[] = folders
    .filter((f) => existsSync(f))
    .map((folder) =>
      watch(folder, {recursive: true}, (_event, file) => {
        if (!file || /\.tmp$|\.observablehq/.test(String(file))) return;
        last = join(folder, String(file));
        clearTimeout(timer);
        timer = setTimeout(() => onChange(last), debounceMs);
      })
    );
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
