// The "Runner runs" page against the warehouse the site was built from: with no runner rows it says how to make
// some; with rows (the committed H100 runs) every measurement has a row, a GPU name, mean ± std and CV, and a
// linkable details section with its environment and exactly what ran.
import {afterAll, beforeAll, describe, expect, inject, it} from "vitest";
import type {Browser} from "playwright-core";
import {runsPage} from "../../loaders/runs.ts";
import {launch, openPage, screenshot, textOf} from "./chromium.ts";

const siteUrl = inject("siteUrl");
/** The warehouse the served site was built from (global-setup builds from data/warehouse). */
const warehouse = process.env.BENCHBOOK_TEST_RUNS_WAREHOUSE ?? "data/warehouse";
let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(async () => browser?.close());

describe("runs page", () => {
  it("shows every runner measurement of the warehouse, or says there are none", async () => {
    const {measurements} = await runsPage(warehouse);
    const {page, problems} = await openPage(browser, `${siteUrl}/runs.html`);
    await screenshot(page, "runs");
    if (!measurements.length) {
      expect(await textOf(page, "#runs-empty")).toContain("This warehouse holds no runner runs yet");
      expect(await page.locator("#runs-table").count()).toBe(0);
    } else {
      const runs = measurements.reduce((s, m) => s + m.runs.length, 0);
      expect(await textOf(page, "#runs-summary")).toContain(`${measurements.length} measurements`);
      expect(await textOf(page, "#runs-summary")).toContain(`${runs} runs`);
      expect(await page.locator("#runs-table tbody tr").count()).toBe(measurements.length);
      const first = measurements[0];
      const row = page.locator(`#row-${first.measurement_id} td`);
      const cells = (await row.allTextContents()).map((c) => c.trim());
      expect(cells[2]).toBe(first.variant);
      expect(cells[3]).toBe(first.status);
      if (first.environment.gpu_name) expect(await row.locator(".gpu").textContent()).toBe(first.environment.gpu_name);
      if (first.headline?.std != null) expect(cells[5]).toContain(" ± ");
      if (first.headline?.cv_pct != null) expect(cells[5]).toContain(`CV ${first.headline.cv_pct.toFixed(1)}%`);
      // the row links to its details, which carry the environment and the exact commands
      await page.click(`#row-${first.measurement_id} a`);
      expect(new URL(page.url()).hash).toBe(`#m-${first.measurement_id}`);
      const detail = page.locator(`#m-${first.measurement_id}`);
      await detail.locator("details").nth(2).locator("summary").click();
      expect(await detail.locator("div.run").count()).toBe(first.runs.length);
      if (first.runs[0]?.command) expect(await detail.locator("div.run pre").first().textContent()).toBe(first.runs[0].server_command ?? first.runs[0].command);
    }
    await page.close();
    expect(problems).toEqual({consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []});
  });

  it("shows the committed H100 runs with the GPU name nvidia-smi reported, when the warehouse has them", async () => {
    const {measurements} = await runsPage(warehouse);
    const h100 = measurements.filter((m) => m.environment.gpu_name === "NVIDIA H100 80GB HBM3");
    const {page} = await openPage(browser, `${siteUrl}/runs.html`);
    const gpuCells = await page.locator("#runs-table tbody tr td.machine .gpu").allTextContents();
    expect(gpuCells.filter((c) => c.trim() === "NVIDIA H100 80GB HBM3").length).toBe(h100.length);
    await page.close();
  });
});
