// The plan `benchbook run` executes: which commits, which engine and arguments, and how each version (baseline =
// parent commit, human = merged PR, agent = the agent's patch) is launched. JSON or YAML, validated here once so that
// everything after this module can trust its shape; errors name the file, the field, what was expected and found.
import {readFile} from "node:fs/promises";
import {dirname, extname, isAbsolute, resolve} from "node:path";
import YAML, {isScalar} from "yaml";
import {z} from "zod";
import {VARIANTS} from "../model/measurement.ts";
import {formatZodIssues, InputError, isEnoent} from "../errors.ts";

/** Engines a task can name; `command` runs any argv and parses its result file with a named format. */
export const ENGINE_NAMES = ["vllm-serve", "vllm-throughput", "vllm-latency", "sglang-serve", "llama-bench", "command", "torch"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The three versions of a three-way comparison, in back-to-back order. */
export const VERSIONS = VARIANTS;
export type VersionName = (typeof VERSIONS)[number];

/** back-to-back: B×r, H×r, A×r; interleaved: B,H,A, B,H,A … (drift over time hits all versions alike). */
export const ORDERS = ["back-to-back", "interleaved"] as const;
export type Order = (typeof ORDERS)[number];

/** Default per-step limits, in seconds. A vLLM server loading an 8B model from cold disk takes a few minutes. */
export const DEFAULT_TIMEOUTS = {server_start_s: 900, smoke_s: 120, client_s: 3600, offline_s: 3600, patch_s: 120, stop_grace_s: 15};

const nonEmpty = z.string().min(1, "expected a non-empty string");
/** Benchmark arguments: an argv array, or one string split by the shell-like tokenizer (never by a shell). */
const Args = z.union([z.string(), z.array(z.string())]);
const Env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name"), z.string());

const Timeouts = z.strictObject({
  server_start_s: z.number().positive().optional(),
  smoke_s: z.number().positive().optional(),
  client_s: z.number().positive().optional(),
  offline_s: z.number().positive().optional(),
  patch_s: z.number().positive().optional(),
  stop_grace_s: z.number().nonnegative().optional()
});

const versionFields = {
  /** argv that launches this version's Python (or container): `["/envs/pr/bin/python"]`, `["docker","run","--gpus","all","img","python"]`. */
  prefix: z.array(nonEmpty).min(1, "expected at least the program to run"),
  /** Extra environment for every process of this version. */
  env: Env.optional(),
  /** The version's source tree (git commit recorded; legacy `benchmarks/*.py` scripts run from here). */
  tree: nonEmpty.optional(),
  /** Working directory (default: tree, else the plan's folder). */
  cwd: nonEmpty.optional()
};
const Version = z.strictObject(versionFields);
const AgentVersion = z.strictObject({
  ...versionFields,
  /** A patch applied (`git apply`) to a copy of `tree` (or of baseline's tree) before running. */
  patch: nonEmpty.optional()
});

const Settings = {
  repeats: z.number().int().min(1).max(100).optional(),
  order: z.enum(ORDERS).optional(),
  timeouts: Timeouts.optional(),
  /** GPUs the run may use, as CUDA_VISIBLE_DEVICES (`"0"`, `"0,1"`). */
  gpus: z.string().regex(/^\d+(,\d+)*$/, 'expected GPU indices like "0" or "0,1"').optional(),
  /** Port the server listens on (serving engines). */
  port: z.number().int().min(1).max(65535).optional(),
  host: nonEmpty.optional()
};

const Task = z
  .strictObject({
    /** Defaults to the commit's first 8 characters. */
    id: z.string().regex(/^[A-Za-z0-9._-]+$/, "expected letters, digits, . _ -").optional(),
    commit: nonEmpty,
    parent: nonEmpty.optional(),
    subject: z.string().optional(),
    model: nonEmpty,
    engine: z.enum(ENGINE_NAMES),
    /** Arguments of the benchmark client (serving) or the benchmark itself (offline). */
    args: Args.optional(),
    /** Extra arguments for the server (serving engines). */
    server_args: Args.optional(),
    /** engine `command`: the argv after the version's prefix; `{result}`, `{port}`, `{host}`, `{model}` are filled in. */
    command: z.array(nonEmpty).optional(),
    /** engine `command`: name of the registered format that parses its result file. */
    result_format: nonEmpty.optional(),
    /** Engine options, passed through to the engine (e.g. torch: attention implementation, KV cache, compile). */
    options: z.record(z.string(), z.unknown()).optional(),
    versions: z.strictObject({baseline: Version.optional(), human: Version.optional(), agent: AgentVersion.optional()}),
    ...Settings
  })
  .superRefine((task, ctx) => {
    if (!task.versions.baseline && !task.versions.human && !task.versions.agent) {
      ctx.addIssue({code: "custom", path: ["versions"], message: "expected at least one of baseline, human, agent"});
    }
    if (task.engine === "command" && (!task.command || !task.result_format)) {
      ctx.addIssue({code: "custom", path: [task.command ? "result_format" : "command"], message: 'engine "command" needs command and result_format'});
    }
    if (task.engine !== "command" && (task.command || task.result_format)) {
      ctx.addIssue({code: "custom", path: ["command"], message: `command/result_format apply to engine "command" only, not ${JSON.stringify(task.engine)}`});
    }
    const agent = task.versions.agent;
    if (agent?.patch && !agent.tree && !task.versions.baseline?.tree) {
      ctx.addIssue({code: "custom", path: ["versions", "agent", "tree"], message: "a patch needs a tree to apply to (agent.tree or baseline.tree)"});
    }
  });

export const PlanSchema = z.strictObject({
  /** Names the plan's runs (`run_set` in the warehouse). */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, "expected letters, digits, . _ -"),
  description: z.string().optional(),
  defaults: z.strictObject(Settings).optional(),
  tasks: z.array(Task).min(1, "expected at least one task")
});

