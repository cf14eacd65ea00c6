// How long `benchbook analyze` takes: on the claude_code warehouse (the issue asks for seconds), and on warehouses
// holding the same corpus under several agents' run sets (the joins grow with agents). Prints wall time per run
// (median of --repeats), the time per (agent, commit) and the process's peak RSS.
// Usage: npm run bench:analyze [-- --agents 1,10 --repeats 3]
import {existsSync} from "node:fs";
import {rm, writeFile} from "node:fs/promises";
import {cpus, loadavg} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {analyzeWarehouse} from "../runners/analysis/analyze.ts";
import {ingestPaths} from "../runners/ingest/ingest.ts";

const repoRoot = resolve(import.meta.dirname, "..");
const CORPUS = resolve(repoRoot, "../shared/isobench/claude_code");
const WORK = resolve(repoRoot, "tmp/bench-analyze");

const {values} = parseArgs({options: {agents: {type: "string", default: "1,10"}, repeats: {type: "string", default: "3"}}});
const agentCounts = values.agents.split(",").map(Number);
const repeats = Number(values.repeats);

/** A warehouse with the corpus ingested once per agent (run sets agent_00, agent_01, …); reused if present. */
async function warehouseFor(agents: number): Promise<string> {
  const wh = join(WORK, `agents-${agents}`);
  const marker = join(wh, ".complete");
  if (existsSync(marker)) return wh;
  await rm(wh, {recursive: true, force: true});
  for (let k = 0; k < agents; k++) {
    const name = agents === 1 ? "claude_code" : `agent_${String(k).padStart(2, "0")}`;
    await ingestPaths([CORPUS], {warehouse: wh, agent: name, runSet: name});
  }
  await writeFile(marker, "");
  return wh;
}

console.log(`bench/analyze: ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}, ${repeats} runs each (median reported)`);
for (const agents of agentCounts) {
  const wh = await warehouseFor(agents);
  const times: number[] = [];
  let rows = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const result = await analyzeWarehouse({warehouse: wh});
    times.push((performance.now() - t0) / 1000);
    rows = result.comparisons.length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${String(agents).padStart(3)} agent(s): ${rows} (agent, commit) rows, analyze ${median.toFixed(2)} s median (min ${times[0].toFixed(2)}, max ${times.at(-1)!.toFixed(2)}), ${((median / rows) * 1000).toFixed(2)} ms per row`
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
