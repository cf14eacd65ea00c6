// llama-benchy (llama-bench-style benchmarks of any OpenAI-compatible server; seed 003 used 0.1.1): the pipe table it
// prints (`| model | test | t/s | ttfr (ms) | est_ppt (ms) | e2e_ttft (ms) |`, footer `llama-benchy (…)` and
// `date: … | latency mode: …`) and its JSON report (`version`, `latency_mode`, `benchmarks[]` with
// pp_throughput/tg_throughput/ttfr/est_ppt/e2e_ttft as {mean, std, values}). A pp row carries the prefill speed and
// three latencies; they become `ppN`, `ttfr@ppN`, `est_ppt@ppN` and `ttft@ppN` (e2e_ttft is the time to first token).
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {configRow, sweepRow, type ConfigInput, type ResultInput} from "../sweeps/rows.ts";
import {describeSkipped, skippedRows, type Skipped} from "./skipped.ts";
import {latencyLabel, parseWorkload} from "../sweeps/workload.ts";
import type {Row} from "../warehouse/db.ts";
import {findPipeTable, meanStd} from "./llama-bench-table.ts";
import type {FileContext, Format, TableRows} from "./types.ts";

export const LLAMA_BENCHY = "llama-benchy";
export const LLAMA_BENCHY_JSON = "llama-benchy-json";

/** llama-benchy's latency columns and the tracker's latency workloads they are. */
const LATENCY_COLUMNS: Record<string, string> = {
  "ttfr (ms)": "ttfr",
  "est_ppt (ms)": "est_ppt",
  "e2e_ttft (ms)": "ttft"
};
/** Its throughput column is `t/s`, or `t/s (total)` with concurrency above 1. */
const TS_COLUMNS = ["t/s", "t/s (total)", "t/s (req)"];
/** numpy's np.std (population, ddof=0) is what llama-benchy reports; recorded so nobody compares it as n − 1. */
const STD_NOTE = "llama-benchy std is numpy's population std (ddof=0)";

const isBenchyHeader = (h: string[]) =>
  h.includes("test") && h.includes("ttfr (ms)") && TS_COLUMNS.some((c) => h.includes(c));

function tables(ctx: FileContext, format: string, config: ConfigInput, results: ResultInput[]): TableRows {
  const sweeps: Row[] = results.map((r) => sweepRow(ctx, format, config, r));
  return {sweeps, sweep_configs: [configRow(ctx, format, config)]};
}

function benchyConfig(
  model: string,
  version: string | null,
  date: string | null,
  latencyMode: string | null,
  extra: Record<string, unknown> = {}
): ConfigInput {
  return {
    key: "run",
    tracker: model,
    // llama-benchy talks to an OpenAI-compatible endpoint and does not learn which engine serves it.
    engine: "unknown",
    config: `llama-benchy ${model}${date ? ` ${date}` : ""}`,
    tool: version ? `llama-benchy ${version}` : "llama-benchy",
    date,
    model,
    settings: {latency_mode: latencyMode, std: STD_NOTE, ...extra}
  };
}

