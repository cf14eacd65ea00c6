// The built-in `torch` engine: runners/engines/torch_bench.py times a random-weight decoder of a real model's shape
// (the task's `model` names the preset, e.g. llama-3-8b) with the version's Python, so a three-way run compares real
// engine configurations where vLLM cannot be installed. Options may differ per version (`options.versions.<name>`).
import {fileURLToPath} from "node:url";
import {z} from "zod";
import {formatZodIssues, InputError} from "../../errors.ts";
import {TORCH_SWEEP_FORMAT, torchSweepFormat} from "../../formats/torch-sweep.ts";
import {decodeMetric, prefillMetric} from "../../model/metrics.ts";
import type {VersionName} from "../plan.ts";
import type {Engine, EngineContext} from "./index.ts";
import {parseWithFormat} from "./result.ts";

/** The script every torch run executes (also what runners/engines/torch_plan.py runs in-process on a GPU host). */
export const TORCH_BENCH_SCRIPT = fileURLToPath(new URL("../../engines/torch_bench.py", import.meta.url));

const onOff = z.union([z.boolean(), z.enum(["on", "off"])]);
const count = z.number().int().positive();
/** torch_bench.py's options (its --help is the reference); each becomes `--name value`. */
const OPTION_FIELDS = {
  model_config: z.record(z.string(), z.union([z.number(), z.string()])),
  tests: z.union([z.array(z.string().regex(/^(pp|tg)[1-9]\d*$/, "expected ppN or tgN")).min(1), z.string().min(1)]),
  tg_prompt: count,
  batch: count,
  warmup: z.number().int().nonnegative(),
  repeats: count,
  attn: z.enum(["eager", "sdpa", "flash"]),
  kv_cache: z.enum(["dynamic", "static"]),
  compile: onOff,
  cuda_graphs: onOff,
  dtype: z.enum(["bf16", "fp16", "fp32"]),
  device: z.string().regex(/^(auto|cpu|cuda(:\d+)?)$/, "expected auto, cpu, cuda or cuda:N"),
  seed: z.number().int().nonnegative(),
  threads: count,
  verify: onOff,
  bandwidth_tb_s: z.number().positive(),
  label: z.string().min(1)
};
const VersionOptions = z.strictObject(OPTION_FIELDS).partial();
export const TorchOptionsSchema = VersionOptions.extend({
  /** Per-version overrides: the three-way compares configurations. */
  versions: z.strictObject({baseline: VersionOptions.optional(), human: VersionOptions.optional(), agent: VersionOptions.optional()}).optional()
});
export type TorchOptions = z.infer<typeof TorchOptionsSchema>;

/** The task's options with the version's overrides applied; throws InputError naming the task and field. */
export function torchOptions(options: Record<string, unknown>, version: VersionName, where: string): Omit<TorchOptions, "versions"> {
  const parsed = TorchOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InputError(where, `invalid torch options\n${formatZodIssues(where, parsed.error.issues)}`);
  const {versions, ...common} = parsed.data;
  return {...common, ...versions?.[version]};
}

/**
 * torch_bench.py arguments for one version: `--preset <model>` unless model_config is given, then every option in
 * key order as `--snake-name value` (booleans on/off, lists comma-joined, objects as JSON), then `--variant`.
 * runners/engines/torch_plan.py applies the same rule (test/run/torch-plan.test.ts keeps them equal).
 */
export function torchArgv(options: Record<string, unknown>, model: string, version: VersionName, where: string): string[] {
  const opts = torchOptions(options, version, where) as Record<string, unknown>;
  const argv = "model_config" in opts ? [] : ["--preset", model];
  for (const key of Object.keys(opts).sort()) {
    const v = opts[key];
    const text = typeof v === "boolean" ? (v ? "on" : "off") : Array.isArray(v) ? v.join(",") : typeof v === "object" && v !== null ? sortedJson(v) : String(v);
    argv.push(`--${key.replaceAll("_", "-")}`, text);
  }
  return [...argv, "--variant", version];
}

function sortedJson(v: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The workload metrics a sweep must yield: one per prefill/decode result (TTFT rows of the format are not metrics). */
function workloadMetrics(text: string): {names: Set<string>; model: string | undefined} {
  const doc = JSON.parse(text) as {model?: {name?: string}; results?: {kind?: string; n_prompt?: number; n_gen?: number}[]};
  const names = new Set<string>();
  for (const r of doc.results ?? []) {
    if (r.kind === "prefill" && r.n_prompt) names.add(prefillMetric(r.n_prompt));
    if (r.kind === "decode" && r.n_gen) names.add(decodeMetric(r.n_gen));
  }
  return {names, model: doc.model?.name};
}

export const torchEngine: Engine = {
  name: "torch",
  mode: "offline",
  benchmarkMode: "sweep",
  python: true,
  ownedFlags: ["--preset", "--model-config", "--out", "--variant", "--matrix", "--out-dir"],
  benchArgv: (ctx: EngineContext) => [
    TORCH_BENCH_SCRIPT,
    ...torchArgv(ctx.task.options, ctx.task.model, ctx.version, `task ${ctx.task.id}: options`),
    ...ctx.args,
    "--out",
    ctx.resultPath
  ],
  parseResult(text, ctx) {
    const out = parseWithFormat(torchSweepFormat, text, ctx);
    const {names, model} = workloadMetrics(text);
    const metrics = out.metrics.filter((m) => names.has(m.metric));
    if (!metrics.length) throw new Error(`${ctx.resultPath}: the ${TORCH_SWEEP_FORMAT} result has no prefill or decode results`);
    return {...out, metrics, executed: {...out.executed, ...(model ? {model} : {}), benchmark_mode: "sweep"}};
  },
  versionArgv: () => ["-c", "import torch; print(torch.__version__)"]
};
