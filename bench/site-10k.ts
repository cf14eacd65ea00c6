// The explorer with 10,000 commits: generates a synthetic warehouse (runners/data/synthetic-warehouse.ts, analysed by
// the real analysis), builds the site from it, and measures in Chromium how long a filter takes to update the page
// (from the select's input event to the next painted frame). Target: under FILTER_TARGET_MS.
// Run: flock /tmp/benchbook-browser.lock npx tsx bench/site-10k.ts [commits]
import {rm} from "node:fs/promises";
import {writeSyntheticWarehouse} from "../runners/data/synthetic-warehouse.ts";
import {buildSite} from "../runners/report/site.ts";
import {launch, openPage} from "../test/browser/chromium.ts";
import {serveDir} from "../test/browser/serve.ts";
import {timeFilter} from "../test/browser/site-build.ts";
import {queryWarehouse} from "../loaders/warehouse.ts";

/** The interactivity target for one filter change, in the browser. */
const FILTER_TARGET_MS = 200;
const COMMITS = Number(process.argv[2] ?? 10_000);
const ROOT = "tmp/bench-site-10k";
const AGENTS = ["agent_a", "agent_b"];

const t0 = performance.now();
await writeSyntheticWarehouse(`${ROOT}/warehouse`, {commits: COMMITS, agents: AGENTS, seed: 10});
const [{rows}] = await queryWarehouse<{rows: number}>("SELECT count(*)::INTEGER AS rows FROM {comparisons}", {warehouse: `${ROOT}/warehouse`});
const t1 = performance.now();
console.log(`warehouse: ${COMMITS} commits × ${AGENTS.length} agents = ${rows} comparison rows, generated and analysed in ${((t1 - t0) / 1000).toFixed(1)} s`);
await buildSite({warehouse: `${ROOT}/warehouse`, out: `${ROOT}/dist`});
const t2 = performance.now();
console.log(`site build: ${((t2 - t1) / 1000).toFixed(1)} s`);

const server = await serveDir(`${ROOT}/dist`);
const browser = await launch();
try {
  const {page, problems} = await openPage(browser, `${server.url}/explorer.html`);
  await page.waitForSelector("#explorer-table tbody tr");
  console.log(`explorer ready: ${((performance.now() - t2) / 1000).toFixed(1)} s after the build (load, DuckDB-Wasm, first query)`);
  // Alternate filters so each change alters the row count.
  const steps: [string, string][] = [
    ["agent", "agent_a"],
    ["outcome", "win"],
    ["outcome", "loss"],
    ["agent", "agent_b"],
    ["category", "ha_only"],
    ["category", "(all)"],
    ["outcome", "(all)"],
    ["agent", "(all)"]
  ];
  const times: number[] = [];
  for (const [filter, value] of steps) {
    const ms = await timeFilter(page, filter, value);
    times.push(ms);
    const count = await page.locator("#explorer-count").innerText();
    console.log(`  ${filter} = ${value}: ${ms.toFixed(0)} ms (${count})`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const worst = sorted.at(-1)!;
  console.log(`filter time: median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms; target ${FILTER_TARGET_MS} ms (median/target ${(median / FILTER_TARGET_MS).toFixed(2)}, worst/target ${(worst / FILTER_TARGET_MS).toFixed(2)})`);
  if (problems.consoleErrors.length || problems.pageErrors.length) console.log("page problems:", problems);
} finally {
  await browser.close();
  await server.close();
  await rm(ROOT, {recursive: true, force: true});
}
