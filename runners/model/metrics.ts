// THE metric catalogue: every canonical metric name, its unit, which direction is better, and every alias seen in
// result files and logs (with the factor that converts the alias's unit to the canonical one). Nothing else in the
// code spells metric names or aliases out again: formats, analysis and pages import from here.

export type Better = "higher" | "lower";

export type MetricInfo = {
  /** Canonical name stored in `metrics.metric`. */
  name: string;
  /** Canonical unit of `metrics.value`. */
  unit: string;
  better: Better;
  /** What the number is, for help text and page legends. */
  description: string;
  /** Groups metrics for pages: latency, throughput, workload (prefill/decode), volume. */
  category: MetricCategory;
};

export type MetricCategory = "latency" | "throughput" | "volume" | "workload";

/** An alias as found in a file: a key, or a key with the factor that converts its value to the canonical unit. */
type Alias = string | [alias: string, factor: number];

type Entry = Omit<MetricInfo, "name"> & {aliases: Alias[]};

/** Milliseconds per second: the factor for aliases that report seconds where the canonical unit is ms, and back. */
const MS_PER_S = 1000;

/** Per-request latency families of vLLM/SGLang serving benchmarks (ms, lower is better). */
const SERVING_LATENCIES: Record<string, {long: string; extra: string[]}> = {
  ttft: {long: "time to first token", extra: []},
  tpot: {long: "time per output token (excluding the first)", extra: []},
  itl: {long: "inter-token latency", extra: []},
  e2el: {long: "end-to-end request latency", extra: ["e2e_latency"]}
};
/** Statistics vLLM and SGLang report per latency family. */
const SERVING_STATS = ["mean", "median", "std", "p50", "p90", "p95", "p99"];

function servingLatencyEntries(): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  for (const [family, {long, extra}] of Object.entries(SERVING_LATENCIES)) {
    for (const stat of SERVING_STATS) {
      const aliases: Alias[] = [];
      for (const f of [family, ...extra]) {
        // ttft_mean, ttft_mean_ms (modal, separate), mean_ttft_ms (vLLM, SGLang), mean_ttft
        aliases.push(`${f}_${stat}`, `${f}_${stat}_ms`, `${stat}_${f}_ms`, `${stat}_${f}`);
      }
      out[`${family}_${stat}`] = {unit: "ms", better: "lower", category: "latency", description: `${stat} ${long}`, aliases};
    }
  }
  return out;
}

/** Latency of one whole batch (vLLM benchmark_latency.py), canonical unit seconds. */
const BATCH_LATENCY_PERCENTILES = [10, 25, 50, 75, 90, 99];

function batchLatencyEntries(): Record<string, Entry> {
  const out: Record<string, Entry> = {
    latency_avg: {
      unit: "s",
      better: "lower",
      category: "latency",
      description: "average latency of one batch (vLLM benchmark_latency)",
      aliases: [
        "avg_latency",
        "avg_latency_s",
        "latency_avg_s",
        ["avg_latency_ms", 1 / MS_PER_S],
        ["latency_avg_ms", 1 / MS_PER_S],
        // The Modal harness writes `latency_avg` in milliseconds (1349.45 where the log says 1.349 seconds).
        ["latency_avg", 1 / MS_PER_S]
      ]
    }
  };
  out.latency_std = {
    unit: "s",
    better: "lower",
    category: "latency",
    description: "standard deviation of the batch latency over the iterations (vLLM bench latency)",
    aliases: ["std_latency", "std_latency_s", "latency_std_s", ["std_latency_ms", 1 / MS_PER_S]]
  };
  for (const p of BATCH_LATENCY_PERCENTILES) {
    out[`latency_p${p}`] = {
      unit: "s",
      better: "lower",
      category: "latency",
      description: `p${p} latency of one batch (vLLM benchmark_latency)`,
      aliases: [`p${p}_latency_s`, `latency_p${p}_s`, `p${p}_latency`, [`p${p}_latency_ms`, 1 / MS_PER_S], [`latency_p${p}_ms`, 1 / MS_PER_S]]
    };
  }
  return out;
}

