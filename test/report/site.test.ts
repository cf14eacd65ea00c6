import {mkdtempSync, mkdirSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {siteEnv, touchLoaders, watchFolders} from "../../runners/report/site.ts";

describe("touchLoaders(dir)", () => {
  it("bumps the mtime of every page loader so Framework re-runs it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-loaders-"));
    mkdirSync(join(dir, "runs"));
    for (const f of ["a.arrow.ts", "runs/b.json.ts", "notes.txt"]) writeFileSync(join(dir, f), "");
    // Whole seconds: file systems store mtimes with less precision than a JS Date has.
    const later = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
    expect(await touchLoaders(dir, later)).toBe(2);
    expect(statSync(join(dir, "a.arrow.ts")).mtimeMs).toBe(later.getTime());
    expect(statSync(join(dir, "runs/b.json.ts")).mtimeMs).toBe(later.getTime());
    expect(statSync(join(dir, "notes.txt")).mtimeMs).toBeLessThan(later.getTime());
  });
});

describe("watchFolders(folders, onChange)", () => {
  it("reports an edit in a watched folder once, after the debounce", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-watch-"));
    const seen: string[] = [];
    const stop = watchFolders([dir, join(dir, "missing")], (f) => seen.push(f), 50);
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(dir, "loader.ts"), "x");
    writeFileSync(join(dir, "loader.ts"), "xy");
    await new Promise((r) => setTimeout(r, 400));
    stop();
    expect(seen).toEqual([join(dir, "loader.ts")]);
  });
});

describe("siteEnv(warehouse)", () => {
  it("points loaders at an absolute warehouse and disables telemetry", () => {
    const env = siteEnv("some/wh");
    expect(env.BENCHBOOK_WAREHOUSE).toBe(join(process.cwd(), "some/wh"));
    expect(env.OBSERVABLE_TELEMETRY_DISABLE).toBe("true");
  });
});
