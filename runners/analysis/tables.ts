// The contract of analysis outputs (comparisons, flags, failures): column names and DuckDB types, defined once.
// The report pages read these names; issue 4 fixes the core ones, the rest explain each verdict.
import type {TableSchema} from "../warehouse/schema.ts";

export const ANALYSIS_TABLES: Record<"comparisons" | "flags" | "failures", TableSchema> = {
  /** One row per (agent, commit) for every commit any run set knows. */
  comparisons: {
    columns: {
      agent: "VARCHAR",
      commit: "VARCHAR",
      subject: "VARCHAR",
      model: "VARCHAR",
      /** Pipeline family of the chosen combination (or of the evidence the category rests on). */
      source: "VARCHAR",
      category: "VARCHAR",
      category_reason: "VARCHAR",
      outcome: "VARCHAR",
      /** false when another comparable combination gives another outcome (the verdict is unstable). */
      stable: "BOOLEAN",
      primary_metric: "VARCHAR",
      primary_metric_reason: "VARCHAR",
      metric_unit: "VARCHAR",
      metric_better: "VARCHAR",
      benchmark_kind: "VARCHAR",
      request_rate: "DOUBLE",
      baseline_value: "DOUBLE",
      human_value: "DOUBLE",
      agent_value: "DOUBLE",
      human_vs_baseline_pct: "DOUBLE",
      agent_vs_baseline_pct: "DOUBLE",
      agent_vs_human_pct: "DOUBLE",
      threshold_pct: "DOUBLE",
      baseline_measurement_id: "VARCHAR",
      human_measurement_id: "VARCHAR",
      agent_measurement_id: "VARCHAR",
      baseline_file: "VARCHAR",
      human_file: "VARCHAR",
      agent_file: "VARCHAR",
      /** Distinct (source, batch) among the chosen measurements. */
      batches: "INTEGER",
      /** Comparable combinations considered (the chosen one included). */
      comparable_candidates: "INTEGER",
      /** The most preferred comparable combination whose outcome differs (unstable verdicts). */
      conflicting_agent_vs_human_pct: "DOUBLE",
      conflicting_outcome: "VARCHAR",
      /** Reason from benchbook.config.json when it set the primary metric. */
      config_override: "VARCHAR",
      /** JSON array: every other combination considered, with ids, files, values, outcome, and why it lost or failed. */
      alternatives: "VARCHAR",
      /** JSON array: every other metric the chosen measurements share, with values and the three improvements. */
      other_metrics: "VARCHAR"
    },
    orderBy: ["agent", "commit"]
  },
  flags: {
    columns: {
      agent: "VARCHAR",
      commit: "VARCHAR",
      kind: "VARCHAR",
      severity: "VARCHAR",
      detail: "VARCHAR",
      /** Comma-separated measurement ids the flag is about. */
      measurement_ids: "VARCHAR",
      metric: "VARCHAR",
      pct: "DOUBLE",
      /** `commit` when the flag is about shared baseline/human measurements (repeated for every agent), else `agent`. */
      scope: "VARCHAR"
    },
    orderBy: ["agent", "commit", "kind", "measurement_ids", "detail"]
  },
  failures: {
    columns: {
      commit: "VARCHAR",
      variant: "VARCHAR",
      /** The measurement's agent, or its run set's agent for baseline/human attempts. */
      agent: "VARCHAR",
      source: "VARCHAR",
      failure_class: "VARCHAR",
      evidence: "VARCHAR",
      status: "VARCHAR",
      run_set: "VARCHAR",
      file: "VARCHAR",
      measurement_id: "VARCHAR"
    },
    orderBy: ["commit", "variant", "source", "run_set", "file", "measurement_id"]
  }
};

/** Version of the analysis outputs' shape, written into summary.json. */
export const ANALYSIS_SCHEMA_VERSION = 1;
