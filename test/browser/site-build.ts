// Builds and serves the report site from another warehouse (synthetic, hostile, empty) inside a browser test, and
// the browser-side measurements the site's tests share (filter latency, what the explorer shows).
import {rm} from "node:fs/promises";
import type {Page} from "playwright-core";
import {buildSite} from "../../runners/report/site.ts";
import {serveDir} from "./serve.ts";

/** Builds `warehouse` into `out` (under tmp/) and serves it; close() stops the server and removes the build. */
export async function buildAndServe(warehouse: string, out: string): Promise<{url: string; close: () => Promise<void>}> {
  await buildSite({warehouse, out});
  const server = await serveDir(out);
  return {url: server.url, close: async () => (await server.close(), await rm(out, {recursive: true, force: true}))};
}

/** Waits for the explorer's detail view of `commit` (it renders after the page's other cells). */
export async function waitForDetail(page: Page, commit: string): Promise<void> {
  await page.waitForSelector(`.bb-detail[data-commit="${commit}"]`, {timeout: 60_000});
}

/**
 * Picks `value` in the explorer's `filter` select and returns the milliseconds, measured in the page, until the
 * matching-rows count has changed and the browser has painted the next frame.
 */
export async function timeFilter(page: Page, filter: string, value: string): Promise<number> {
  // Sent as source text: tsx's name-keeping helpers (`__name`) do not exist in the page.
  return page.evaluate(`(${TIME_FILTER})(${JSON.stringify(filter)}, ${JSON.stringify(value)})`);
}

const TIME_FILTER = `async (f, v) => {
  const count = () => document.querySelector("#explorer-count b")?.textContent ?? "";
  const before = count();
  const select = document.querySelector('[data-filter="' + f + '"] select');
  const t0 = performance.now();
  const changed = new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      if (count() !== before) {
        obs.disconnect();
        resolve();
      }
    });
    obs.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
  // Inputs.select's option values are indices: pick the option by its text.
  select.selectedIndex = Array.from(select.options).findIndex((o) => o.textContent === v);
  select.dispatchEvent(new Event("input", {bubbles: true}));
  await changed;
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  return performance.now() - t0;
}`;
