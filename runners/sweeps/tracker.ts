// The tracker's analysis as pure functions over `sweep_configs` and `sweeps` rows: roles resolved, one cell per
// configuration × workload, the current best per workload with its gain over the baseline configuration, the
// comparison matrix with "not run" cells, variance flags and decode roofline. Pages and tests call `buildTracker`.
import {findBandwidth, rooflinePct, rooflineTokS, type GpuBandwidth} from "./roofline.ts";
import type {ConfigRole, ConfigStatus} from "./rows.ts";
import {DEFAULT_THRESHOLDS, varianceFlags, type VarianceFlag, type VarianceThresholds} from "./stats.ts";
import {compareWorkloads, parseWorkload, type Workload, type WorkloadKind} from "./workload.ts";

/** The `sweep_configs` columns the analysis reads. */
export type ConfigRecord = {
  run_id: string;
  tracker: string;
  engine: string;
  config: string;
  role: string | null;
  status: string | null;
  status_note?: string | null;
  date: string | null;
  gpu?: string | null;
  model_size_bytes?: number | null;
  [key: string]: unknown;
};

/** The `sweeps` columns the analysis reads. */
export type SweepRecord = {
  run_id: string;
  tracker: string;
  config: string;
  test: string;
  kind: string;
  mean: number | null;
  std: number | null;
  n: number | null;
  cv_pct: number | null;
  unit: string;
  better: string;
  approx?: boolean | null;
  bytes_per_token?: number | null;
  roofline_tok_s?: number | null;
  roofline_pct?: number | null;
  date?: string | null;
  note?: string | null;
  [key: string]: unknown;
};

/**
 * Engines whose benchmark harness starts every repeat from an empty KV cache (llama-bench clears the context memory
 * before each repetition; torch_bench.py builds a fresh cache per run), so a warmed prefix cache cannot explain a
 * steady prefill. A configuration's own `prefix_caching` setting, when recorded, takes precedence.
 */
export const COLD_CACHE_ENGINES: readonly string[] = ["llama.cpp", "torch"];

/** Roles that compete for "current best"; controls (parity checks) and references (other engines) never do. */
export const BEST_ROLES: readonly ConfigRole[] = ["baseline", "candidate"];
const ROLE_ORDER: readonly string[] = ["baseline", "control", "candidate", "reference"];
const STATUS_ORDER: readonly string[] = ["complete", "pending", "blocked", "todo"];

export type Cell = {
  config: string;
  test: string;
  kind: WorkloadKind;
  unit: string;
  better: string;
  mean: number;
  std: number | null;
  n: number | null;
  cv_pct: number | null;
  approx: boolean;
  /** The run the figure comes from (the best of the configuration's runs) and how many runs measured it. */
  run_id: string;
  runs: number;
  flags: VarianceFlag[];
  roofline_tok_s: number | null;
  roofline_pct: number | null;
  note: string | null;
};

export type MatrixRow = {
  config: string;
  role: ConfigRole;
  engine: string;
  status: ConfigStatus | string;
  status_note: string | null;
  run_ids: string[];
};

export type BestRow = {
  test: string;
  kind: WorkloadKind;
  unit: string;
  better: string;
  baseline_config: string | null;
  baseline_mean: number | null;
  baseline_approx: boolean;
  best_config: string;
  best_mean: number;
  best_approx: boolean;
  best_run_id: string;
  /** Improvement over the baseline in percent (positive = better, for either direction); null without a baseline. */
  gain_pct: number | null;
  date: string | null;
};

export type TrackerView = {
  tracker: string;
  rows: MatrixRow[];
  workloads: Pick<Workload, "test" | "kind" | "n_prompt" | "n_gen" | "n_depth" | "unit" | "better">[];
  /** Matrix cells by `${config}\u0000${test}`; a missing key is a "not run" cell. */
  cells: Cell[];
  best: BestRow[];
  /** Every measured row (each run separately) with CV% and flags: the variance analysis. */
  variance: (SweepRecord & {flags: VarianceFlag[]; roofline_pct: number | null; roofline_tok_s: number | null})[];
};

/** Improvement in percent, positive when `value` is better than `base` in the metric's direction. */
export function gainPct(value: number, base: number, better: string): number | null {
  if (!(base > 0)) return null;
  return better === "lower" ? ((base - value) / base) * 100 : ((value - base) / base) * 100;
}

function isBetter(a: number, b: number, better: string): boolean {
  return better === "lower" ? a < b : a > b;
}

const byDate = (a: ConfigRecord, b: ConfigRecord) =>
  (a.date ?? "\uffff").localeCompare(b.date ?? "\uffff") || a.run_id.localeCompare(b.run_id);

/**
 * Resolves one role per configuration label (every run of a label shares it). A tracker has one baseline: when
 * several configurations are labelled baseline (two three-way runs in one tracker), the earliest keeps the role and
 * the others compete as candidates; when none is, the earliest unlabelled configuration becomes the baseline.
 */
export function resolveRoles(configs: readonly ConfigRecord[]): Map<string, ConfigRole> {
  const roles = new Map<string, ConfigRole>();
  let baseline: string | null = null;
  for (const c of [...configs].sort(byDate)) {
    if (!c.role || roles.has(c.config)) continue;
    if (c.role === "baseline" && baseline !== null && baseline !== c.config) roles.set(c.config, "candidate");
    else roles.set(c.config, c.role as ConfigRole);
    if (c.role === "baseline") baseline ??= c.config;
  }
  const unset = configs.filter((c) => !roles.has(c.config)).sort(byDate);
  unset.forEach((c, i) => {
    if (!roles.has(c.config)) roles.set(c.config, baseline === null && i === 0 ? "baseline" : "candidate");
  });
  return roles;
}

