// BenchBook's own format for tracker figures typed in from a report (data/seeds/seed-003-tracker.json): the
// configurations of one optimisation effort with their environment, the backends requested and those the logs
// showed, and each run's published mean ± std per workload. Configurations with no runs yet are kept: they are the
// report's TODO rows and show "not run" cells.
import {z} from "zod";
import {InputError, formatZodIssues} from "../errors.ts";
import {readVllmConfigLog} from "../logs/vllm-config-log.ts";
import {CONFIG_ROLES, CONFIG_STATUSES, configRow, sweepRow, type ConfigInput} from "../sweeps/rows.ts";
import {parseWorkload} from "../sweeps/workload.ts";
import type {Row} from "../warehouse/db.ts";
import type {Detection, Format} from "./types.ts";

export const TRACKER_FIGURES = "tracker-figures";
export const TRACKER_FIGURES_FORMAT = "benchbook.tracker-figures/v1";

/**
 * Detection for BenchBook's own JSON formats, which name themselves in a `format` field: a match when the field
 * says so, and broken (quarantine) when the text names the format but is not valid JSON.
 */
export function detectFormatField(formatId: string, {text, json}: {text: string; json: unknown}): Detection {
  if (json && typeof json === "object" && !Array.isArray(json)) {
    return {match: (json as {format?: unknown}).format === formatId};
  }
  const namesIt = json === undefined && text.slice(0, 400).includes(`"${formatId}"`);
  return namesIt ? {match: true, broken: true} : {match: false};
}

const text = z.string().min(1);
const Result = z.object({
  test: text.refine((t) => parseWorkload(t) !== null, 'expected a workload label: pp512, tg32, "pp2048 @ d4096", ttft@pp2048 …'),
  mean: z.number().positive(),
  std: z.number().nonnegative().nullish(),
  n: z.number().int().positive().nullish(),
  /** The report gave the figure as approximate ("~555"). */
  approx: z.boolean().optional(),
  n_prompt: z.number().int().nonnegative().nullish(),
  note: z.string().nullish()
});
const Run = z.object({
  id: text,
  date: z.string().nullish(),
  tool: z.string().nullish(),
  section: z.string().nullish(),
  note: z.string().nullish(),
  results: z
    .array(Result)
    .min(1)
    .refine(
      (rs) => new Set(rs.map((r) => parseWorkload(r.test)?.test)).size === rs.length,
      "expected each workload at most once per run"
    )
});
const Config = z.object({
  id: text,
  label: text,
  role: z.enum(CONFIG_ROLES),
  engine: text,
  status: z.enum(CONFIG_STATUSES),
  status_note: z.string().nullish(),
  section: z.string().nullish(),
  environment: z
    .object({
      engine_version: z.string().nullish(),
      engine_commit: z.string().nullish(),
      gpu: z.string().nullish(),
      gpu_count: z.number().int().nullish(),
      driver: z.string().nullish(),
      cuda: z.string().nullish(),
      other: z.record(z.string(), z.unknown()).optional()
    })
    .optional(),
  model: z.string().nullish(),
  model_size_bytes: z.number().nullish(),
  settings: z
    .looseObject({
      quantization: z.string().nullish(),
      tensor_parallel_size: z.number().int().nullish(),
      max_model_len: z.number().int().nullish(),
      max_num_seqs: z.number().int().nullish(),
      max_num_batched_tokens: z.number().int().nullish(),
      enforce_eager: z.boolean().nullish(),
      enable_prefix_caching: z.boolean().nullish(),
      batch_size: z.number().int().nullish()
    })
    .optional(),
  requested: z.object({attention: z.string().nullish(), moe_kernel: z.string().nullish()}).optional(),
  observed: z
    .object({attention: z.string().nullish(), moe_kernel: z.string().nullish(), fp4_native: z.boolean().nullish()})
    .optional(),
  /** Log lines quoted by the report; read with runners/logs/vllm-config-log.ts like a real server log. */
  log_excerpt: z.array(z.string()).optional(),
  runs: z.array(Run).default([])
});
const TrackerFigures = z.object({
  format: z.literal(TRACKER_FIGURES_FORMAT),
  tracker: text,
  source: z.object({file: text, title: z.string().nullish(), note: z.string().nullish()}),
  configs: z.array(Config).min(1)
});

export const trackerFiguresFormat: Format = {
  name: TRACKER_FIGURES,
  description: `Tracker figures typed in from a report (${TRACKER_FIGURES_FORMAT}: configurations, runs of mean ± std)`,
  detect: (file) => detectFormatField(TRACKER_FIGURES_FORMAT, file),
  parse({json}, ctx) {
    const parsed = TrackerFigures.safeParse(json);
    if (!parsed.success) {
      throw new InputError(ctx.path, `not a ${TRACKER_FIGURES_FORMAT} file:\n${formatZodIssues(ctx.path, parsed.error.issues)}`);
    }
    const doc = parsed.data;
    const sweeps: Row[] = [];
    const configs: Row[] = [];
    for (const c of doc.configs) {
      const log = readVllmConfigLog((c.log_excerpt ?? []).join("\n"));
      const s = c.settings ?? {};
      const env = c.environment ?? {};
      const base: ConfigInput = {
        key: c.id,
        tracker: doc.tracker,
        engine: c.engine,
        config: c.label,
        role: c.role,
        status: c.status,
        status_note: c.status_note ?? null,
        engine_version: env.engine_version ?? null,
        engine_commit: env.engine_commit ?? null,
        model: c.model ?? null,
        model_size_bytes: c.model_size_bytes ?? null,
        quantization: s.quantization ?? null,
        attention_requested: c.requested?.attention ?? null,
        attention_used: c.observed?.attention ?? log.attention_used,
        moe_kernel_requested: c.requested?.moe_kernel ?? null,
        moe_kernel_used: c.observed?.moe_kernel ?? log.moe_kernel_used,
        fp4_native: c.observed?.fp4_native ?? log.fp4_native,
        enforce_eager: s.enforce_eager ?? null,
        max_num_seqs: s.max_num_seqs ?? null,
        max_num_batched_tokens: s.max_num_batched_tokens ?? null,
        max_model_len: s.max_model_len ?? null,
        tensor_parallel_size: s.tensor_parallel_size ?? null,
        prefix_caching: s.enable_prefix_caching ?? null,
        batch_size: s.batch_size ?? null,
        gpu: env.gpu ?? null,
        gpu_count: env.gpu_count ?? null,
        driver: env.driver ?? null,
        cuda: env.cuda ?? null,
        extra_flags: log.warnings,
        settings: {
          ...s,
          ...(env.other ? {environment: env.other} : {}),
          ...(log.evidence.length ? {log_evidence: log.evidence} : {}),
          source: doc.source.file
        },
        source_section: c.section ?? null
      };
      if (!c.runs.length) {
        configs.push(configRow(ctx, TRACKER_FIGURES, base));
        continue;
      }
      for (const run of c.runs) {
        const config: ConfigInput = {
          ...base,
          key: `${c.id}/${run.id}`,
          date: run.date ?? null,
          tool: run.tool ?? null,
          source_section: run.section ?? base.source_section
        };
        configs.push(configRow(ctx, TRACKER_FIGURES, config));
        for (const r of run.results) {
          sweeps.push(sweepRow(ctx, TRACKER_FIGURES, config, {...r, note: r.note ?? run.note ?? null}));
        }
      }
    }
    return {tables: {sweeps, sweep_configs: configs}};
  }
};
