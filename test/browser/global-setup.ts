// Builds the site once from the embedded default data (unless BENCHBOOK_SKIP_BUILD=1 and dist/ exists), serves it,
// and hands the URL to the browser tests.
import {existsSync} from "node:fs";
import type {TestProject} from "vitest/node";
import {buildSite} from "../../runners/report/site.ts";
import {serveDir} from "./serve.ts";

declare module "vitest" {
  export interface ProvidedContext {
    siteUrl: string;
    distDir: string;
  }
}

export default async function setup(project: TestProject) {
  const distDir = process.env.BENCHBOOK_TEST_DIST ?? "dist";
  if (!(process.env.BENCHBOOK_SKIP_BUILD === "1" && existsSync(distDir))) await buildSite({warehouse: "data/warehouse", out: distDir});
  const server = await serveDir(distDir);
  project.provide("siteUrl", server.url);
  project.provide("distDir", distDir);
  return () => server.close();
}
