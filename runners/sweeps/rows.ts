// Builds `sweeps` and `sweep_configs` rows (runners/warehouse/schema.ts) the same way for every tracker format, so
// CV%, workload kind, metric, roofline and requested-vs-used flags are derived once, not per parser.
import type {FileContext} from "../formats/types.ts";
import type {Row} from "../warehouse/db.ts";
import {rooflinePct} from "./roofline.ts";
import {cvPct, summarize} from "./stats.ts";
import {parseWorkload} from "./workload.ts";

/**
 * What a configuration is for in its tracker. baseline: what gains are measured against; candidate: an attempt
 * that may hold the current best; control: a parity check (e.g. the PR forced onto baseline backends), shown but
 * never "best"; reference: another engine as a target (llama.cpp, SGLang).
 */
export const CONFIG_ROLES = ["baseline", "candidate", "control", "reference"] as const;
export type ConfigRole = (typeof CONFIG_ROLES)[number];
/** Whether a configuration was measured; pending/blocked/todo configurations show "not run" cells. */
export const CONFIG_STATUSES = ["complete", "pending", "blocked", "todo"] as const;
export type ConfigStatus = (typeof CONFIG_STATUSES)[number];

export type ConfigInput = {
  /** Unique within the file. */
  key: string;
  tracker: string;
  engine: string;
  config: string;
  role?: ConfigRole | null;
  status?: ConfigStatus;
  status_note?: string | null;
  date?: string | null;
  tool?: string | null;
  engine_version?: string | null;
  engine_commit?: string | null;
  model?: string | null;
  model_size_bytes?: number | null;
  model_params?: number | null;
  quantization?: string | null;
  dtype?: string | null;
  attention_requested?: string | null;
  attention_used?: string | null;
  moe_kernel_requested?: string | null;
  moe_kernel_used?: string | null;
  fp4_native?: boolean | null;
  enforce_eager?: boolean | null;
  cuda_graphs?: boolean | null;
  compile?: boolean | null;
  kv_cache?: string | null;
  max_num_seqs?: number | null;
  max_num_batched_tokens?: number | null;
  max_model_len?: number | null;
  tensor_parallel_size?: number | null;
  prefix_caching?: boolean | null;
  batch_size?: number | null;
  gpu?: string | null;
  gpu_count?: number | null;
  driver?: string | null;
  cuda?: string | null;
  hostname?: string | null;
  /** Extra flags from the source (e.g. a log warning), added to the requested-vs-used ones. */
  extra_flags?: string[];
  settings?: Record<string, unknown>;
  source_section?: string | null;
};

export type ResultInput = {
  test: string;
  /** Prompt tokens when the file states them and the label does not (decode after a 2048-token prompt is `tg128`). */
  n_prompt?: number | null;
  mean?: number | null;
  std?: number | null;
  n?: number | null;
  samples?: number[] | null;
  approx?: boolean;
  bytes_per_token?: number | null;
  roofline_tok_s?: number | null;
  roofline_pct?: number | null;
  date?: string | null;
  source_section?: string | null;
  note?: string | null;
};

/** Backends compare case-insensitively and ignore an enum prefix (`AttentionBackendEnum.TRITON_ATTN`). */
function sameBackend(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/^.*\./, "").replace(/[^a-z0-9]/gi, "").toLowerCase();
  return norm(a) === norm(b);
}

/** Values that mean "let the engine choose": no mismatch can be claimed against them. */
const AUTO = /^(auto|default|unset|none|\(unset.*\))$/i;

/** Flags where what was asked for differs from what the logs say ran. */
export function requestedVsUsedFlags(
  c: Pick<ConfigInput, "attention_requested" | "attention_used" | "moe_kernel_requested" | "moe_kernel_used">
): string[] {
  const flags: string[] = [];
  const check = (what: string, req?: string | null, used?: string | null) => {
    if (req && used && !AUTO.test(req.trim()) && !sameBackend(req, used)) {
      flags.push(`${what}: requested ${req}, used ${used}`);
    }
  };
  check("attention", c.attention_requested, c.attention_used);
  check("moe kernel", c.moe_kernel_requested, c.moe_kernel_used);
  return flags;
}

/** A stable id for a configuration run: the file and the key within it. */
export function runId(ctx: FileContext, key: string): string {
  return `${ctx.path}#${key}`;
}

