// Every flag set lint knows, by the tool id engines name (runners/run/engines/*.ts `lintTool`).
import {llamaBench} from "./llama-bench.ts";
import {sglangBenchServing} from "./sglang-bench-serving.ts";
import type {FlagSet} from "./types.ts";
import {vllmBenchServe} from "./vllm-bench-serve.ts";
import {vllmBenchmarkServing} from "./vllm-benchmark-serving.ts";
import {vllmBenchLatency, vllmBenchmarkLatency, vllmBenchmarkThroughput, vllmBenchThroughput} from "./vllm-offline.ts";

export const FLAG_SETS: Record<string, FlagSet> = Object.fromEntries(
  [vllmBenchmarkServing, vllmBenchServe, vllmBenchmarkLatency, vllmBenchLatency, vllmBenchmarkThroughput, vllmBenchThroughput, sglangBenchServing, llamaBench].map((s) => [
    s.tool,
    s
  ])
);
