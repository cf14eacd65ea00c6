// vLLM's offline throughput result (`benchmarks/benchmark_throughput.py --output-json`, `vllm bench throughput`):
// {elapsed_time, num_requests, total_num_tokens, requests_per_second, tokens_per_second}. Source `vllm`.
import {z} from "zod";
import {FileRows, versionStatus} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import {variantHint} from "./vllm-serve.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const positive = z.number().nonnegative();

const VllmThroughput = z
  .object({
    elapsed_time: positive,
    num_requests: z.number().int().nonnegative(),
    total_num_tokens: z.number().int().nonnegative(),
    requests_per_second: positive,
    tokens_per_second: positive,
    output_tokens_per_second: positive.optional(),
    total_output_tokens: z.number().int().nonnegative().optional()
  })
  .catchall(z.unknown());

function detect({json}: {path: string; text: string; json: unknown}) {
  return {match: isObject(json) && "requests_per_second" in json && "tokens_per_second" in json && "elapsed_time" in json};
}

/** Parses a vLLM throughput result file into one measurement. */
export function parseVllmThroughput(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const data = validate(VllmThroughput, file.json, ctx.path);
  const rows = new FileRows(ctx, "vllm");
  const id = rows.measurement({
    variant: variantHint(ctx.path),
    status: "pending",
    benchmark_mode: "throughput",
    num_prompts: data.num_requests,
    duration_s: data.elapsed_time
  });
  rows.addMetrics(
    id,
    {
      requests_per_second: data.requests_per_second,
      tokens_per_second: data.tokens_per_second,
      output_tokens_per_second: data.output_tokens_per_second,
      elapsed_time: data.elapsed_time,
      total_num_tokens: data.total_num_tokens,
      total_output_tokens: data.total_output_tokens
    },
    "structured",
    ""
  );
  rows.setStatus(id, versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: "success"}));
  return {tables: rows.tables()};
}

export const vllmThroughput: Format = {
  name: "vllm_throughput",
  description: "vLLM offline throughput result (benchmark_throughput.py --output-json)",
  detect,
  parse: parseVllmThroughput
};
