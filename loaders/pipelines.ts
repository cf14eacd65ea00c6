// The pipelines page: which (commit, source, version) measurements exist and succeeded, and how far repeated
// measurements of one version agree (the noise picture behind every ± threshold).
import type {Row} from "../runners/warehouse/db.ts";
import {typedArrowStream} from "./site-arrow.ts";
import {METRIC_COLUMNS} from "./site-columns.ts";
import {readTable} from "./site-read.ts";
import {VERIFY_SOURCES} from "../runners/analysis/vocabulary.ts";

/** Build-verification runs measure another thing (often another model): never a repeat. */
const isVerify = (m: Row) => (VERIFY_SOURCES as readonly string[]).includes(m.source as string);

const COVERAGE_TYPES = {
  commit: "string",
  subject: "string",
  source: "string",
  variant: "string",
  agent: "string",
  measurements: "number",
  measured: "number",
  state: "string"
} as const;

/** One row per (commit, source, variant, agent of agent runs): how many measurements, how many with metrics. */
export async function coverageRows(warehouse?: string): Promise<Row[]> {
  const ms = await readTable(
    "measurements",
    {measurement_id: "string", commit: "string", subject: "string", source: "string", variant: "string", agent: "string", status: "string"},
    {warehouse}
  );
  const metrics = await readTable("metrics", {measurement_id: METRIC_COLUMNS.measurement_id}, {warehouse});
  const hasMetric = new Set(metrics.map((m) => m.measurement_id));
  const groups = new Map<string, Row>();
  for (const m of ms) {
    const agent = m.variant === "agent" ? m.agent : null;
    const key = JSON.stringify([m.commit, m.source, m.variant, agent]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = {commit: m.commit, subject: m.subject, source: m.source, variant: m.variant, agent, measurements: 0, measured: 0}));
    (g.measurements as number)++;
    if (hasMetric.has(m.measurement_id)) (g.measured as number)++;
    if (!g.subject && m.subject) g.subject = m.subject;
  }
  const rows: Row[] = [...groups.values()].map((g) => ({...g, state: (g.measured as number) > 0 ? "measured" : "failed"}));
  return rows.sort((a, b) => String(a.commit).localeCompare(String(b.commit)) || String(a.source).localeCompare(String(b.source)));
}

export async function coverageArrow(warehouse?: string): Promise<Uint8Array> {
  return typedArrowStream(await coverageRows(warehouse), COVERAGE_TYPES);
}

const REPEAT_TYPES = {
  commit: "string",
  variant: "string",
  agent: "string",
  metric: "string",
  better: "string",
  model: "string",
  source_a: "string",
  batch_a: "string",
  value_a: "number",
  measurement_id_a: "string",
  source_b: "string",
  batch_b: "string",
  value_b: "number",
  measurement_id_b: "string",
  diff_pct: "number",
  same_source: "boolean"
} as const;

/**
 * Every pair of measurements of the same version (commit, variant, agent), metric, model and mode, from different
 * files (as analysis counts repeats: one file's figures reported twice are not two runs); `diff_pct` is signed so
 * that positive means the later one (b) is better.
 */
export async function repeatRows(warehouse?: string): Promise<Row[]> {
  const ms = await readTable(
    "measurements",
    {
      measurement_id: "string",
      commit: "string",
      variant: "string",
      agent: "string",
      source: "string",
      batch: "string",
      model: "string",
      benchmark_mode: "string",
      timestamp: "string",
      file_sha256: "string"
    },
    {warehouse}
  );
  const metrics = await readTable("metrics", METRIC_COLUMNS, {warehouse, where: "value > 0"});
  const byId = new Map(ms.map((m) => [m.measurement_id as string, m]));
  const groups = new Map<string, {m: Row; x: Row}[]>();
  for (const x of metrics) {
    const m = byId.get(x.measurement_id as string);
    if (!m) continue;
    const key = JSON.stringify([m.commit, m.variant, m.variant === "agent" ? m.agent : null, x.metric, m.model ?? "", m.benchmark_mode ?? ""]);
    const list = groups.get(key) ?? [];
    list.push({m, x});
    groups.set(key, list);
  }
  const out: Row[] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    list.sort((p, q) => String(p.m.timestamp ?? "").localeCompare(String(q.m.timestamp ?? "")) || String(p.m.measurement_id).localeCompare(String(q.m.measurement_id)));
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a.m.file_sha256 != null && a.m.file_sha256 === b.m.file_sha256) continue;
        if (isVerify(a.m) || isVerify(b.m)) continue;
        const va = a.x.value as number;
        const vb = b.x.value as number;
        const sign = a.x.better === "lower" ? -1 : 1;
        out.push({
          commit: a.m.commit,
          variant: a.m.variant,
          agent: a.m.variant === "agent" ? a.m.agent : null,
          metric: a.x.metric,
          better: a.x.better,
          model: a.m.model,
          source_a: a.m.source,
          batch_a: a.m.batch,
          value_a: va,
          measurement_id_a: a.m.measurement_id,
          source_b: b.m.source,
          batch_b: b.m.batch,
          value_b: vb,
          measurement_id_b: b.m.measurement_id,
          diff_pct: (sign * (vb - va) * 100) / va,
          same_source: a.m.source === b.m.source
        });
      }
    }
  }
  return out;
}

export async function repeatsArrow(warehouse?: string): Promise<Uint8Array> {
  return typedArrowStream(await repeatRows(warehouse), REPEAT_TYPES);
}