export const llamaBenchyFormat: Format = {
  name: LLAMA_BENCHY,
  description: "llama-benchy printed table (| model | test | t/s | ttfr (ms) | est_ppt (ms) | e2e_ttft (ms) |)",
  detect({text, json}) {
    if (json !== undefined) return {match: false};
    const table = findPipeTable(text, isBenchyHeader);
    return table ? {match: true, broken: table.rows.length === 0} : {match: false};
  },
  parse({text}, ctx) {
    const table = findPipeTable(text, isBenchyHeader);
    if (!table) {
      throw new InputError(ctx.path, "expected a llama-benchy table (header with test, t/s, ttfr (ms)), found none");
    }
    const version = /^llama-benchy\s*\((?:build:\s*)?([^)]+)\)/m.exec(text)?.[1].trim() ?? null;
    const footer = /^date:\s*([0-9-]+ [0-9:]+)(?:\s*\|\s*latency mode:\s*(\S+))?/m.exec(text);
    const tsColumn = TS_COLUMNS.find((c) => table.header.includes(c))!;
    const results: ResultInput[] = [];
    const skipped: Skipped[] = [];
    let model: string | null = null;
    for (const {cells, line} of table.rows) {
      const w = parseWorkload(cells.test ?? "");
      const ts = meanStd(cells[tsColumn] ?? "");
      if (!w || w.kind === "latency" || !ts) {
        const found = `${JSON.stringify(cells.test)} and ${JSON.stringify(cells[tsColumn])}`;
        skipped.push({line, text: found, reason: `not a llama-benchy row: expected a test like pp2048/tg32 and "mean ± std" ${tsColumn}, found ${found}`});
        continue;
      }
      model ??= cells.model || null;
      results.push({test: w.test, mean: ts.mean, std: ts.std});
      for (const [column, latency] of Object.entries(LATENCY_COLUMNS)) {
        const v = meanStd(cells[column] ?? "");
        if (v) results.push({test: latencyLabel(latency, w.test), mean: v.mean, std: v.std});
      }
    }
    if (!results.length) {
      throw new InputError(ctx.path, `llama-benchy table has no readable rows:\n${describeSkipped(ctx.path, skipped)}`);
    }
    const config = benchyConfig(model ?? "unknown model", version, footer?.[1] ?? null, footer?.[2] ?? null);
    return {tables: {...tables(ctx, LLAMA_BENCHY, config, results), data_quality: skippedRows(ctx, skipped)}};
  }
};

const Metric = z.object({mean: z.number(), std: z.number(), values: z.array(z.number())}).nullish();
const BenchyReport = z.looseObject({
  version: z.string(),
  timestamp: z.string(),
  latency_mode: z.string(),
  latency_ms: z.number(),
  model: z.string(),
  prefix_caching_enabled: z.boolean(),
  max_concurrency: z.number().int(),
  benchmarks: z.array(
    z.looseObject({
      concurrency: z.number().int().positive(),
      context_size: z.number().int().nonnegative(),
      prompt_size: z.number().int().nonnegative(),
      response_size: z.number().int().nonnegative(),
      is_context_prefill_phase: z.boolean(),
      pp_throughput: Metric,
      tg_throughput: Metric,
      ttfr: Metric,
      est_ppt: Metric,
      e2e_ttft: Metric
    })
  )
});

export const llamaBenchyJsonFormat: Format = {
  name: LLAMA_BENCHY_JSON,
  description: "llama-benchy JSON report (version, latency_mode, benchmarks[]: pp/tg t/s, ttfr, est_ppt, e2e_ttft)",
  detect({json}) {
    const o = json as Record<string, unknown> | undefined;
    const keys = !!o && typeof o === "object" && !Array.isArray(o);
    return {match: keys && "benchmarks" in o && "latency_mode" in o && "version" in o};
  },
  parse({json}, ctx) {
    const parsed = BenchyReport.safeParse(json);
    if (!parsed.success) {
      throw new InputError(ctx.path, `not a llama-benchy report:\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    }
    const r = parsed.data;
    const results: ResultInput[] = [];
    for (const b of r.benchmarks) {
      const depth = b.context_size > 0 ? ` @ d${b.context_size}` : "";
      const suffix = `${depth}${b.concurrency > 1 ? ` (c${b.concurrency})` : ""}`;
      const pp = b.is_context_prefill_phase ? `ctx_pp${suffix}` : `pp${b.prompt_size}${suffix}`;
      const tg = b.is_context_prefill_phase ? `ctx_tg${suffix}` : `tg${b.response_size}${suffix}`;
      const add = (test: string, m: z.infer<typeof Metric>) =>
        m && results.push({test, mean: m.mean, std: m.std, n: m.values.length, samples: m.values});
      add(pp, b.pp_throughput);
      add(tg, b.tg_throughput);
      add(latencyLabel("ttfr", pp), b.ttfr);
      add(latencyLabel("est_ppt", pp), b.est_ppt);
      add(latencyLabel("ttft", pp), b.e2e_ttft);
    }
    const config = benchyConfig(r.model, r.version, r.timestamp, r.latency_mode, {
      latency_ms: r.latency_ms,
      max_concurrency: r.max_concurrency,
      // llama-benchy's own two-step cached-context measurement, not the server's prefix caching setting.
      benchy_prefix_caching: r.prefix_caching_enabled
    });
    return {tables: tables(ctx, LLAMA_BENCHY_JSON, config, results)};
  }
};
