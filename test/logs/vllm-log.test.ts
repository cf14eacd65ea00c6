import {describe, expect, it} from "vitest";
import {readdirSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {
  engineVersion,
  executedConfig,
  executedFromLog,
  EXECUTED_KEYS,
  logExcerpt,
  parseNamespace,
  summaryMetrics,
  EXCERPT_HEAD_CHARS,
  EXCERPT_TAIL_CHARS
} from "../../runners/logs/vllm-log.ts";

const corpus = resolve(import.meta.dirname, "../../../shared/isobench/claude_code");

// From results/modal/6dd94dbe (benchmark_latency Namespace), trimmed.
const LATENCY_NS =
  "Namespace(input_len=32, output_len=128, batch_size=8, n=1, use_beam_search=False, num_iters_warmup=10, num_iters=30, profile=False, output_json=None, model='meta-llama/Meta-Llama-3-8B', tokenizer=None, config_format=<ConfigFormat.AUTO: 'auto'>, dtype='auto', ignore_patterns=[], hf_overrides=None, gpu_memory_utilization=0.9, calculate_kv_scales=False)";

describe("parseNamespace(text)", () => {
  it("reads strings, numbers, booleans, None and nested objects of a serve Namespace", () => {
    const ns = parseNamespace(
      "INFO 01-02 17:25:16 detected platform cuda.\nNamespace(subparser='bench', dispatch_function=<function BenchmarkServingSubcommand.cmd at 0x2ae0e3d04180>, dataset_name='random', max_concurrency=None, model='Qwen/Qwen2.5-1.5B-Instruct', num_prompts=100, request_rate=1.0, ignore_eos=True, random_input_len=512, random_output_len=128, lora_modules=None)\nStarting initial single prompt test run..."
    )!;
    expect(ns).toMatchObject({subparser: "bench", dataset_name: "random", max_concurrency: null, num_prompts: 100, request_rate: 1, ignore_eos: true, random_input_len: 512});
    expect(ns.dispatch_function).toBe("<function BenchmarkServingSubcommand.cmd at 0x2ae0e3d04180>");
    expect(executedConfig(ns)).toEqual({dataset_name: "random", input_len: 512, output_len: 128, num_prompts: 100, request_rate: 1, max_concurrency: null, executed_model: "Qwen/Qwen2.5-1.5B-Instruct"});
  });

  it("reads a latency Namespace with enums and lists (batch size stands for the prompts)", () => {
    const ns = parseNamespace(LATENCY_NS)!;
    expect(ns.config_format).toBe("<ConfigFormat.AUTO: 'auto'>");
    expect(ns.ignore_patterns).toBe("[]");
    expect(ns.gpu_memory_utilization).toBe(0.9);
    expect(executedConfig(ns)).toMatchObject({input_len: 32, output_len: 128, num_prompts: 8, executed_model: "meta-llama/Meta-Llama-3-8B"});
  });

  it("reads request_rate=inf and returns null without a Namespace", () => {
    expect(executedConfig(parseNamespace("Namespace(request_rate=inf, model='m')")!).request_rate).toBe(Infinity);
    expect(parseNamespace("no namespace here")).toBeNull();
  });
});

describe("executedFromLog(text)", () => {
  it("gives what executedConfig(parseNamespace(text)) gives for every string in the corpus's result files", () => {
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === "string") strings.push(v);
      else if (v && typeof v === "object") for (const x of Object.values(v)) collect(x);
    };
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, {withFileTypes: true})) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".json")) {
          try {
            collect(JSON.parse(readFileSync(p, "utf8")));
          } catch {
            // the corpus's one broken file
          }
        }
      }
    };
    walk(corpus);
    const logs = strings.filter((s) => s.includes("Namespace("));
    expect(logs.length).toBe(220);
    for (const log of logs) {
      const ns = parseNamespace(log);
      expect(executedFromLog(log)).toEqual(ns ? executedConfig(ns) : null);
    }
    expect(executedFromLog("no namespace")).toBeNull();
  });

  it("keeps every Namespace key executedConfig reads, whichever dataset ran", () => {
    const read = new Set<string>();
    for (const dataset of [undefined, "random", "sonnet", "sharegpt", "hf", "custom", "mmmu", "prefix_repetition", "burstgpt"]) {
      executedConfig(new Proxy({}, {get: (_target, key) => (read.add(String(key)), key === "dataset_name" ? dataset : undefined)}));
    }
    expect([...read].sort()).toEqual([...EXECUTED_KEYS].sort());
  });

  it("takes the lengths of the dataset that ran: a Namespace holds every length flag's default", () => {
    const defaults = "random_input_len=1024, random_output_len=128, random_prefix_len=0, sonnet_input_len=550, sonnet_output_len=150, sharegpt_output_len=None, hf_output_len=None";
    const run = (args: string) => executedConfig(parseNamespace(`Namespace(${defaults}, ${args}, num_prompts=100, model='m')`)!);
    expect(run("dataset_name='random'")).toMatchObject({dataset_name: "random", input_len: 1024, output_len: 128});
    expect(run("dataset_name='sharegpt', dataset_path='sg.json'")).toMatchObject({dataset_name: "sharegpt", input_len: null, output_len: null});
    expect(run("dataset_name='sharegpt', dataset_path='sg.json', sharegpt_output_len=256")).toMatchObject({input_len: null, output_len: 256});
    expect(run("dataset_name='sonnet'")).toMatchObject({input_len: 550, output_len: 150});
    expect(run("dataset_name='hf', hf_output_len=200")).toMatchObject({input_len: null, output_len: 200});
    expect(run("dataset_name='burstgpt'")).toMatchObject({input_len: null, output_len: null});
    // older scripts: --dataset <path> was the ShareGPT file
    expect(executedConfig(parseNamespace("Namespace(dataset='/data/ShareGPT_V3.json', input_len=None, output_len=None, model='m')")!).dataset_name).toBe("sharegpt");
  });
});

