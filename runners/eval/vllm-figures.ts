// System figures of an evaluation run read from the vLLM server's own log, so a run scored with `benchbook score
// --vllm-log` carries memory and throughput without anyone typing them in: the model weights' GPU memory
// ("Loading model weights took 14.9595 GB", or "Model loading took … GiB" in newer releases) and the periodic
// "Avg generation throughput: … tokens/s, Running: N reqs" lines while requests were running.

export type LogFigures = {
  /** GPU memory of the model weights (GB as vLLM prints it); not the KV cache. */
  weights_memory_gb: number | null;
  /** Mean of vLLM's periodic generation throughput while at least one request ran. */
  generation_tok_s: number | null;
  /** Highest "GPU KV cache usage" seen, percent. */
  kv_cache_usage_max_pct: number | null;
  /** How many periodic throughput lines the mean is over. */
  throughput_samples: number;
};

const WEIGHTS = /(?:Loading model weights took|Model loading took) ([0-9.]+) ?(GiB|GB)/;
const STATS = /Avg generation throughput: ([0-9.]+) tokens\/s, Running: (\d+) reqs/;
const KV = /GPU KV cache usage: ([0-9.]+)%/;

/** Reads the figures from a vLLM log (any amount of text; one line at a time). */
export function figuresFromLog(log: string): LogFigures {
  let weights: number | null = null;
  const gen: number[] = [];
  let kv: number | null = null;
  for (const line of log.split(/\r?\n|\\n/)) {
    const w = WEIGHTS.exec(line);
    if (w) weights = w[2] === "GiB" ? (Number(w[1]) * 2 ** 30) / 1e9 : Number(w[1]);
    const s = STATS.exec(line);
    if (s && Number(s[2]) > 0) gen.push(Number(s[1]));
    const k = KV.exec(line);
    if (k) kv = Math.max(kv ?? 0, Number(k[1]));
  }
  return {
    weights_memory_gb: weights,
    generation_tok_s: gen.length ? gen.reduce((a, b) => a + b, 0) / gen.length : null,
    kv_cache_usage_max_pct: kv,
    throughput_samples: gen.length
  };
}
