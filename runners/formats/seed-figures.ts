// Figures typed in from the user's hand-written reports (data/seeds/seed-*-figures.csv): one CSV row per commit,
// metric and published table, with the baseline, human and agent values the report printed. They become ordinary
// measurements (source `seed_report`, one batch per report table) so analysis treats them as one pipeline family.
import {csvParse} from "d3-dsv";
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {metricInfo, resolveMetric} from "../model/metrics.ts";
import {VARIANTS, type Variant} from "../analysis/vocabulary.ts";
import type {Row} from "../warehouse/db.ts";
import type {FileContext, Format, ParseResult} from "./types.ts";

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

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
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

/** Turns seed rows into measurement and metric rows: one measurement per (table, commit, variant). */
export function seedRowsToTables(rows: SeedRow[], ctx: FileContext): ParseResult {
  const measurements = new Map<string, Row>();
  const metrics: Row[] = [];
  const dataQuality: Row[] = [];
  for (const row of rows) {
    const batch = `seed ${row.seed}: ${row.table}`;
    for (const variant of VARIANTS) {
      const value = valueOf(row, variant);
      const error = errorOf(row, variant);
      if (value === null && error === null) continue;
      const id = `seed${row.seed}-${slug(row.table)}-${row.commit}-${variant}`;
      let m = measurements.get(id);
      if (!m) {
        m = {
          measurement_id: id,
          run_set: ctx.runSet,
          agent: row.agent,
          commit: row.commit,
          commit_full: row.commit.length === 40 ? row.commit : null,
          variant,
          source: SEED_SOURCE,
          batch,
          file: ctx.path,
          file_sha256: ctx.sha256,
          status: "success",
          error: null,
          model: (variant === "baseline" ? row.baseline_model : null) ?? row.model,
          benchmark_mode: (variant === "baseline" ? row.baseline_mode : null) ?? row.mode,
          timestamp: row.date,
          subject: row.subject,
          has_agent_patch: variant === "agent" ? true : null
        };
        measurements.set(id, m);
      }
      if (error !== null) {
        m.status = "error";
        m.error = error;
      }
      if (value !== null) {
        const {name, factor} = resolveMetric(row.metric)!;
        const info = metricInfo(name)!;
        if (value <= 0) {
          // A zero means "not measured" in these reports (a3223766's TPOT with one output token): kept, not a metric.
          dataQuality.push({measurement_id: id, file: ctx.path, field: `${variant}_value`, metric: name, value_text: String(value), reason: "not a measurement (≤ 0)"});
          continue;
        }
        metrics.push({measurement_id: id, metric: name, value: Number((value * factor).toPrecision(12)), unit: info.unit, better: info.better, origin: SEED_SOURCE, n: null, std: null});
      }
    }
  }
  return {tables: {measurements: [...measurements.values()], metrics, data_quality: dataQuality}};
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
