// `benchbook dev`: Framework's live preview, plus what Framework cannot see: edits in loaders/ and runners/ and new
// warehouse files re-run the page loaders (Framework only watches a loader's own file).
import {execa} from "execa";
import {defaultWarehouse} from "../warehouse/db.ts";
import {SITE_ROOT, siteEnv, touchLoaders, watchFolders} from "../report/site.ts";
import {fillNpmCache} from "../report/offline-cache.ts";
import {parseCommand, type CommandSpec} from "./args.ts";

export const spec: CommandSpec = {
  name: "dev",
  summary: "Live preview of the report site; re-runs page loaders when loaders/, runners/ or the warehouse change.",
  usage: "[--warehouse <dir>] [--port <n>]",
  options: {
    warehouse: {type: "string", value: "<dir>", description: "Warehouse to show (default: $BENCHBOOK_WAREHOUSE or data/warehouse)"},
    port: {type: "string", value: "<n>", default: "3000", description: "Port of the preview server (127.0.0.1)"}
  }
};

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand(spec, argv);
  if (!args) return 0;
  const warehouse = (args.values.warehouse as string | undefined) ?? defaultWarehouse();
  await fillNpmCache(SITE_ROOT);
  const stop = watchFolders(["loaders", "runners", warehouse], async (file) => {
    const n = await touchLoaders();
    console.warn(`benchbook dev: ${file} changed; re-running ${n} page loaders`);
  });
  try {
    await execa("observable", ["preview", "--host", "127.0.0.1", "--port", String(args.values.port), "--no-open"], {
      preferLocal: true,
      stdio: "inherit",
      env: siteEnv(warehouse)
    });
  } finally {
    stop();
  }
  return 0;
}
