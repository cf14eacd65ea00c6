// What the rules know about one measurement: its warehouse row plus its metrics (structured values preferred over
// raw-log ones), and the few derived facts every rule asks (effective model, benchmark kind, request rate).
// Built by load.ts from the warehouse; tests build them directly.
import {declaredConfig, type BenchmarkTool} from "../commands/declared.ts";
import type {Workload} from "../model/measurement.ts";
import type {Variant} from "./vocabulary.ts";

export type MetricValue = {value: number; origin: string; better: string | null; n: number | null; std: number | null};

/** One measurement as the rules see it (warehouse column names kept as they are; Workload is the executed configuration). */
export type Fact = {
  measurement_id: string;
  run_set: string;
  /** The measurement's own agent (agent rows) or the agent of its run set (baseline/human rows), if known. */
  agent: string | null;
  commit: string;
  variant: Variant;
  source: string;
  batch: string | null;
  file: string;
  file_sha256: string | null;
  status: string | null;
  error: string | null;
  model: string | null;
  executed_model: string | null;
  benchmark_mode: string | null;
  perf_command: string | null;
  declared_dataset_name: string | null;
  declared_input_len: number | null;
  declared_output_len: number | null;
  declared_num_prompts: number | null;
  declared_request_rate: number | null;
  timestamp: string | null;
  subject: string | null;
  has_agent_patch: boolean | null;
  raw_log_excerpt: string | null;
  server_log_excerpt: string | null;
  metrics: Record<string, MetricValue>;
} & Workload;

/** Placeholder model names files use for "unknown". */
const UNKNOWN_MODEL = /^(unknown|none|null|n\/a|model)?$/i;

/** The model that ran: the log's `--model` when it shows one, else the file's model; null when unknown. */
export function effectiveModel(f: Pick<Fact, "model" | "executed_model">): string | null {
  for (const m of [f.executed_model, f.model]) if (m && !UNKNOWN_MODEL.test(m.trim())) return m.trim();
  return null;
}

export function isMeasured(f: Fact): boolean {
  return Object.keys(f.metrics).length > 0;
}

/** serving (online, a request rate), or offline (one process: latency, throughput, prefix caching). */
export type BenchmarkMode = "serving" | "offline";
/** What the benchmark measured, which decides the primary metric. */
export type BenchmarkKind = "serving" | BenchmarkTool;

const toolCache = new Map<string, BenchmarkTool | null>();
/** The benchmark tool of a perf_command (serve, latency, throughput, prefix_caching), from the shared tokenizer. */
export function declaredTool(perfCommand: string | null): BenchmarkTool | null {
  if (!perfCommand) return null;
  if (!toolCache.has(perfCommand)) toolCache.set(perfCommand, declaredConfig(perfCommand).tool);
  return toolCache.get(perfCommand)!;
}

/** `benchmark_mode` as files spell it, normalised. */
export function modeOf(f: Pick<Fact, "benchmark_mode" | "perf_command">): BenchmarkMode | null {
  const m = f.benchmark_mode?.trim().toLowerCase();
  if (m === "serving" || m === "serve" || m === "online") return "serving";
  if (m === "standalone" || m === "offline" || m === "latency" || m === "throughput" || m === "prefix_caching") return "offline";
  const tool = declaredTool(f.perf_command);
  if (tool) return tool === "serve" ? "serving" : "offline";
  return null;
}

/** The request rate that applied: the log's, else the declared one; Infinity = unlimited; null = unknown. */
export function effectiveRequestRate(f: Pick<Fact, "request_rate" | "declared_request_rate">): number | null {
  return f.request_rate ?? f.declared_request_rate ?? null;
}

/** Lexicographically comparable form of the timestamps files write (`2026-01-19 11:22:13`, `2026-01-09T14:00:00Z`). */
export function timestampKey(ts: string | null): string {
  if (!ts) return "";
  return ts.trim().replace("T", " ").replace(/Z$/, "");
}