/** Builds one tracker's view. `bandwidths` is data/reference/gpu-bandwidth.csv; thresholds default to stats.ts's. */
export function buildTracker(
  tracker: string,
  allConfigs: readonly ConfigRecord[],
  allSweeps: readonly SweepRecord[],
  {
    bandwidths = [],
    thresholds = DEFAULT_THRESHOLDS
  }: {bandwidths?: readonly GpuBandwidth[]; thresholds?: VarianceThresholds} = {}
): TrackerView {
  const configs = allConfigs.filter((c) => c.tracker === tracker);
  const sweeps = allSweeps.filter((s) => s.tracker === tracker && s.mean != null);
  const roles = resolveRoles(configs);
  const byRun = new Map(configs.map((c) => [c.run_id, c]));

  // Decode roofline: the file's own figure, else weights (and KV, when the file counted it) over the GPU's bandwidth.
  const variance = sweeps.map((s) => {
    const cfg = byRun.get(s.run_id);
    let roofTok = s.roofline_tok_s ?? null;
    let roofPct = s.roofline_pct ?? null;
    if (s.kind === "decode" && roofPct == null) {
      const bw = findBandwidth(cfg?.gpu ?? null, bandwidths);
      roofTok ??= rooflineTokS(s.bytes_per_token ?? cfg?.model_size_bytes ?? null, bw?.bandwidth_tb_s);
      roofPct = rooflinePct(s.mean, roofTok);
    }
    const kind = s.kind as WorkloadKind;
    const coldCache = cfg && COLD_CACHE_ENGINES.includes(cfg.engine) ? false : null;
    const prefixCache = (cfg?.prefix_caching as boolean | null | undefined) ?? coldCache;
    const flags = varianceFlags({kind, cv_pct: s.cv_pct, prefixCache}, thresholds);
    return {...s, flags, roofline_tok_s: roofTok, roofline_pct: roofPct};
  });

  // One cell per configuration × workload: the best of the configuration's runs, with the number of runs.
  const cellMap = new Map<string, Cell>();
  for (const s of variance) {
    const key = `${s.config}\u0000${s.test}`;
    const prev = cellMap.get(key);
    const runs = (prev?.runs ?? 0) + 1;
    if (prev && !isBetter(s.mean!, prev.mean, s.better)) {
      prev.runs = runs;
      continue;
    }
    cellMap.set(key, {
      config: s.config,
      test: s.test,
      kind: s.kind as WorkloadKind,
      unit: s.unit,
      better: s.better,
      mean: s.mean!,
      std: s.std,
      n: s.n,
      cv_pct: s.cv_pct,
      approx: !!s.approx,
      run_id: s.run_id,
      runs,
      flags: s.flags,
      roofline_tok_s: s.roofline_tok_s,
      roofline_pct: s.roofline_pct,
      note: s.note ?? null
    });
  }
  const cells = [...cellMap.values()];

  const rowMap = new Map<string, MatrixRow>();
  for (const c of configs) {
    const row = rowMap.get(c.config);
    if (row) {
      row.run_ids.push(c.run_id);
      // A configuration measured in any run counts as run.
      const status = c.status ?? "complete";
      if (STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(row.status)) row.status = status;
      continue;
    }
    rowMap.set(c.config, {
      config: c.config,
      role: roles.get(c.config)!,
      engine: c.engine,
      status: c.status ?? "complete",
      status_note: c.status_note ?? null,
      run_ids: [c.run_id]
    });
  }
  const rows = [...rowMap.values()].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.config.localeCompare(b.config)
  );

  const workloadMap = new Map<string, Workload>();
  for (const s of sweeps) {
    const w = parseWorkload(s.test);
    if (w && !workloadMap.has(w.test)) workloadMap.set(w.test, w);
  }
  const workloads = [...workloadMap.values()]
    .sort(compareWorkloads)
    .map(({test, kind, n_prompt, n_gen, n_depth, unit, better}) => {
      return {test, kind, n_prompt, n_gen, n_depth, unit, better};
    });

  const baseline = rows.find((r) => r.role === "baseline")?.config ?? null;
  const best: BestRow[] = [];
  for (const w of workloads) {
    const contenders = rows
      .filter((r) => BEST_ROLES.includes(r.role))
      .map((r) => cellMap.get(`${r.config}\u0000${w.test}`))
      .filter((c): c is Cell => !!c);
    if (!contenders.length) continue;
    // Rows list the baseline first, so on a tie the baseline keeps the title.
    const top = contenders.reduce((a, b) => (isBetter(b.mean, a.mean, w.better) ? b : a));
    const base = baseline ? cellMap.get(`${baseline}\u0000${w.test}`) : undefined;
    best.push({
      test: w.test,
      kind: w.kind,
      unit: w.unit,
      better: w.better,
      baseline_config: base ? baseline : null,
      baseline_mean: base?.mean ?? null,
      baseline_approx: base?.approx ?? false,
      best_config: top.config,
      best_mean: top.mean,
      best_approx: top.approx,
      best_run_id: top.run_id,
      gain_pct: base ? gainPct(top.mean, base.mean, w.better) : null,
      date: (byRun.get(top.run_id)?.date as string | null) ?? null
    });
  }
  return {tracker, rows, workloads, cells, best, variance};
}

/** Every tracker named in the configurations, most configurations first (the page's default is the first). */
export function trackerNames(configs: readonly ConfigRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const c of configs) counts.set(c.tracker, (counts.get(c.tracker) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}
