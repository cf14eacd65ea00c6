// llama.cpp's llama-bench record, shared by its JSON, JSONL and markdown printers (tools/llama-bench/llama-bench.cpp,
// `struct test`: get_fields/get_field_type/get_values, json_printer, jsonl_printer, markdown_printer). Records of one
// file that share every setting except the workload are one configuration run of the tracker.
import {z} from "zod";
import {configRow, sweepRow, type ConfigInput} from "../sweeps/rows.ts";
import type {Row} from "../warehouse/db.ts";
import type {FileContext, TableRows} from "./types.ts";
import {workloadLabel} from "../sweeps/workload.ts";

/** Fields every llama-bench version since n_depth (2025) writes and the tracker needs; get_fields() has more. */
export const LLAMA_BENCH_REQUIRED = ["build_commit", "model_type", "n_prompt", "n_gen", "avg_ts"] as const;

const int = z.number().int();
/** flash_attn was a BOOL field, then an INT (-1 auto, 0 off, 1 on) once llama_flash_attn_type arrived. */
const flashAttn = z.union([z.boolean(), int]);

export const LlamaBenchRecord = z.looseObject({
  build_commit: z.string(),
  build_number: int.optional(),
  cpu_info: z.string().optional(),
  gpu_info: z.string().optional(),
  backends: z.string().optional(),
  model_filename: z.string().optional(),
  model_type: z.string(),
  model_size: z.number().nonnegative().optional(),
  model_n_params: z.number().nonnegative().optional(),
  n_batch: int.optional(),
  n_ubatch: int.optional(),
  n_threads: int.optional(),
  type_k: z.string().optional(),
  type_v: z.string().optional(),
  n_gpu_layers: int.optional(),
  flash_attn: flashAttn.optional(),
  n_prompt: int.nonnegative(),
  n_gen: int.nonnegative(),
  // Absent before llama-bench learned -d/--n-depth.
  n_depth: int.nonnegative().optional(),
  test_time: z.string().optional(),
  avg_ns: z.number().optional(),
  stddev_ns: z.number().optional(),
  avg_ts: z.number().positive(),
  stddev_ts: z.number().nonnegative().optional(),
  samples_ns: z.array(z.number()).optional(),
  samples_ts: z.array(z.number().positive()).optional()
});
export type LlamaBenchRecord = z.infer<typeof LlamaBenchRecord>;

/** Settings that make two records the same configuration (everything but the workload and the timings). */
const CONFIG_FIELDS = [
  "build_commit",
  "model_filename",
  "model_type",
  "backends",
  "gpu_info",
  "n_batch",
  "n_ubatch",
  "n_threads",
  "cpu_mask",
  "cpu_strict",
  "poll",
  "type_k",
  "type_v",
  "n_gpu_layers",
  "n_cpu_moe",
  "split_mode",
  "main_gpu",
  "no_kv_offload",
  "flash_attn",
  "devices",
  "tensor_split",
  "tensor_buft_overrides",
  "use_mmap",
  "load_mode",
  "embeddings",
  "no_op_offload",
  "no_host",
  "fit_target",
  "fit_min_ctx",
  // older printers
  "mul_mat_q"
] as const;
/** Short names llama-bench's markdown printer uses (get_field_display_name), for configuration labels. */
const DISPLAY: Record<string, string> = {
  n_gpu_layers: "ngl",
  n_threads: "threads",
  flash_attn: "fa",
  split_mode: "sm",
  no_kv_offload: "nkvo"
};

function flashAttnText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (v === true || v === 1 || v === "1") return "on";
  if (v === false || v === 0 || v === "0") return "off";
  if (v === -1 || v === "-1" || v === "auto") return "auto";
  return String(v);
}

/** Extra facts a printer gives outside the records (the markdown footer's build, a stderr device line). */
export type LlamaBenchExtras = {gpu?: string | null};

/** Turns llama-bench records into tracker rows: one configuration per distinct setting, one sweep row per test. */
export function llamaBenchTables(
  records: LlamaBenchRecord[],
  ctx: FileContext,
  format: string,
  extras: LlamaBenchExtras = {}
): TableRows {
  const groups = new Map<string, LlamaBenchRecord[]>();
  for (const r of records) {
    const key = JSON.stringify(CONFIG_FIELDS.map((f) => (r as Record<string, unknown>)[f] ?? null));
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  // Label configurations by what differs between them, as a reader of llama-bench's table would.
  const valueOf = (r: LlamaBenchRecord, f: string) => JSON.stringify((r as Record<string, unknown>)[f] ?? null);
  const varying = CONFIG_FIELDS.filter((f) => new Set(records.map((r) => valueOf(r, f))).size > 1);
  const sweeps: Row[] = [];
  const configs: Row[] = [];
  [...groups.values()].forEach((group, i) => {
    const first = group[0] as LlamaBenchRecord & Record<string, unknown>;
    const suffix = varying
      .filter((f) => f !== "build_commit")
      .map((f) => `${DISPLAY[f] ?? f}=${first[f] ?? "?"}`)
      .join(" ");
    const settings: Record<string, unknown> = {};
    for (const f of CONFIG_FIELDS) if (first[f] !== undefined) settings[f] = first[f];
    const dates = group.map((r) => r.test_time).filter((t): t is string => !!t).sort();
    const gpu = extras.gpu ?? (first.gpu_info || null);
    const config: ConfigInput = {
      key: `config-${i + 1}`,
      tracker: first.model_type,
      engine: "llama.cpp",
      config: `llama.cpp ${first.build_commit}${suffix ? ` ${suffix}` : ""}`,
      engine_version: first.build_number !== undefined ? `b${first.build_number}` : null,
      engine_commit: first.build_commit,
      tool: "llama-bench",
      date: dates[0] ?? null,
      model: first.model_filename ?? first.model_type,
      model_size_bytes: first.model_size ?? null,
      model_params: first.model_n_params ?? null,
      attention_requested: first.flash_attn !== undefined ? `flash_attn=${flashAttnText(first.flash_attn)}` : null,
      kv_cache: first.type_k ? `${first.type_k}/${first.type_v ?? first.type_k}` : null,
      batch_size: first.n_batch ?? null,
      gpu,
      // one name per device: ", "-joined by current printers, "/"-joined by older ones
      gpu_count: gpu ? gpu.split(/[,/]/).filter((s) => s.trim()).length : null,
      settings: {...settings, cpu_info: first.cpu_info}
    };
    configs.push(configRow(ctx, format, config));
    for (const r of group) {
      const depth = r.n_depth ?? 0;
      sweeps.push(
        sweepRow(ctx, format, config, {
          test: workloadLabel(r.n_prompt, r.n_gen, depth),
          // llama-bench's own statistics are kept (sample std, n − 1); samples are stored beside them.
          mean: r.avg_ts,
          std: r.stddev_ts ?? null,
          n: r.samples_ts?.length ?? null,
          samples: r.samples_ts ?? null,
          // Decode reads every weight once per token; the KV cache is not counted (llama-bench does not report it).
          bytes_per_token: r.n_prompt === 0 && r.n_gen > 0 && r.model_size ? r.model_size : null,
          date: r.test_time ?? null
        })
      );
    }
  });
  return {sweeps, sweep_configs: configs};
}

/** Whether a JSON value looks like one llama-bench record (cheap; used by detect). */
export function looksLikeRecord(v: unknown): boolean {
  return !!v && typeof v === "object" && !Array.isArray(v) && LLAMA_BENCH_REQUIRED.every((k) => k in (v as object));
}
