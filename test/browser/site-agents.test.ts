// The pages with one agent, seven agents (one of them with nothing evaluable), a multi-megabyte log, a warehouse with
// no tables at all, and one of engine-configuration runs alone: every page builds and opens with no error, and the
// overview draws one card per agent (or says why there is none).
import {mkdirSync} from "node:fs";
import {rm} from "node:fs/promises";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Browser} from "playwright-core";
import config from "../../observablehq.config.ts";
import {readSummaryJson} from "../../loaders/site-read.ts";
import {queryWarehouse} from "../../loaders/warehouse.ts";
import {writeSyntheticWarehouse} from "../../runners/data/synthetic-warehouse.ts";
import {analyzeWarehouse} from "../../runners/analysis/analyze.ts";
import {ingestPaths} from "../../runners/ingest/ingest.ts";
import {launch, openPage, screenshot} from "./chromium.ts";
import {buildAndServe, timeFilter, waitForDetail} from "./site-build.ts";

const ROOT = "tmp/site-agents";
const SEVEN = ["agent_a", "agent_b", "agent_c", "agent_d", "agent_e", "agent_f", "idle_agent"];
/** Characters of raw log on every failed synthetic agent run (2 MB). */
const LONG_LOG = 2_000_000;
const SITE_PAGES = ["/index.html", "/explorer.html", "/regressions.html", "/pipelines.html", "/failures.html"];

let browser: Browser;
beforeAll(async () => {
  await rm(ROOT, {recursive: true, force: true});
  mkdirSync(ROOT, {recursive: true});
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await rm(ROOT, {recursive: true, force: true});
});

async function everyPageClean(url: string, label: string) {
  for (const path of SITE_PAGES) {
    const {page, problems} = await openPage(browser, url + path);
    await page.close();
    expect([label, path, problems]).toEqual([label, path, {consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []}]);
  }
}

describe("seven agents, one with nothing evaluable, 2 MB logs", () => {
  it("draws seven cards and leaderboard rows; the long log is cut and the page stays responsive", {timeout: 300_000}, async () => {
    const warehouse = `${ROOT}/seven`;
    await writeSyntheticWarehouse(warehouse, {commits: 80, agents: SEVEN, emptyAgents: ["idle_agent"], logChars: LONG_LOG, seed: 7});
    const site = await buildAndServe(warehouse, `${ROOT}/dist-seven`);
    try {
      await everyPageClean(site.url, "seven");
      const {page} = await openPage(browser, `${site.url}/index.html`);
      expect(await page.locator(".bb-agent").count()).toBe(7);
      expect(await page.locator('.bb-agent[data-agent="idle_agent"] .bb-headline').innerText()).toBe("No evaluable commit for this agent yet.");
      expect(await page.locator("#leaderboard tbody tr").count()).toBe(7);
      await screenshot(page, "site-seven-agents");
      await page.close();
      // A failed agent run carries a 2 MB log; the detail view gets the cut excerpt and filtering stays fast.
      const summary = (await readSummaryJson(warehouse)) as {agents: Record<string, {outcomes: {failed: {count: number}}}>};
      expect(summary.agents.agent_a.outcomes.failed.count).toBeGreaterThan(0);
      // agent_a's first failed run (in commit order) is the one carrying the 2 MB log
      const [{commit}] = await queryWarehouse<{commit: string}>(
        "SELECT commit FROM {comparisons} WHERE agent = 'agent_a' AND outcome = 'failed' ORDER BY commit LIMIT 1",
        {warehouse}
      );
      const {page: ex, problems} = await openPage(browser, `${site.url}/explorer.html?commit=${commit}`);
      await waitForDetail(ex, commit);
      const log = ex.locator(`.bb-detail[data-commit="${commit}"] pre.bb-log`).filter({hasText: "characters cut by BenchBook"}).first();
      await log.evaluate((el) => ((el.parentElement as HTMLDetailsElement).open = true));
      expect((await log.innerText()).length).toBeLessThan(20_000);
      const ms = await timeFilter(ex, "agent", "agent_b");
      expect(ms).toBeLessThan(2_000);
      await screenshot(ex, "site-long-log");
      await ex.close();
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});

describe("one agent", () => {
  it("draws one card and every page opens cleanly", {timeout: 300_000}, async () => {
    const warehouse = `${ROOT}/one`;
    await writeSyntheticWarehouse(warehouse, {commits: 12, agents: ["solo"], seed: 3});
    const site = await buildAndServe(warehouse, `${ROOT}/dist-one`);
    try {
      await everyPageClean(site.url, "one");
      const {page} = await openPage(browser, `${site.url}/index.html`);
      expect(await page.locator(".bb-agent").count()).toBe(1);
      await page.close();
    } finally {
      await site.close();
    }
  });
});

describe("a warehouse with no tables", () => {
  it("builds, and every page says there is nothing yet instead of failing", {timeout: 300_000}, async () => {
    const warehouse = `${ROOT}/empty`;
    mkdirSync(warehouse, {recursive: true});
    const site = await buildAndServe(warehouse, `${ROOT}/dist-empty`);
    try {
      await everyPageClean(site.url, "empty");
      const {page} = await openPage(browser, `${site.url}/index.html`);
      expect(await page.locator("#overview-empty").innerText()).toContain("no summary.json yet");
      await page.close();
      // the other pages of the config (tracker, runs, …) still open: one broken page would break the build
      expect(config.pages.length).toBeGreaterThan(SITE_PAGES.length);
    } finally {
      await site.close();
    }
  });
});

describe("a warehouse of engine-configuration runs only (data/h100: no agent's patch)", () => {
  it("judges no agent, says where those runs are, and the engine tracker shows them", {timeout: 300_000}, async () => {
    const warehouse = `${ROOT}/h100`;
    await ingestPaths(["data/h100"], {warehouse});
    const {summary} = await analyzeWarehouse({warehouse});
    expect(summary.agents).toEqual({});
    const site = await buildAndServe(warehouse, `${ROOT}/dist-h100`);
    try {
      await everyPageClean(site.url, "h100");
      const {page} = await openPage(browser, `${site.url}/index.html`);
      expect(await page.locator("#overview-empty").innerText()).toContain("no agent-version measurement names an agent");
      expect(await page.locator("#overview-empty a").getAttribute("href")).toBe("./tracker");
      expect(await page.locator("#leaderboard-empty").innerText()).toBe("No agent to rank.");
      expect(await page.locator("#categories-empty").innerText()).toBe("No commit was judged for an agent.");
      await screenshot(page, "site-h100-overview");
      await page.close();
      const tracker = await openPage(browser, `${site.url}/tracker.html`);
      expect(await tracker.page.locator("select").first().inputValue()).not.toBe("");
      expect(await tracker.page.locator("body").innerText()).toContain("agent (sdpa, static cache, torch.compile, CUDA graphs, bf16)");
      await tracker.page.close();
    } finally {
      await site.close();
    }
  });
});
