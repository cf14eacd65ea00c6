// Untrusted text renders as text: a result whose commit subject and error carry markup is ingested, analysed and
// built like any other; in every page nothing executes, no element is injected, and the text is visible as typed.
import {mkdirSync, writeFileSync} from "node:fs";
import {rm} from "node:fs/promises";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Browser, Page} from "playwright-core";
import {analyzeWarehouse} from "../../runners/analysis/analyze.ts";
import {ingestPaths} from "../../runners/ingest/ingest.ts";
import {SEED_COLUMNS} from "../../runners/formats/seed-figures.ts";
import {launch, openPage, screenshot} from "./chromium.ts";
import {buildAndServe, waitForDetail} from "./site-build.ts";

const ROOT = "tmp/site-xss";
const IMG = "<img src=x onerror=alert(1)>";
const SCRIPT = "<script>alert(2)</script>";
const HOSTILE = `${IMG} ${SCRIPT}`;

let browser: Browser;
let site: {url: string; close: () => Promise<void>};

beforeAll(async () => {
  await rm(ROOT, {recursive: true, force: true});
  mkdirSync(`${ROOT}/results`, {recursive: true});
  // A seed-figures file whose subject and agent error are hostile: the agent failed, so the error reaches failures too.
  const row = (commit: string, agentValue: string, agentError: string) =>
    ["001", "§1", "2026-01-12", "claude_code", commit, HOSTILE, "serving", "tpot_mean", "m", "", "", "4.8", "4.2", agentValue, "", agentError].join(",");
  writeFileSync(`${ROOT}/results/seed-900-figures.csv`, [SEED_COLUMNS.join(","), row("deadbeef", "", `Server crashed: ${HOSTILE}`), row("cafef00d", "4.3", "")].join("\n") + "\n");
  // What ingest sets aside is shown too: a quarantined file and a skipped JSON Lines line, both carrying markup.
  writeFileSync(`${ROOT}/results/broken.json`, `{"results": ${HOSTILE}}`);
  const sglang = {backend: "sglang", dataset_name: "random", request_rate: 1, completed: 10, mean_e2e_latency_ms: 900, median_e2e_latency_ms: 880, mean_ttft_ms: 40, output_throughput: 500};
  writeFileSync(`${ROOT}/results/sglang.jsonl`, `${JSON.stringify(sglang)}\n${JSON.stringify({...sglang, backend: 7, tag: HOSTILE})}\n`);
  await ingestPaths([`${ROOT}/results`], {warehouse: `${ROOT}/warehouse`});
  await analyzeWarehouse({warehouse: `${ROOT}/warehouse`});
  site = await buildAndServe(`${ROOT}/warehouse`, `${ROOT}/dist`);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await rm(ROOT, {recursive: true, force: true});
});

/** Opens a page, recording any dialog (alert) it raises. */
async function open(path: string): Promise<{page: Page; dialogs: string[]; problems: Awaited<ReturnType<typeof openPage>>["problems"]}> {
  const dialogs: string[] = [];
  const {page, problems} = await openPage(browser, site.url + path);
  page.on("dialog", async (d) => (dialogs.push(d.message()), await d.dismiss()));
  return {page, dialogs, problems};
}

async function injected(page: Page): Promise<{imgs: number; scripts: number}> {
  return page.evaluate(() => ({
    imgs: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.scripts).filter((s) => s.textContent?.includes("alert(2)")).length
  }));
}

describe("hostile subject and error text", () => {
  it("shows as text in the explorer table and detail view, and nothing runs", async () => {
    const {page, dialogs, problems} = await open("/explorer.html?commit=deadbeef");
    await waitForDetail(page, "deadbeef");
    await page.waitForTimeout(500);
    const detail = await page.locator('.bb-detail[data-commit="deadbeef"]').innerText();
    expect(detail).toContain(HOSTILE);
    expect(detail).toContain(`Server crashed: ${HOSTILE}`);
    expect(await page.locator("#explorer-table").innerText()).toContain(IMG);
    expect(await injected(page)).toEqual({imgs: 0, scripts: 0});
    await screenshot(page, "site-xss-explorer");
    await page.close();
    expect(dialogs).toEqual([]);
    expect(problems).toEqual({consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []});
  });

  it("shows as text on the failures, regressions, pipelines and overview pages", async () => {
    for (const path of ["/failures.html", "/regressions.html", "/pipelines.html", "/index.html"]) {
      const {page, dialogs, problems} = await open(path);
      await page.waitForTimeout(500);
      if (path === "/failures.html") expect(await page.locator("#failure-table").innerText()).toContain(`Server crashed: ${IMG}`);
      if (path === "/regressions.html") {
        await page.waitForSelector("#set-aside-table");
        expect(await page.locator("#set-aside-total").innerText()).toBe("1 file quarantined, 1 note.");
        const aside = await page.locator("#set-aside-table").innerText();
        expect(aside).toContain("broken.json");
        expect(aside).toContain(IMG); // the quarantined file's text around the error, and the skipped line
        expect(aside).toMatch(/sglang\.jsonl\s+line 2/);
      }
      expect([path, await injected(page)]).toEqual([path, {imgs: 0, scripts: 0}]);
      await page.close();
      expect([path, dialogs, problems.failedRequests, problems.pageErrors, problems.consoleErrors]).toEqual([path, [], [], [], []]);
    }
  });
});
