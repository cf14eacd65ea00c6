// The five report pages against the warehouse the site was built from (global-setup: data/warehouse): the numbers
// shown are the warehouse's, the explorer filters and opens a commit's measurements, every page has its parts.
import {readFileSync} from "node:fs";
import {afterAll, beforeAll, describe, expect, inject, it} from "vitest";
import type {Browser} from "playwright-core";
import {queryWarehouse} from "../../loaders/warehouse.ts";
import {FAILURE_CLASS_INFO} from "../../runners/analysis/vocabulary.ts";
import {launch, openPage, screenshot, textOf} from "./chromium.ts";
import {timeFilter, waitForDetail} from "./site-build.ts";

const siteUrl = inject("siteUrl");
const WAREHOUSE = "data/warehouse";
const summary = JSON.parse(readFileSync(`${WAREHOUSE}/summary.json`, "utf8"));
let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(async () => browser?.close());

describe("overview", () => {
  it("shows each agent's outcome counts and evaluable total exactly as summary.json has them", async () => {
    const {page, problems} = await openPage(browser, `${siteUrl}/index.html`);
    for (const [agent, s] of Object.entries<{evaluable: number; commits: number; outcomes: Record<string, {count: number}>}>(summary.agents)) {
      const card = page.locator(`.bb-agent[data-agent="${agent}"]`);
      for (const o of ["win", "match", "loss", "failed"]) expect([agent, o, await card.locator(`[data-outcome="${o}"]`).textContent()]).toEqual([agent, o, String(s.outcomes[o].count)]);
      expect(await card.textContent()).toContain(`${s.evaluable} evaluable of ${s.commits} commits`);
    }
    // claude_code from the seed figures: the headline sentence a reader sees first
    const cc = summary.agents.claude_code;
    const ok = cc.outcomes.win.count + cc.outcomes.match.count;
    expect(await textOf(page, '.bb-agent[data-agent="claude_code"] .bb-headline')).toBe(
      `Matches or beats the human patch on ${ok} of ${cc.evaluable} evaluable commits (${Math.round((100 * ok) / cc.evaluable)}%); no measurement from its patch on ${cc.outcomes.failed.count}.`
    );
    const rows = await page.locator("#categories tbody tr").count();
    expect(rows).toBe(11);
    await screenshot(page, "site-overview");
    await page.close();
    expect(problems).toEqual({consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []});
  });
});

describe("three-way explorer", () => {
  it("lists every (agent, commit), filters by category, and shows 3476ed08's measurements and alternatives", async () => {
    const [{n}] = await queryWarehouse<{n: number}>("SELECT count(*)::INTEGER AS n FROM {comparisons}", {warehouse: WAREHOUSE});
    const [{m}] = await queryWarehouse<{m: number}>("SELECT count(*)::INTEGER AS m FROM {comparisons} WHERE category = 'valid_3way'", {warehouse: WAREHOUSE});
    const {page, problems} = await openPage(browser, `${siteUrl}/explorer.html?commit=3476ed08`);
    expect(await textOf(page, "#explorer-count")).toBe(`${n} of ${n} rows match.`);
    // The H100 torch runs compare engine configurations, no agent's patch: they are no agent to choose here.
    expect(await page.locator('[data-filter="agent"] option').allTextContents()).toEqual(["(all)", "claude_code"]);
    const ms = await timeFilter(page, "category", "valid_3way");
    expect(await textOf(page, "#explorer-count")).toBe(`${m} of ${n} rows match.`);
    expect(ms).toBeLessThan(2_000);
    await waitForDetail(page, "3476ed08");
    const detail = await textOf(page, '.bb-detail[data-commit="3476ed08"]');
    // 001 §1 and 000's table both publish 3476ed08; the detail shows both batches and the Qwen baseline of 001.
    expect(detail).toContain("seed 001: §1 Full 3-Way Results");
    expect(detail).toContain("seed 000: Complete 3-Way Benchmarks");
    expect(detail).toContain("Qwen/Qwen2.5-7B-Instruct");
    expect(detail).toContain("Alternatives considered");
    const [v] = await queryWarehouse<{agent_vs_human_pct: number}>("SELECT agent_vs_human_pct FROM {comparisons} WHERE commit = '3476ed08' AND agent = 'claude_code'", {warehouse: WAREHOUSE});
    expect(detail).toContain(`agent vs human −${Math.abs(v.agent_vs_human_pct).toFixed(1)}%`);
    await screenshot(page, "site-explorer");
    await page.close();
    expect(problems).toEqual({consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []});
  });
});

describe("regressions, pipelines, failures", () => {
  it("count the flags and failures of the warehouse", async () => {
    const [{flags}] = await queryWarehouse<{flags: number}>(
      "SELECT count(*)::INTEGER AS flags FROM (SELECT DISTINCT kind, severity, commit, CASE WHEN scope = 'commit' THEN '' ELSE agent END, metric, pct, detail, measurement_ids FROM {flags})",
      {warehouse: WAREHOUSE}
    );
    const [{failures, commits}] = await queryWarehouse<{failures: number; commits: number}>("SELECT count(*)::INTEGER AS failures, count(DISTINCT commit)::INTEGER AS commits FROM {failures}", {warehouse: WAREHOUSE});
    let {page, problems} = await openPage(browser, `${siteUrl}/regressions.html`);
    expect(await textOf(page, "#flag-total")).toBe(`${flags} flags in this warehouse.`);
    await page.close();
    expect(problems.consoleErrors).toEqual([]);
    ({page, problems} = await openPage(browser, `${siteUrl}/failures.html`));
    expect(await textOf(page, "#failure-total")).toBe(`${failures} failed versions across ${commits} commits.`);
    // the seed's words for 35fad35a's agent are the evidence, and the row links to the commit's detail view
    await page.locator("#failure-class select").selectOption({label: FAILURE_CLASS_INFO.server_crashed_after_patch.label});
    await page.waitForFunction(() => document.querySelectorAll("#failure-table tbody tr").length === 2);
    const row = page.locator("#failure-table tbody tr", {hasText: "35fad35a"});
    expect(await row.textContent()).toContain("Server crashed after applying patch");
    expect(await row.locator("a").getAttribute("href")).toBe("./explorer.html?commit=35fad35a#detail");
    await page.close();
    expect(problems.consoleErrors).toEqual([]);
    ({page, problems} = await openPage(browser, `${siteUrl}/pipelines.html`));
    const [{c}] = await queryWarehouse<{c: number}>("SELECT count(DISTINCT commit)::INTEGER AS c FROM {measurements}", {warehouse: WAREHOUSE});
    expect(await textOf(page, "#matrix-note")).toContain(`of ${c} commits shown`);
    await page.close();
    expect(problems.consoleErrors).toEqual([]);
  });
});
