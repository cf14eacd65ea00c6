// Figures typed in from the user's hand-written reports (data/seeds/seed-*-figures.csv): one CSV row per commit,
// metric and published table, with the baseline, human and agent values the report printed. They become ordinary
// measurements (source `seed_report`, one batch per report table) so analysis treats them as one pipeline family.
import {csvParse} from "d3-dsv";
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {resolveMetric} from "../model/metrics.ts";
import {FileRows, STATUS_NO_METRICS, STATUS_SUCCESS, type Source} from "../model/measurement.ts";
import {VARIANTS, type Variant} from "../analysis/vocabulary.ts";
import type {FileContext, Format, ParseResult, TableRows} from "./types.ts";

/** The measurement source (pipeline family) of every row this format writes. */
export const SEED_SOURCE = "seed_report";

/** Columns a seed figures CSV must have, in this order. */
export const SEED_COLUMNS = [
  "seed",
  "table",
  "date",
  "agent",
  "commit",
  "subject",
  "mode",
  "metric",
  "model",
  "baseline_model",
  "baseline_mode",
  "baseline_value",
  "human_value",
  "agent_value",
  "human_error",
  "agent_error"
] as const;

const blank = (s: string) => s.trim() === "";
const optionalText = z.string().transform((s) => (blank(s) ? null : s.trim()));
const optionalNumber = z
  .string()
  .refine((s) => blank(s) || Number.isFinite(Number(s.replaceAll(",", ""))), "expected a number or an empty cell")
  .transform((s) => (blank(s) ? null : Number(s.replaceAll(",", ""))));

const SeedRow = z.object({
  seed: z.string().regex(/^\d{3}$/, "expected the seed report number, e.g. 001"),
  table: z.string().min(1, "expected the report section or table the figures come from"),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected the report's date as YYYY-MM-DD"),
  agent: z.string().min(1, "expected the agent whose run set the report describes"),
  commit: z.string().regex(/^[0-9a-f]{7,40}$/, "expected a commit hash"),
  subject: optionalText,
  mode: optionalText,
  metric: z.string().refine((m) => resolveMetric(m) !== null, "expected a metric name the catalogue knows (runners/model/metrics.ts)"),
  model: optionalText,
  baseline_model: optionalText,
  baseline_mode: optionalText,
  baseline_value: optionalNumber,
  human_value: optionalNumber,
  agent_value: optionalNumber,
  human_error: optionalText,
  agent_error: optionalText
});
type SeedRow = z.infer<typeof SeedRow>;

function headerOf(text: string): string[] {
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  return first.split(",").map((h) => h.trim());
}

/** Parses the CSV text into validated rows; errors name `file:line: column`. */
export function parseSeedRows(text: string, path: string): SeedRow[] {
  const header = headerOf(text);
  const missing = SEED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new InputError(`${path}:1`, `expected columns ${missing.join(", ")}; found header ${JSON.stringify(header.join(","))}`);
  return csvParse(text).map((raw, i) => {
    const parsed = SeedRow.safeParse(raw);
    if (!parsed.success) throw new InputError(`${path}:${i + 2}`, formatZodIssues("", parsed.error.issues).replace(/^: /gm, ""));
    return parsed.data;
  });
}

function valueOf(row: SeedRow, variant: Variant): number | null {
  return row[`${variant}_value`];
}

function errorOf(row: SeedRow, variant: Variant): string | null {
  return variant === "baseline" ? null : row[`${variant}_error`];
}

/**
 * Turns seed rows into measurement and metric rows: one measurement per (report table, commit, variant), built with
 * FileRows like every other format. The agent comes from the CSV (a report describes one agent's run set).
 */
export function seedRowsToTables(rows: SeedRow[], ctx: FileContext): ParseResult {
  const agents = [...new Set(rows.map((r) => r.agent))];
  const builders = new Map(
    // One builder per agent; with several agents in one file each gets its own id space (`file#agent`).
    agents.map((agent) => [agent, new FileRows({...ctx, agent, path: agents.length > 1 ? `${ctx.path}#${agent}` : ctx.path}, SEED_SOURCE as Source)])
  );
  const ids = new Map<string, string>();
  rows.forEach((row, i) => {
    const b = builders.get(row.agent)!;
    const batch = `seed ${row.seed}: ${row.table}`;
    for (const variant of VARIANTS) {
      const value = valueOf(row, variant);
      const error = errorOf(row, variant);
      if (value === null && error === null) continue;
      const key = JSON.stringify([row.agent, batch, row.commit, variant]);
      let id = ids.get(key);
      if (!id) {
        id = b.measurement({
          variant,
          commit: row.commit,
          batch,
          status: STATUS_NO_METRICS,
          error,
          model: (variant === "baseline" ? row.baseline_model : null) ?? row.model,
          benchmark_mode: (variant === "baseline" ? row.baseline_mode : null) ?? row.mode,
          timestamp: row.date,
          subject: row.subject,
          has_agent_patch: variant === "agent" ? true : null
        });
        ids.set(key, id);
      }
      if (value !== null) b.addMetrics(id, {[row.metric]: value}, "structured", `line ${i + 2}.${variant}_value`);
      if (b.metricCount(id) > 0) b.setStatus(id, error ? "error" : STATUS_SUCCESS);
      else if (error) b.setStatus(id, "error");
    }
  });
  const tables: TableRows = {measurements: [], metrics: [], data_quality: []};
  for (const b of builders.values()) for (const [name, list] of Object.entries(b.tables())) tables[name].push(...list);
  return {tables};
}

export const seedFigures: Format = {
  name: "seed-figures",
  description: "Figures typed in from a hand-written report (data/seeds/seed-*-figures.csv)",
  detect({text, json}) {
    if (json !== undefined) return {match: false};
    const header = headerOf(text);
    // The first column and the value columns identify the format; missing others makes it a broken seed file.
    const match = header[0] === "seed" && header.includes("baseline_value") && header.includes("agent_value");
    return {match, broken: match && !SEED_COLUMNS.every((c) => header.includes(c))};
  },
  parse({text}, ctx) {
    return seedRowsToTables(parseSeedRows(text, ctx.path), ctx);
  }
};
