// The analysis outputs the report pages read, as the analysis issue names them. Pages ask for these columns and get
// them even when a table is missing (empty) or an older warehouse lacks a column (NULL), so a page never breaks on
// a partial warehouse.
import type {ColumnTypes} from "./arrow.ts";

type Kind = "string" | "number" | "boolean";
export type Columns = Record<string, Kind>;

const SQL_TYPE: Record<Kind, string> = {string: "VARCHAR", number: "DOUBLE", boolean: "BOOLEAN"};

/** One row per (agent, commit): the three-way verdict. */
export const COMPARISON_COLUMNS = {
  agent: "string",
  commit: "string",
  subject: "string",
  model: "string",
  source: "string",
  category: "string",
  category_reason: "string",
  outcome: "string",
  primary_metric: "string",
  primary_metric_reason: "string",
  baseline_value: "number",
  human_value: "number",
  agent_value: "number",
  human_vs_baseline_pct: "number",
  agent_vs_baseline_pct: "number",
  agent_vs_human_pct: "number",
  stable: "boolean",
  baseline_measurement_id: "string",
  human_measurement_id: "string",
  agent_measurement_id: "string"
} satisfies Columns;

/** One row per flag raised by analysis. */
export const FLAG_COLUMNS = {
  agent: "string",
  commit: "string",
  kind: "string",
  severity: "string",
  detail: "string",
  metric: "string",
  value_a: "number",
  value_b: "number",
  measurement_id_a: "string",
  measurement_id_b: "string"
} satisfies Columns;

/** One row per version attempted but not measured. */
export const FAILURE_COLUMNS = {
  commit: "string",
  variant: "string",
  agent: "string",
  source: "string",
  failure_class: "string",
  evidence: "string",
  measurement_id: "string"
} satisfies Columns;

/** The measurement columns the explorer's detail view and the pipelines page show. */
export const MEASUREMENT_COLUMNS = {
  measurement_id: "string",
  run_set: "string",
  agent: "string",
  commit: "string",
  variant: "string",
  source: "string",
  batch: "string",
  file: "string",
  status: "string",
  error: "string",
  model: "string",
  benchmark_mode: "string",
  perf_command: "string",
  dataset_name: "string",
  input_len: "number",
  output_len: "number",
  num_prompts: "number",
  request_rate: "number",
  max_concurrency: "number",
  executed_model: "string",
  declared_dataset_name: "string",
  declared_input_len: "number",
  declared_output_len: "number",
  declared_num_prompts: "number",
  declared_request_rate: "number",
  engine_version: "string",
  timestamp: "string",
  subject: "string",
  has_agent_patch: "boolean",
  raw_log_excerpt: "string",
  server_log_excerpt: "string"
} satisfies Columns;

export const METRIC_COLUMNS = {
  measurement_id: "string",
  metric: "string",
  value: "number",
  unit: "string",
  better: "string",
  origin: "string"
} satisfies Columns;

/** `SELECT` list that reads `wanted` from a relation whose actual columns are `present`, NULL where one is missing. */
export function selectList(wanted: Columns, present: Iterable<string>): string {
  const have = new Set(present);
  return Object.entries(wanted)
    .map(([name, kind]) => (have.has(name) ? `CAST("${name}" AS ${SQL_TYPE[kind]}) AS "${name}"` : `NULL::${SQL_TYPE[kind]} AS "${name}"`))
    .join(", ");
}

/** The empty relation `queryWarehouse` substitutes for a missing table. */
export function emptyRelation(wanted: Columns): string {
  return selectList(wanted, []);
}

/** Arrow column types, so all-null columns keep their type in the page. */
export function arrowTypes(wanted: Columns): ColumnTypes {
  return {...wanted};
}
