// The evaluation page in real Chromium on the embedded warehouse (data/warehouse, which holds seed 004 from
// data/seeds/seed-004-eval.json): the flags the seed missed are written next to its scores, the slow kernel is
// marked, the drill-down works, and untrusted sample text renders as text.
import {afterAll, beforeAll, describe, expect, inject, it} from "vitest";
import type {Browser, Page} from "playwright-core";
import {launch, openPage, screenshot, textOf, type PageProblems} from "./chromium.ts";

const siteUrl = inject("siteUrl");
const B14 = "Qwen-3 14B AWQ-Marlin, balanced preset (Sept 17)";
let browser: Browser;
let page: Page;
let problems: PageProblems;
beforeAll(async () => {
  browser = await launch();
  ({page, problems} = await openPage(browser, `${siteUrl}/evaluation.html`));
});
afterAll(async () => {
  await screenshot(page, "evaluation-seed-004");
  await browser?.close();
});

const cell = (dataset: string, run: string) => page.locator(`#eval-scores tr[data-dataset="${dataset}"] td[data-run="${run}"]`);

describe("evaluation page on seed 004", () => {
  it("summarises scores, runs and critical flags", async () => {
    expect(await textOf(page, "#eval-summary")).toMatch(/^\d+ scores from \d+ runs; \d+ with a critical flag\.$/);
  });

  it("writes 'below chance' next to ARC-Challenge 20% and HellaSwag 7%", async () => {
    const arc = cell("arc_challenge", B14);
    expect(await arc.locator("strong").textContent()).toBe("20%");
    expect(await arc.locator(".eval-sub").textContent()).toBe("13–29% · n = 100 of 1172");
    expect(await arc.locator("[data-flag]").allTextContents()).toEqual(["below chance", "fewer samples than the benchmark"]);
    const hs = cell("hellaswag", B14);
    expect(await hs.locator("strong").textContent()).toBe("7.0%");
    expect(await hs.locator("[data-flag]").evaluateAll((els) => els.map((e) => e.getAttribute("data-flag")))).toEqual(["below_chance", "nonstandard_metric", "partial_benchmark"]);
    expect(await hs.getAttribute("class")).toContain("eval-critical");
  });

  it("spells every flag out in words below the matrix", async () => {
    const list = await textOf(page, "#eval-flag-list");
    expect(list).toContain("20% is below chance (25% for 4 choices): guessing would do better");
    expect(list).toContain("7.0% is below chance (25% for 4 choices)");
  });

  it("marks the run on the forced awq kernel, and shows HumanEval 74% with its interval", async () => {
    const row = page.locator("#eval-runs tr", {hasText: 'quantization="awq" (kernel test)'});
    expect(await row.locator("[data-flag]").allTextContents()).toEqual(["slow kernel selected"]);
    expect(await cell("humaneval", B14).locator(".eval-sub").textContent()).toBe("65–82% · n = 100 of 164");
    expect(await page.locator("svg[class^=plot]").count()).toBeGreaterThanOrEqual(2);
  });

  it("drills into a dataset: its scores with flags, and says when there are no samples", async () => {
    await page.locator("form", {hasText: "Drill into"}).locator("select").selectOption({label: "ARC-Challenge"});
    await page.waitForFunction(() => document.querySelector("#eval-drill-scores")?.textContent?.includes("of 1172"));
    const rows = page.locator("#eval-drill-scores tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await page.locator("#eval-drill-scores").textContent()).toContain("below chance");
    expect(await textOf(page, "#eval-no-samples")).toMatch(/^No per-sample outputs for this score/);
  });

  it("renders untrusted sample text as text (the page's own drill-down component)", async () => {
    const url = await page.evaluate(() => [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => (l as HTMLLinkElement).href).find((h) => h.includes("/eval-drill.")));
    expect(url).toBeTruthy();
    // A string, so vitest does not rewrite the browser-side dynamic import.
    const result = await page.evaluate(`(async () => {
      const m = await import(${JSON.stringify(url)});
      const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
      const table = m.sampleTable([{eval_id: "e", sample_id: evil, prompt: evil, response: evil, extracted: evil, reference: evil, correct: false, status: "incorrect", why: evil}]);
      document.body.appendChild(table);
      await new Promise((r) => setTimeout(r, 100));
      return {imgs: table.querySelectorAll("img, script").length, text: table.querySelector("td").textContent, pwned: window.__pwned ?? null};
    })()`);
    expect(result).toEqual({imgs: 0, text: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>', pwned: null});
  });

  it("loaded with no console error, failed or foreign request", () => {
    expect(problems).toEqual({consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []});
  });
});
