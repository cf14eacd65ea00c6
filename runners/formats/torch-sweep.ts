// The built-in torch engine's sweep output, `benchbook.torch-sweep/v1` (runners/engines/torch_bench.py documents it
// in its header): one file is one configuration run; prefill results carry TTFT, decode results their roofline.
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {configRow, sweepRow, type ConfigInput, type ResultInput} from "../sweeps/rows.ts";
import {latencyLabel} from "../sweeps/workload.ts";
import {detectFormatField} from "./tracker-figures.ts";
import type {Format} from "./types.ts";

export const TORCH_SWEEP = "torch-sweep";
export const TORCH_SWEEP_FORMAT = "benchbook.torch-sweep/v1";

const num = z.number().nullable();
const TorchSweep = z.object({
  format: z.literal(TORCH_SWEEP_FORMAT),
  label: z.string().min(1),
  started_at: z.string(),
  duration_s: z.number(),
  model: z.looseObject({
    name: z.string(),
    params: z.number().nullish(),
    dtype: z.string().nullish(),
    weight_bytes: z.number().nullish()
  }),
  options: z.looseObject({
    attn_implementation: z.string(),
    kv_cache: z.string(),
    compile: z.boolean(),
    cuda_graphs: z.boolean(),
    dtype: z.string()
  }),
  environment: z.looseObject({
    gpu_name: z.string().nullable(),
    gpu_count: z.number().int().nullish(),
    driver_version: z.string().nullish(),
    cuda_version: z.string().nullish(),
    torch_version: z.string().nullish(),
    python_version: z.string().nullish(),
    hostname: z.string().nullish(),
    bandwidth_tb_s: num.optional()
  }),
  results: z.array(
    z.looseObject({
      test: z.string(),
      kind: z.enum(["prefill", "decode"]),
      n_prompt: z.number().int().nonnegative(),
      n_gen: z.number().int().nonnegative(),
      batch: z.number().int().positive().nullish(),
      repeats: z.number().int().nullish(),
      samples_tok_s: z.array(z.number()),
      mean_tok_s: z.number(),
      std_tok_s: num,
      ttft_ms_mean: num.optional(),
      ttft_ms_std: num.optional(),
      peak_memory_gib: num.optional(),
      bytes_per_token: num.optional(),
      roofline_tok_s: num.optional(),
      roofline_pct: num.optional()
    })
  )
});

/** A label naming the baseline makes that configuration the tracker's baseline (three-way runs name theirs so). */
const BASELINE_LABEL = /\bbaseline\b/i;

export const torchSweepFormat: Format = {
  name: TORCH_SWEEP,
  description: `BenchBook torch engine sweep (${TORCH_SWEEP_FORMAT}: prefill/decode with TTFT and decode roofline)`,
  detect: (file) => detectFormatField(TORCH_SWEEP_FORMAT, file),
  parse({json}, ctx) {
    const parsed = TorchSweep.safeParse(json);
    if (!parsed.success) {
      throw new InputError(ctx.path, `not a ${TORCH_SWEEP_FORMAT} file:\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    }
    const s = parsed.data;
    const env = s.environment;
    const config: ConfigInput = {
      key: s.label,
      tracker: s.model.name,
      engine: "torch",
      config: s.label,
      role: BASELINE_LABEL.test(s.label) ? "baseline" : null,
      engine_version: env.torch_version ?? null,
      tool: "benchbook torch_bench.py",
      date: s.started_at,
      model: s.model.name,
      model_size_bytes: s.model.weight_bytes ?? null,
      model_params: s.model.params ?? null,
      dtype: s.options.dtype,
      // torch_bench.py errors rather than falling back, so what ran is what was asked for.
      attention_requested: s.options.attn_implementation,
      attention_used: s.options.attn_implementation,
      kv_cache: s.options.kv_cache,
      compile: s.options.compile,
      cuda_graphs: s.options.cuda_graphs,
      batch_size: s.results[0]?.batch ?? null,
      gpu: env.gpu_name,
      gpu_count: env.gpu_count ?? null,
      driver: env.driver_version ?? null,
      cuda: env.cuda_version ?? null,
      hostname: env.hostname ?? null,
      settings: {
        model: s.model,
        python_version: env.python_version,
        bandwidth_tb_s: env.bandwidth_tb_s,
        duration_s: s.duration_s
      }
    };
    const results: ResultInput[] = [];
    for (const r of s.results) {
      results.push({
        test: r.test,
        n_prompt: r.n_prompt,
        mean: r.mean_tok_s,
        std: r.std_tok_s,
        n: r.samples_tok_s.length,
        samples: r.samples_tok_s,
        bytes_per_token: r.bytes_per_token ?? null,
        roofline_tok_s: r.roofline_tok_s ?? null,
        roofline_pct: r.roofline_pct ?? null,
        note: r.peak_memory_gib != null ? `peak memory ${r.peak_memory_gib.toFixed(2)} GiB` : null
      });
      if (r.kind === "prefill" && r.ttft_ms_mean != null) {
        results.push({
          test: latencyLabel("ttft", r.test),
          n_prompt: r.n_prompt,
          mean: r.ttft_ms_mean,
          std: r.ttft_ms_std ?? null,
          n: r.samples_tok_s.length
        });
      }
    }
    const sweeps = results.map((r) => sweepRow(ctx, TORCH_SWEEP, config, r));
    return {tables: {sweeps, sweep_configs: [configRow(ctx, TORCH_SWEEP, config)]}};
  }
};
