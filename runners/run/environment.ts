// "What exactly ran": the environment of one version, captured once per plan run and stored with every run of it
// (GPU, driver and CUDA from nvidia-smi, Python/torch/engine versions through the version's own prefix, the git
// commit of its tree, the variables engines read, the host). Probes that fail leave their key out; nothing throws.
import {hostname, platform, release} from "node:os";
import {probe as realProbe} from "../exec.ts";
import type {Engine, EngineContext} from "./engines/index.ts";

/** Variables that change what an engine does (vLLM, SGLang, CUDA, NCCL, PyTorch, HF caches, llama.cpp). */
export const ENGINE_ENV_PATTERN = /^(VLLM_|SGLANG_|CUDA_|NCCL_|HF_|TORCH|PYTORCH_|OMP_|MKL_|LLAMA_|GGML_|TOKENIZERS_|TRANSFORMERS_)/;
/** Never stored, whatever their prefix (HF_TOKEN …). */
export const SECRET_PATTERN = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL|AUTH/i;
/** Each probe gets this long (a container prefix may need to start). */
const PROBE_TIMEOUT_MS = 60_000;

export type Probe = (argv: string[], options: {cwd?: string; env?: Record<string, string>; timeoutMs?: number}) => Promise<string | null>;

/** The engine-relevant, non-secret variables of `env`, keyed `env.NAME`. */
export function engineVariables(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value !== undefined && ENGINE_ENV_PATTERN.test(name) && !SECRET_PATTERN.test(name)) out[`env.${name}`] = value;
  }
  return out;
}

/** Parses `nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits` plus the banner. */
export function parseNvidiaSmi(query: string, banner: string | null): Record<string, string> {
  const gpus = query
    .split("\n")
    .map((l) => l.split(",").map((s) => s.trim()))
    .filter((f) => f.length >= 3 && f[0]);
  if (!gpus.length) return {};
  const out: Record<string, string> = {
    gpu_name: [...new Set(gpus.map((g) => g[0]))].join(" + "),
    gpu_count: String(gpus.length),
    gpu_memory_mib: gpus[0][1],
    driver_version: gpus[0][2]
  };
  const cuda = banner?.match(/CUDA Version:\s*([\d.]+)/);
  if (cuda) out.cuda_version = cuda[1];
  return out;
}

/** Captures the environment of one version's run. `probe` is injectable for tests. */
export async function captureEnvironment(
  engine: Engine,
  ctx: EngineContext,
  env: Record<string, string>,
  {probe = realProbe}: {probe?: Probe} = {}
): Promise<Record<string, string>> {
  const {launch, task} = ctx;
  const opts = {cwd: launch.cwd, env, timeoutMs: PROBE_TIMEOUT_MS};
  const out: Record<string, string> = {hostname: hostname(), os: `${platform()} ${release()}`, prefix: JSON.stringify(launch.prefix)};
  const select = task.gpus ? ["-i", task.gpus] : [];
  const [query, banner] = await Promise.all([
    probe(["nvidia-smi", ...select, "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader,nounits"], opts),
    probe(["nvidia-smi"], opts)
  ]);
  if (query) Object.assign(out, parseNvidiaSmi(query, banner));
  const run = (argv: string[]) => probe([...launch.prefix, ...argv], opts);
  const versionArgv = engine.versionArgv?.(ctx);
  const [python, torch, engineVersion, git] = await Promise.all([
    engine.python ? run(["-c", "import platform; print(platform.python_version())"]) : null,
    engine.python ? run(["-c", "import torch; print(torch.__version__)"]) : null,
    versionArgv ? run(versionArgv) : null,
    launch.tree ? probe(["git", "-C", launch.tree, "rev-parse", "HEAD"], opts) : null
  ]);
  const last = (s: string | null) => s?.split("\n").at(-1)?.trim() || undefined;
  const set = (key: string, value: string | undefined) => value && (out[key] = value);
  set("python_version", last(python));
  set("torch_version", last(torch));
  set("engine_version", last(engineVersion));
  set("git_commit", last(git));
  if (task.gpus) out.cuda_visible_devices = task.gpus;
  Object.assign(out, engineVariables({...process.env, ...env}));
  return out;
}
