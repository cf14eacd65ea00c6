// The engine tracker page in Chromium. On the embedded site it must load cleanly (with sweep data, or saying there
// is none). On a site built from seed 003's figures alone, its Current Best table and Comparison Matrix must show
// the report's numbers, "not run" where the report has "-", and link each cell to its run in the run log.
import {mkdirSync, rmSync} from "node:fs";
import {afterAll, beforeAll, describe, expect, inject, it} from "vitest";
import type {Browser, Page} from "playwright-core";
import {trackerData} from "../../loaders/tracker.ts";
import {hasTable} from "../../loaders/warehouse.ts";
import {ingestPaths} from "../../runners/ingest/ingest.ts";
import {buildSite} from "../../runners/report/site.ts";
import {SEED_CURRENT_BEST, SEED_MATRIX, SEED_MATRIX_TESTS, agrees} from "../sweeps/seed-003-expected.ts";
import {launch, openPage, screenshot, textOf} from "./chromium.ts";
import {serveDir} from "./serve.ts";

const siteUrl = inject("siteUrl");
const SEED_WAREHOUSE = "tmp/tracker-browser-warehouse";
let browser: Browser;
let seedSite: {url: string; close: () => Promise<void>};
let page: Page;
let problems: Awaited<ReturnType<typeof openPage>>["problems"];

/** First number in a cell ("4341 ± 12.22" → 4341, "~579" → 579). */
const firstNumber = (text: string) => Number(/-?[\d.]+/.exec(text.replace(/,/g, ""))?.[0]);

beforeAll(async () => {
  browser = await launch();
  rmSync(SEED_WAREHOUSE, {recursive: true, force: true});
  mkdirSync("tmp", {recursive: true});
  await ingestPaths(["data/seeds/seed-003-tracker.json"], {warehouse: SEED_WAREHOUSE});
  const out = `${inject("distDir")}-tracker-seed`;
  await buildSite({warehouse: SEED_WAREHOUSE, out});
  seedSite = await serveDir(out);
  ({page, problems} = await openPage(browser, `${seedSite.url}/tracker.html`));
  await screenshot(page, "tracker-seed-003");
});
afterAll(async () => {
  await page?.close();
  await browser?.close();
  await seedSite?.close();
});

describe("tracker page on the embedded data", () => {
  it("shows sweep data when the warehouse has some, and says so when it has none", async () => {
    const {page: p, problems: pr} = await openPage(browser, `${siteUrl}/tracker.html`);
    if (hasTable("sweeps", "data/warehouse")) await p.waitForSelector("#tracker-matrix", {timeout: 30_000});
    else expect(await textOf(p, "#tracker-empty")).toMatch(/^No sweep data yet/);
    await p.close();
    expect(pr.consoleErrors).toEqual([]);
    expect(pr.pageErrors).toEqual([]);
  });
});

describe("tracker page on the embedded H100 runs", () => {
  it("shows the torch engine's H100 sweep with its roofline percentages", async (ctx) => {
    const data = await trackerData("data/warehouse");
    const h100 = data.trackers.find((t) => t.runs.some((r) => r.engine === "torch" && r.gpu === "NVIDIA H100 80GB HBM3"));
    if (!h100) return ctx.skip("data/warehouse has no torch H100 runs yet (npm run data ingests data/h100)");
    const {page: p, problems: pr} = await openPage(browser, `${siteUrl}/tracker.html?tracker=${encodeURIComponent(h100.tracker)}`);
    await p.waitForSelector("#tracker-roofline");
    const cells = (await p.locator('#tracker-roofline td[data-col="roofline"]').allTextContents()).map((t) => t.trim());
    expect(cells.length).toBe(h100.variance.filter((v) => v.kind === "decode").length);
    expect(cells.every((t) => /^\d+\.\d%$/.test(t))).toBe(true);
    await screenshot(p, "tracker-h100");
    await p.close();
    expect(pr.consoleErrors).toEqual([]);
  });
});

describe("tracker page on seed 003's figures", () => {
  it("loads with no errors", () => {
    expect(problems).toEqual({consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []});
  });

  it("current best shows the report's Current Best Results", async () => {
    await page.waitForSelector("#tracker-best");
    for (const [test, [baseline, best, config, date]] of Object.entries(SEED_CURRENT_BEST)) {
      const row = page.locator(`#tracker-best tr[data-test="${test}"]`);
      const cell = async (col: string) => (await row.locator(`td[data-col="${col}"]`).textContent())!.trim();
      expect(agrees(firstNumber(await cell("baseline")), baseline), `${test} baseline`).toBe(true);
      expect(agrees(firstNumber(await cell("best")), best), `${test} best`).toBe(true);
      expect(await cell("config")).toBe(config);
      expect(await cell("gain")).toBe("±0.0%");
      expect((await row.locator("td").last().textContent())!.trim()).toBe(date);
    }
  });

  it("comparison matrix shows the report's Comparison Matrix, 'not run' where it has '-'", async () => {
    for (const [config, values] of Object.entries(SEED_MATRIX)) {
      const row = page.locator(`#tracker-matrix tr[data-config="${config}"]`);
      expect(await row.count(), config).toBe(1);
      for (const [i, test] of SEED_MATRIX_TESTS.entries()) {
        const text = (await row.locator(`td[data-test="${test}"]`).textContent())!.trim();
        if (values[i] === null) expect(text, `${config} ${test}`).toBe("not run");
        else expect(agrees(firstNumber(text), values[i]!), `${config} ${test}: ${text}`).toBe(true);
      }
    }
  });

  it("links a matrix cell to its run in the run log, which shows backends requested vs used", async () => {
    const link = page.locator('#tracker-matrix tr[data-config="Upstream Baseline"] td[data-test="pp2048"] a');
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(/^#run-/);
    await link.click();
    expect(new URL(page.url()).hash).toBe(href);
    const run = page.locator(href);
    await expect.poll(() => run.isVisible()).toBe(true);
    const text = (await run.textContent())!;
    expect(text).toContain("attention: requested auto, used TRITON_ATTN");
    expect(text).toContain("GPU has no native FP4: weight-only FP4 compression (Marlin)");
    expect(text).toContain("commit: ac9f9330e");
  });

  it("flags the variance the report noted (pp512 high, pp2048 suspiciously low)", async () => {
    const flags = async (config: string, test: string) =>
      page.locator(`#tracker-variance tr[data-config="${config}"][data-test="${test}"]`).getAttribute("data-flags");
    expect(await flags("Upstream Baseline", "pp512")).toBe("high-cv");
    expect(await flags("Upstream Baseline", "pp2048")).toBe("low-prefill-cv");
    expect(await flags("Upstream Baseline", "tg128")).toBe("");
  });

  it("draws the prefill and decode charts with one line per measured configuration", async () => {
    expect(await page.locator('svg[aria-label="prefill throughput"]').count()).toBe(1);
    expect(await page.locator('svg[aria-label="decode throughput"]').count()).toBe(1);
  });
});