describe("summaryMetrics(text)", () => {
  it("reads the last complete Serving Benchmark Result block", () => {
    const block = (ttft: string) => `============ Serving Benchmark Result ============
Successful requests:                     100       
Request throughput (req/s):              0.97      
Output token throughput (tok/s):         124.10    
Total Token throughput (tok/s):          620.48    
---------------Time to First Token----------------
Mean TTFT (ms):                          ${ttft}     
P99 TTFT (ms):                           73.69     
==================================================`;
    expect(summaryMetrics(`${block("30.00")}\nrerun\n${block("25.71")}\n`)).toEqual({
      successful_requests: 100,
      request_throughput_req_s: 0.97,
      output_token_throughput_tok_s: 124.1,
      total_token_throughput_tok_s: 620.48,
      mean_ttft_ms: 25.71,
      p99_ttft_ms: 73.69
    });
  });

  it("reads benchmark_throughput and benchmark_latency summary lines", () => {
    expect(summaryMetrics("Throughput: 54.71 requests/s, 28011.52 total tokens/s, 14005.76 output tokens/s\n")).toEqual({
      requests_per_second: 54.71,
      tokens_per_second: 28011.52,
      output_tokens_per_second: 14005.76
    });
    expect(summaryMetrics("Throughput: 10.00 requests/s, 5120.00 tokens/s\n")).toEqual({requests_per_second: 10, tokens_per_second: 5120});
    // results/22dd9c27_baseline_result.json
    expect(
      summaryMetrics("Avg latency: 0.8215512847331411 seconds\n10% percentile latency: 0.8147764762004954 seconds\n99% percentile latency: 0.8536187522408727 seconds\n")
    ).toEqual({avg_latency: 0.8215512847331411, p10_latency_s: 0.8147764762004954, p99_latency_s: 0.8536187522408727});
  });

  it("reads nothing from a log that was cut before the summary", () => {
    expect(summaryMetrics(`${LATENCY_NS}\nINFO 01-02 10:21:34 config.py:520] This model supports`)).toEqual({});
  });

  it("scans a huge log in bounded time, finding a summary at its end", () => {
    const huge = "x".repeat(64 * 1024 * 1024) + "\nAvg latency: 1.5 seconds\n";
    const t = performance.now();
    expect(summaryMetrics(huge)).toEqual({avg_latency: 1.5});
    expect(parseNamespace(huge)).toBeNull();
    expect(performance.now() - t).toBeLessThan(5000);
  });
});

describe("logExcerpt / engineVersion", () => {
  it("keeps head and tail of a long log and says how much was left out", () => {
    const text = "H".repeat(5000) + "T".repeat(5000);
    const ex = logExcerpt(text)!;
    expect(ex.startsWith("H".repeat(EXCERPT_HEAD_CHARS))).toBe(true);
    expect(ex.endsWith("T".repeat(EXCERPT_TAIL_CHARS))).toBe(true);
    expect(ex).toContain(`${10000 - EXCERPT_HEAD_CHARS - EXCERPT_TAIL_CHARS} characters left out`);
    expect(logExcerpt("short")).toBe("short");
    expect(logExcerpt(null)).toBeNull();
  });
  it("reads the version from the last line", () => {
    expect(engineVersion("INFO 01-02 17:21:32 [__init__.py:239] Automatically detected platform cuda.\n0.8.5.dev117+gf728ab8e3")).toBe("0.8.5.dev117+gf728ab8e3");
  });
});
