// The engine tracker page's data: `sweep_configs` and `sweeps` from the chosen warehouse plus the GPU bandwidth
// table, plus grouped single-stream vLLM/SGLang serving results (runners/sweeps/serving.ts), analysed by
// runners/sweeps/tracker.ts into one view per tracker (current best, matrix, variance, roofline, chart points, run
// log). A warehouse without sweep tables gives an empty list, and the page says so.
import {withDb, sqlString, type Row} from "../runners/warehouse/db.ts";
import {
  buildTracker,
  trackerNames,
  type ConfigRecord,
  type SweepRecord,
  type TrackerView
} from "../runners/sweeps/tracker.ts";
import {DEFAULT_THRESHOLDS, type VarianceThresholds} from "../runners/sweeps/stats.ts";
import type {GpuBandwidth} from "../runners/sweeps/roofline.ts";
import {
  SERVING_ENGINES,
  SERVING_SWEEP_METRICS,
  servingSweeps,
  type ServingMeasurement,
  type ServingMetric
} from "../runners/sweeps/serving.ts";
import {readTable} from "./site-read.ts";
import {tableColumns, type Columns} from "./site-columns.ts";
import {PLUMBING_PARQUET} from "./plumbing.ts";
import {defaultWarehouse} from "./warehouse.ts";

/** data/reference/gpu-bandwidth.parquet (the CSV beside it is its source): the decode roofline's bandwidths. */
export const GPU_BANDWIDTH_PARQUET = PLUMBING_PARQUET;


export type RunResult = {test: string; kind: string; mean: number | null; std: number | null; unit: string; approx: boolean};
export type RunLogEntry = ConfigRecord & {role: string; results: RunResult[]};
export type TrackerPageData = {
  thresholds: VarianceThresholds;
  trackers: (TrackerView & {runs: RunLogEntry[]})[];
};

export async function readBandwidths(path = GPU_BANDWIDTH_PARQUET): Promise<GpuBandwidth[]> {
  const sql = `SELECT gpu, bandwidth_tb_s FROM read_parquet(${sqlString(path)}) ORDER BY gpu`;
  return withDb((db) => db.all<GpuBandwidth>(sql));
}

/** Builds every tracker's view from rows (pure apart from its inputs; tests call it with parsed rows). */
export function trackerPageData(
  configs: Row[],
  sweeps: Row[],
  bandwidths: GpuBandwidth[],
  thresholds = DEFAULT_THRESHOLDS
): TrackerPageData {
  const cfgs = configs as ConfigRecord[];
  const rows = sweeps as SweepRecord[];
  const trackers = trackerNames(cfgs).map((name) => {
    const view = buildTracker(name, cfgs, rows, {bandwidths, thresholds});
    const roleOf = new Map(view.rows.map((r) => [r.config, r.role as string]));
    const runs: RunLogEntry[] = cfgs
      .filter((c) => c.tracker === name)
      .map((c) => ({
        ...c,
        role: roleOf.get(c.config) ?? (c.role as string),
        results: rows
          .filter((s) => s.run_id === c.run_id)
          .map((s) => ({test: s.test, kind: s.kind, mean: s.mean, std: s.std, unit: s.unit, approx: !!s.approx}))
      }))
      .sort((a, b) => (a.date ?? "").localeCompare(b.date ?? "") || a.run_id.localeCompare(b.run_id));
    return {...view, runs};
  });
  return {thresholds, trackers};
}

const SERVING_MEASUREMENT_COLUMNS: Columns = {
  measurement_id: "string",
  run_set: "string",
  source: "string",
  file: "string",
  model: "string",
  variant: "string",
  commit: "string",
  engine_version: "string",
  input_len: "number",
  output_len: "number",
  max_concurrency: "number",
  timestamp: "string",
  status: "string"
};
const SERVING_METRIC_COLUMNS: Columns = {
  measurement_id: "string",
  metric: "string",
  value: "number",
  std: "number",
  n: "number"
};
/** SQL we write (constants), never data: the serving sources and the metrics a serving sweep uses. */
const SERVING_SOURCES_SQL = Object.keys(SERVING_ENGINES).map((s) => `'${s}'`).join(", ");
const SERVING_METRICS_SQL = SERVING_SWEEP_METRICS.map((m) => `'${m}'`).join(", ");

/** Reads the warehouse and returns the page's data. */
export async function trackerData(warehouse = defaultWarehouse()): Promise<TrackerPageData> {
  const [configs, sweeps, measurements, metrics, bandwidths] = await Promise.all([
    readTable("sweep_configs", tableColumns("sweep_configs"), {warehouse, orderBy: "tracker, run_id"}),
    readTable("sweeps", tableColumns("sweeps"), {warehouse, orderBy: "tracker, run_id, test"}),
    readTable("measurements", SERVING_MEASUREMENT_COLUMNS, {
      warehouse,
      where: `source IN (${SERVING_SOURCES_SQL})`,
      orderBy: "measurement_id"
    }),
    readTable("metrics", SERVING_METRIC_COLUMNS, {
      warehouse,
      where: `metric IN (${SERVING_METRICS_SQL})`,
      orderBy: "measurement_id, metric"
    }),
    readBandwidths()
  ]);
  const serving = servingSweeps(measurements as ServingMeasurement[], metrics as ServingMetric[]);
  return trackerPageData([...configs, ...serving.configs], [...sweeps, ...serving.sweeps], bandwidths);
}
