// Every page in the config opens in real Chromium with no console error, page error, failed request or request to
// another origin; a screenshot of each is saved for a person to look at.
import {afterAll, beforeAll, describe, expect, inject, it} from "vitest";
import type {Browser} from "playwright-core";
import config from "../../observablehq.config.ts";
import {launch, openPage, screenshot, textOf} from "./chromium.ts";

const siteUrl = inject("siteUrl");
let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(async () => browser?.close());

const pages = config.pages.map((p) => p.path);

describe("the built site", () => {
  it.each(pages)("%s loads with no errors and no foreign requests", async (path) => {
    const file = path === "/" ? "/index.html" : `${path}.html`;
    const {page, problems} = await openPage(browser, siteUrl + file);
    await screenshot(page, path === "/" ? "index" : path.slice(1));
    await page.close();
    expect(problems).toEqual({consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []});
  });

  it("plumbing page shows the numbers of data/reference/gpu-bandwidth.parquet via DuckDB-Wasm", async () => {
    const {page, problems} = await openPage(browser, `${siteUrl}/plumbing.html`);
    expect(await textOf(page, "#plumbing-summary")).toBe("5 GPUs; the fastest reads 4.8 TB/s.");
    const cells = await page.locator("table tbody tr").first().locator("td").allTextContents();
    expect(cells.map((c) => c.trim()).filter(Boolean)).toEqual(["NVIDIA H200", "141", "4.8"]);
    expect(await page.locator("svg[class^=plot] rect").count()).toBe(5);
    await page.close();
    expect(problems.consoleErrors).toEqual([]);
  });
});