const CATALOGUE: Record<string, Entry> = {
  ...servingLatencyEntries(),
  ...batchLatencyEntries(),
  output_throughput: {
    unit: "tok/s",
    better: "higher",
    category: "throughput",
    description: "generated (output) tokens per second",
    aliases: [
      "output_throughput",
      "output_throughput_tok_s",
      "output_token_throughput",
      "output_token_throughput_tok_s",
      "output_tokens_per_second"
    ]
  },
  total_token_throughput: {
    unit: "tok/s",
    better: "higher",
    category: "throughput",
    description: "input plus output tokens per second",
    aliases: [
      "total_token_throughput",
      "total_token_throughput_tok_s",
      "total_throughput",
      "total_throughput_tok_s",
      // vLLM benchmark_throughput.py --output-json: total_num_tokens / elapsed_time
      "tokens_per_second"
    ]
  },
  input_throughput: {
    unit: "tok/s",
    better: "higher",
    category: "throughput",
    description: "prompt (input) tokens per second",
    aliases: ["input_throughput", "input_throughput_tok_s", "input_token_throughput", "input_token_throughput_tok_s"]
  },
  request_goodput: {
    unit: "req/s",
    better: "higher",
    category: "throughput",
    description: "requests per second that met every --goodput service-level objective (vLLM)",
    // older benchmark_serving.py wrote the key as "request_goodput:"
    aliases: ["request_goodput", "request_goodput_req_s"]
  },
  max_output_throughput: {
    unit: "tok/s",
    better: "higher",
    category: "throughput",
    description: "peak output tokens per second over any one-second window (vLLM)",
    aliases: ["max_output_tokens_per_s", "max_output_throughput"]
  },
  spec_accept_length: {
    unit: "tokens",
    better: "higher",
    category: "throughput",
    description: "mean tokens accepted per speculative-decoding step (SGLang accept_length)",
    aliases: ["accept_length", "avg_spec_accept_length"]
  },
  request_throughput: {
    unit: "req/s",
    better: "higher",
    category: "throughput",
    description: "completed requests per second",
    aliases: ["request_throughput", "request_throughput_req_s", "throughput_req_s", "requests_per_second"]
  },
  throughput: {
    unit: "tok/s",
    better: "higher",
    category: "throughput",
    description: "tokens per second, without saying which tokens (flat `throughput_tok_s`): not output_throughput",
    aliases: ["throughput", "throughput_tok_s"]
  },
  benchmark_duration: {
    unit: "s",
    better: "lower",
    category: "volume",
    description: "wall time of the benchmark run",
    aliases: ["benchmark_duration", "benchmark_duration_s", "duration", "elapsed_time", "elapsed_time_s", ["elapsed_time_ms", 1 / MS_PER_S]]
  },
  generate_time: {
    unit: "s",
    better: "lower",
    category: "latency",
    description: "time to generate the timed batch (vLLM benchmark_prefix_caching)",
    aliases: ["generate_time", "generate_time_s"]
  },
  warmup_time: {
    unit: "s",
    better: "lower",
    category: "latency",
    description: "time of the warm-up batch (vLLM benchmark_prefix_caching)",
    aliases: ["warmup_time", "warmup_time_s"]
  },
  server_startup_time: {
    unit: "s",
    better: "lower",
    category: "latency",
    description: "time until the server answered its health check",
    aliases: ["server_startup_time", "server_startup_time_s"]
  },
  completed: {
    unit: "requests",
    better: "higher",
    category: "volume",
    description: "requests that completed successfully",
    aliases: ["completed", "successful_requests"]
  },
  total_input_tokens: {
    unit: "tokens",
    better: "higher",
    category: "volume",
    description: "prompt tokens sent",
    aliases: ["total_input_tokens"]
  },
  total_output_tokens: {
    unit: "tokens",
    better: "higher",
    category: "volume",
    description: "tokens generated",
    aliases: ["total_output_tokens", "total_generated_tokens"]
  },
  total_tokens: {
    unit: "tokens",
    better: "higher",
    category: "volume",
    description: "prompt plus generated tokens (vLLM bench throughput)",
    aliases: ["total_num_tokens", "total_tokens"]
  }
};

/**
 * Serving latency percentiles beyond the fixed ones (vLLM's --metric-percentiles takes any, e.g. 25,75,99.9):
 * `p99.9_ttft_ms` (a key) or `P99.9 TTFT (ms)` (a log label) is `ttft_p99_9`, in ms, lower is better.
 */
const SERVING_PERCENTILE_KEY = /^p(\d+(?:_\d+)?)_(ttft|tpot|itl|e2el)_ms$/;
const SERVING_PERCENTILE_NAME = /^(ttft|tpot|itl|e2el)_p(\d+(?:_\d+)?)$/;