export type Plan = z.infer<typeof PlanSchema>;
export type PlanTask = Plan["tasks"][number];
export type Timeouts = typeof DEFAULT_TIMEOUTS;

/** How one version is launched, with paths resolved against the plan's folder. */
export type Launch = {prefix: string[]; env: Record<string, string>; tree?: string; cwd: string; patch?: string};

/** A task with defaults applied and paths resolved: what engines and executors receive. */
export type ResolvedTask = {
  id: string;
  commit: string;
  parent?: string;
  subject?: string;
  model: string;
  engine: EngineName;
  /** Raw args as written (string or argv); engines tokenize strings with runners/commands/tokenize.ts. */
  args: string | string[];
  serverArgs: string | string[];
  command?: string[];
  resultFormat?: string;
  options: Record<string, unknown>;
  versions: Partial<Record<VersionName, Launch>>;
  repeats: number;
  order: Order;
  timeouts: Timeouts;
  gpus?: string;
  port: number;
  host: string;
};

export type ResolvedPlan = {name: string; description?: string; file: string; dir: string; tasks: ResolvedTask[]};

/** Keys whose YAML values are text even when they look like numbers (an all-digit commit hash, a task id). */
const TEXT_KEYS = new Set(["commit", "parent", "id", "subject", "model", "name"]);

/** YAML reads `commit: 1234567890` as a number (and loses digits); these keys keep their source text. */
function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text, {prettyErrors: true});
  if (doc.errors.length) throw doc.errors[0];
  YAML.visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && TEXT_KEYS.has(String(pair.key.value)) && isScalar(pair.value) && typeof pair.value.value !== "string") {
        pair.value.value = pair.value.source ?? String(pair.value.value);
      }
    }
  });
  return doc.toJS();
}

/** Parses plan text (JSON if the file ends in .json, else YAML) and validates it. */
export function parsePlan(text: string, file: string): ResolvedPlan {
  let data: unknown;
  const ext = extname(file).toLowerCase();
  try {
    data = ext === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError(file, `not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = PlanSchema.safeParse(data, {reportInput: true});
  if (!parsed.success) throw new InputError(file, `invalid plan\n${formatZodIssues(file, parsed.error.issues)}`);
  return resolvePlan(parsed.data, file);
}

/** Reads and validates a plan file. */
export async function loadPlan(file: string): Promise<ResolvedPlan> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(file, isEnoent(error) ? "plan file not found" : (error as Error).message);
  }
  return parsePlan(text, resolve(file));
}

/** Applies defaults (task > plan defaults > built-in) and resolves tree/patch/cwd paths against the plan's folder. */
export function resolvePlan(plan: Plan, file: string): ResolvedPlan {
  const dir = dirname(resolve(file));
  const abs = (p: string | undefined) => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(dir, p));
  const ids = new Set<string>();
  const tasks = plan.tasks.map((task, i): ResolvedTask => {
    const d = plan.defaults ?? {};
    const id = task.id ?? task.commit.slice(0, 8);
    if (ids.has(id)) throw new InputError(`${file}: tasks[${i}].id`, `duplicate task id ${JSON.stringify(id)} (set a distinct id)`);
    ids.add(id);
    const versions: Partial<Record<VersionName, Launch>> = {};
    for (const name of VERSIONS) {
      const v = task.versions[name] as (z.infer<typeof AgentVersion> & {patch?: string}) | undefined;
      if (!v) continue;
      const tree = abs(v.tree) ?? (name === "agent" && v.patch ? abs(task.versions.baseline?.tree) : undefined);
      versions[name] = {prefix: v.prefix, env: v.env ?? {}, tree, cwd: abs(v.cwd) ?? tree ?? dir, patch: abs(v.patch)};
    }
    return {
      id,
      commit: task.commit,
      parent: task.parent,
      subject: task.subject,
      model: task.model,
      engine: task.engine,
      args: task.args ?? [],
      serverArgs: task.server_args ?? [],
      command: task.command,
      resultFormat: task.result_format,
      options: task.options ?? {},
      versions,
      repeats: task.repeats ?? d.repeats ?? 1,
      order: task.order ?? d.order ?? "back-to-back",
      timeouts: {...DEFAULT_TIMEOUTS, ...d.timeouts, ...task.timeouts},
      gpus: task.gpus ?? d.gpus,
      port: task.port ?? d.port ?? 8000,
      host: task.host ?? d.host ?? "127.0.0.1"
    };
  });
  return {name: plan.name, description: plan.description, file: resolve(file), dir, tasks};
}
