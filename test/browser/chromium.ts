// Debian's Chromium driven by playwright-core (never a downloaded browser). `openPage` records every console error,
// page error, failed request and request to another origin, so each test can assert there were none.
import {mkdirSync} from "node:fs";
import {chromium, type Browser, type Page} from "playwright-core";

export const CHROMIUM = process.env.BENCHBOOK_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = "test/screenshots";

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  });
}

export type PageProblems = {consoleErrors: string[]; pageErrors: string[]; failedRequests: string[]; foreignRequests: string[]};

/** Opens `url` in a fresh page, waits until the network is idle and Framework has rendered, and returns problems seen. */
export async function openPage(browser: Browser, url: string): Promise<{page: Page; problems: PageProblems}> {
  const origin = new URL(url).origin;
  const page = await browser.newPage({viewport: {width: 1280, height: 900}});
  const problems: PageProblems = {consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: []};
  page.on("console", (m) => m.type() === "error" && problems.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => problems.pageErrors.push(String(e)));
  page.on("requestfailed", (r) => problems.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => r.status() >= 400 && problems.failedRequests.push(`${r.url()} HTTP ${r.status()}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) problems.foreignRequests.push(u);
  });
  await page.goto(url, {waitUntil: "networkidle"});
  await page.waitForFunction(() => !document.querySelector(".observablehq--loading, .observablehq--running"), null, {timeout: 60_000});
  return {page, problems};
}

/** Saves a full-page screenshot under test/screenshots/ (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, {recursive: true});
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({path, fullPage: true});
  return path;
}

/** Text of an element, waiting for it to appear. */
export async function textOf(page: Page, selector: string): Promise<string> {
  await page.waitForSelector(selector, {timeout: 30_000});
  return (await page.textContent(selector))?.trim() ?? "";
}