export function configRow(ctx: FileContext, format: string, c: ConfigInput): Row {
  const mismatch = requestedVsUsedFlags(c);
  const flags = [...mismatch, ...(c.extra_flags ?? [])];
  const role = c.role ?? null;
  return {
    run_id: runId(ctx, c.key),
    run_set: ctx.runSet,
    file: ctx.path,
    file_sha256: ctx.sha256,
    format,
    tracker: c.tracker,
    engine: c.engine,
    engine_version: c.engine_version ?? null,
    engine_commit: c.engine_commit ?? null,
    config: c.config,
    role,
    is_reference: role ? role === "reference" : null,
    status: c.status ?? "complete",
    status_note: c.status_note ?? null,
    date: c.date ?? null,
    tool: c.tool ?? null,
    model: c.model ?? null,
    model_size_bytes: c.model_size_bytes ?? null,
    model_params: c.model_params ?? null,
    quantization: c.quantization ?? null,
    dtype: c.dtype ?? null,
    attention_requested: c.attention_requested ?? null,
    attention_used: c.attention_used ?? null,
    moe_kernel_requested: c.moe_kernel_requested ?? null,
    moe_kernel_used: c.moe_kernel_used ?? null,
    fp4_native: c.fp4_native ?? null,
    enforce_eager: c.enforce_eager ?? null,
    cuda_graphs: c.cuda_graphs ?? null,
    compile: c.compile ?? null,
    kv_cache: c.kv_cache ?? null,
    max_num_seqs: c.max_num_seqs ?? null,
    max_num_batched_tokens: c.max_num_batched_tokens ?? null,
    max_model_len: c.max_model_len ?? null,
    tensor_parallel_size: c.tensor_parallel_size ?? null,
    prefix_caching: c.prefix_caching ?? null,
    batch_size: c.batch_size ?? null,
    gpu: c.gpu ?? null,
    gpu_count: c.gpu_count ?? null,
    driver: c.driver ?? null,
    cuda: c.cuda ?? null,
    hostname: c.hostname ?? null,
    mismatch: mismatch.length > 0,
    flags: flags.length ? flags.join("; ") : null,
    settings_json: c.settings && Object.keys(c.settings).length ? JSON.stringify(c.settings) : null,
    source_section: c.source_section ?? null
  };
}

/**
 * One `sweeps` row. Samples, when given, are the truth: mean/std/n are computed from them unless the file states
 * them too (llama-bench prints both; its own avg_ts/stddev_ts are kept). Throws on a label that is not a workload.
 */
export function sweepRow(ctx: FileContext, format: string, c: ConfigInput, r: ResultInput): Row {
  const w = parseWorkload(r.test);
  if (!w) {
    const expected = `pp512, tg128, pp512+tg128, "pp2048 @ d4096", ttft@pp2048 …`;
    throw new Error(`not a workload label: ${JSON.stringify(r.test)} (expected ${expected})`);
  }
  const fromSamples = r.samples?.length ? summarize(r.samples) : null;
  const mean = r.mean ?? fromSamples?.mean ?? null;
  const std = r.std ?? fromSamples?.std ?? null;
  const n = r.n ?? (r.samples?.length || null);
  const role = c.role ?? null;
  const id = runId(ctx, c.key);
  const rooflinePercent = r.roofline_pct ?? (w.kind === "decode" ? rooflinePct(mean, r.roofline_tok_s) : null);
  return {
    sweep_id: `${id}/${w.test}`,
    run_id: id,
    run_set: ctx.runSet,
    file: ctx.path,
    file_sha256: ctx.sha256,
    format,
    tracker: c.tracker,
    engine: c.engine,
    config: c.config,
    role,
    is_reference: role ? role === "reference" : null,
    test: w.test,
    kind: w.kind,
    metric: w.metric,
    n_prompt: r.n_prompt ?? w.n_prompt,
    n_gen: w.n_gen,
    n_depth: w.n_depth,
    concurrency: w.concurrency,
    mean,
    std,
    n,
    cv_pct: cvPct(mean, std),
    unit: w.unit,
    better: w.better,
    samples: r.samples?.length ? JSON.stringify(r.samples) : null,
    approx: r.approx ?? false,
    bytes_per_token: r.bytes_per_token ?? null,
    roofline_tok_s: r.roofline_tok_s ?? null,
    roofline_pct: rooflinePercent,
    date: r.date ?? c.date ?? null,
    source_section: r.source_section ?? c.source_section ?? null,
    note: r.note ?? null
  };
}