/** Workload metrics of llama-bench-style runs: `pp512_tok_s` (prefill of 512 tokens), `tg128_tok_s` (decode of 128). */
const WORKLOAD_PATTERN = /^(pp|tg)(\d+)_tok_s$/;

/** Canonical name of the prefill throughput for a prompt of `tokens` tokens (tok/s, higher is better). */
export function prefillMetric(tokens: number): string {
  return `pp${tokens}_tok_s`;
}

/** Canonical name of the decode throughput for `tokens` generated tokens (tok/s, higher is better). */
export function decodeMetric(tokens: number): string {
  return `tg${tokens}_tok_s`;
}

const ALIASES = new Map<string, {name: string; factor: number}>();
for (const [name, entry] of Object.entries(CATALOGUE)) {
  for (const alias of entry.aliases) {
    const [key, factor] = typeof alias === "string" ? [alias, 1] : alias;
    const existing = ALIASES.get(key);
    if (existing && (existing.name !== name || existing.factor !== factor)) {
      throw new Error(`metric catalogue: alias ${key} is claimed by ${existing.name} and ${name}`);
    }
    ALIASES.set(key, {name, factor});
  }
}
// A canonical name is its own alias unless a file format spells it in another unit (Modal's `latency_avg` in ms).
for (const name of Object.keys(CATALOGUE)) if (!ALIASES.has(name)) ALIASES.set(name, {name, factor: 1});

/** Catalogue entries as MetricInfo, made once: ingest asks for one per metric row. Frozen, since they are shared. */
const INFO = new Map<string, MetricInfo>(
  Object.entries(CATALOGUE).map(([name, {aliases: _aliases, ...info}]) => [name, Object.freeze({name, ...info})])
);

const KEY_CACHE = new Map<string, string>();
/** Distinct labels are few (log labels, file keys); beyond this the cache stops growing. */
const KEY_CACHE_MAX = 10_000;

/** Normalises a key or a log label: `Mean TTFT (ms)` → `mean_ttft_ms`, `Output token throughput (tok/s)` → `output_token_throughput_tok_s`. */
export function metricKey(label: string): string {
  let key = KEY_CACHE.get(label);
  if (key === undefined) {
    key = label
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "");
    if (KEY_CACHE.size < KEY_CACHE_MAX) KEY_CACHE.set(label, key);
  }
  return key;
}

/**
 * Resolves an alias (a key in a result file, or a log label) to its canonical metric and the factor that converts the
 * value to the canonical unit; `null` when the catalogue does not know it.
 */
export function resolveMetric(alias: string): {name: string; factor: number} | null {
  const exact = ALIASES.get(alias);
  if (exact) return exact;
  const key = metricKey(alias);
  const hit = ALIASES.get(key);
  if (hit) return hit;
  if (WORKLOAD_PATTERN.test(key)) return {name: key, factor: 1};
  const p = SERVING_PERCENTILE_KEY.exec(key);
  if (p) return {name: `${p[2]}_p${p[1]}`, factor: 1};
  return null;
}

/** Canonical metric name for an alias (`mean_ttft_ms` → `ttft_mean`), or `null` when unknown. */
export function canonicalMetric(alias: string): string | null {
  return resolveMetric(alias)?.name ?? null;
}

/** Unit, direction and description of a canonical metric (workload patterns `ppN_tok_s`/`tgN_tok_s` included). */
export function metricInfo(name: string): MetricInfo | null {
  const info = INFO.get(name);
  if (info) return info;
  const m = WORKLOAD_PATTERN.exec(name);
  if (m) {
    const phase = m[1] === "pp" ? `prefill (prompt processing) of ${m[2]} tokens` : `decode (text generation) of ${m[2]} tokens`;
    return {name, unit: "tok/s", better: "higher", category: "workload", description: `tokens per second, ${phase}`};
  }
  const p = SERVING_PERCENTILE_NAME.exec(name);
  if (p) {
    const percentile = p[2].replace("_", ".");
    return {name, unit: "ms", better: "lower", category: "latency", description: `p${percentile} ${SERVING_LATENCIES[p[1]].long}`};
  }
  return null;
}

/** Every catalogue metric with a fixed name (workload metrics are made by prefillMetric/decodeMetric). */
export function allMetrics(): MetricInfo[] {
  return Object.keys(CATALOGUE).map((name) => metricInfo(name)!);
}

/** Every alias of a canonical metric, as spelled in files (for docs and tests). */
export function aliasesOf(name: string): string[] {
  return [...ALIASES.entries()].filter(([, v]) => v.name === name).map(([k]) => k);
}
