// vLLM's batch latency result (`benchmarks/benchmark_latency.py --output-json`, `vllm bench latency`):
// {avg_latency, std_latency (newer), latencies: [...], percentiles: {"10": s, "25": s, "50": s, "75": s, "90": s, "99": s}}, seconds.
import {z} from "zod";
import {FileRows, MetricValue, versionStatus} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import {variantHint} from "./vllm-serve.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const VllmLatency = z
  .object({
    avg_latency: MetricValue,
    // newer `vllm bench latency` only
    std_latency: MetricValue.optional(),
    latencies: z.array(z.number()),
    percentiles: z.record(z.string().regex(/^\d+(\.\d+)?$/, "a percentile like \"99\""), MetricValue)
  })
  .catchall(z.unknown());

function detect({json}: {path: string; text: string; json: unknown}) {
  return {match: isObject(json) && "avg_latency" in json && "percentiles" in json};
}

/** Parses a vLLM latency result file into one measurement. */
export function parseVllmLatency(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const data = validate(VllmLatency, file.json, ctx.path);
  const rows = new FileRows(ctx, "vllm");
  const id = rows.measurement({
    variant: variantHint(ctx.path),
    status: "pending",
    benchmark_mode: "latency",
    repeats: data.latencies.length
  });
  const values: Record<string, MetricValue | undefined> = {avg_latency: data.avg_latency, std_latency: data.std_latency};
  for (const [p, v] of Object.entries(data.percentiles)) values[`p${Number(p)}_latency_s`] = v;
  rows.addMetrics(id, values, "structured", "");
  rows.setStatus(id, versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: "success"}));
  return {tables: rows.tables()};
}

export const vllmLatency: Format = {
  name: "vllm_latency",
  description: "vLLM batch latency result (benchmark_latency.py --output-json)",
  detect,
  parse: parseVllmLatency
};
