// `benchbook report`: build the static site from a warehouse (optionally ingesting and analysing first).
import {existsSync} from "node:fs";
import {CliError} from "../errors.ts";
import {defaultWarehouse} from "../warehouse/db.ts";
import {buildSite} from "../report/site.ts";
import {parseCommand, type CommandSpec} from "./args.ts";

export const spec: CommandSpec = {
  name: "report",
  summary: "Build the static report site (dist/) from a warehouse.",
  usage: "[--warehouse <dir>] [--ingest <results dir>]... [--out <dir>]",
  options: {
    warehouse: {type: "string", value: "<dir>", description: "Warehouse to report on (default: $BENCHBOOK_WAREHOUSE or data/warehouse)"},
    ingest: {type: "string", multiple: true, value: "<dir>", description: "Ingest and analyse this results folder into the warehouse first"},
    agent: {type: "string", value: "<name>", description: "With --ingest: the agent the results belong to"},
    out: {type: "string", value: "<dir>", default: "dist", description: "Output folder"}
  },
  details: `The build needs no network: Framework's npm cache is filled from node_modules first, and loader output is
rebuilt from the chosen warehouse every time. Preview the result with \`npx http-server dist\` or any static server,
or use \`benchbook dev\` for a live preview.`
};

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand(spec, argv);
  if (!args) return 0;
  const warehouse = (args.values.warehouse as string | undefined) ?? defaultWarehouse();
  const ingestDirs = (args.values.ingest as string[] | undefined) ?? [];
  if (ingestDirs.length) {
    const {ingestPaths} = await import("../ingest/ingest.ts").catch(() => {
      throw new CliError("benchbook report --ingest: ingest is not available in this build");
    });
    const {analyzeWarehouse} = await import("../analysis/analyze.ts");
    await ingestPaths(ingestDirs, {warehouse, agent: args.values.agent as string | undefined});
    await analyzeWarehouse({warehouse});
  }
  // A mistyped --warehouse would otherwise publish a report of nothing, with every page saying "no data yet".
  if (!existsSync(warehouse)) {
    throw new CliError(`benchbook report: ${warehouse}: no such warehouse folder (ingest results into it first, or pass --ingest <results dir>)`);
  }
  await buildSite({warehouse, out: args.values.out as string});
  return 0;
}
