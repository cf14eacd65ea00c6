// `benchbook lint`: reads a benchmark command line the way the engine's own CLI would (flag sets in flags/, read from
// each tool's argument parser) and names every problem that made the study's runs fail before they started:
// placeholders, optional-syntax brackets, flags the script does not accept or that were renamed, server flags given
// to a client, a missing model, shell chaining and metacharacters, environment prefixes. Pure: no I/O but `exists`.
import {existsSync} from "node:fs";
import {isAbsolute} from "node:path";
import {tokenize, TokenizeError, type Tokenized} from "../commands/tokenize.ts";
import {getEngine, type Engine} from "../run/engines/index.ts";
import type {ResolvedPlan, ResolvedTask} from "../run/plan.ts";
import {finding, type Finding} from "./findings.ts";
import {FLAG_SETS} from "./flags/index.ts";
import type {FlagSet, FlagSpec} from "./flags/types.ts";
import {RECENT_SERVE_FLAGS} from "./flags/vllm-bench-serve.ts";
import {RECENT_ENGINE_FLAGS, VLLM_ENGINE_FLAGS} from "./flags/vllm-engine-args.ts";
import {modelContext} from "./model-context.ts";

export {formatFindings} from "./findings.ts";

/** Serving clients: engine flags given to them belong to the server. */
const SERVING_CLIENTS = new Set(["vllm-benchmark-serving", "vllm-bench-serve", "sglang-bench-serving"]);
/** Values a switch with nargs="?" (vLLM's StoreBoolean) may take. */
const BOOLEAN_WORDS = /^(true|false)$/i;
/** An ALL-CAPS word standing where a value belongs (MODEL, BS, INPUT_LEN): a template never filled in. */
const CAPS_PLACEHOLDER = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;
/** `<model>`, `{model}`, `${MODEL}`, `$MODEL`. */
const BRACKET_PLACEHOLDER = /^(<[^>]*>|\{[^}]*\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)$/;
/** `[--flag]` or `[-x]`: optional syntax copied from a usage line. */
const OPTIONAL_SYNTAX = /^\[-{1,2}[A-Za-z]/;

export type CommandLint = {
  command: string;
  /** Tool id (`vllm-benchmark-serving` …) whose flags were checked, or null. */
  tool: string | null;
  label: string | null;
  /** Where the flags were read from. */
  source: string | null;
  /** Environment prefixes, parsed (never given to a shell). */
  env: Record<string, string>;
  /** The benchmark's arguments after the program/script. */
  args: string[];
  model: string | null;
  findings: Finding[];
};

/** Is `value` a placeholder rather than a value? */
export function isPlaceholder(value: string, spec?: FlagSpec): boolean {
  if (spec?.choices?.includes(value)) return false;
  return BRACKET_PLACEHOLDER.test(value) || CAPS_PLACEHOLDER.test(value);
}

/** Closest flag name by edit distance (for "did you mean"), if close enough to help. */
export function closestFlag(name: string, set: FlagSet): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const candidate of Object.keys(set.flags)) {
    const d = editDistance(name, candidate);
    if (d < bestD) [best, bestD] = [candidate, d];
  }
  return best && bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

type ArgsLint = {findings: Finding[]; flags: Map<string, string | true>; positionals: string[]};

/** Resolves a flag spelling against a set: exact, underscores, then a unique abbreviation. */
function resolveFlag(name: string, set: FlagSet): {canonical: string; spec: FlagSpec; via: "exact" | "underscore" | "abbreviation"} | null {
  if (set.flags[name]) return {canonical: name, spec: set.flags[name], via: "exact"};
  if (set.underscoresAsDashes && name.startsWith("--") && name.includes("_")) {
    const dashed = `--${name.slice(2).replaceAll("_", "-")}`;
    if (set.flags[dashed]) return {canonical: dashed, spec: set.flags[dashed], via: "underscore"};
  }
  if (set.allowsAbbreviations && name.startsWith("--")) {
    const hits = Object.keys(set.flags).filter((f) => f.startsWith("--") && f.startsWith(name));
    if (hits.length === 1) return {canonical: hits[0], spec: set.flags[hits[0]], via: "abbreviation"};
  }
  return null;
}

/** Checks a benchmark's arguments against a flag set (or only the generic rules when the tool is unknown). */
export function lintArgs(set: FlagSet | null, args: readonly string[], {where, ownedFlags = []}: {where?: string; ownedFlags?: readonly string[]} = {}): ArgsLint {
  const findings: Finding[] = [];
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const add = (f: Finding) => findings.push(where ? {...f, where} : f);
  const checkValue = (flag: string, value: string, spec?: FlagSpec) => {
    if (isPlaceholder(value, spec)) {
      add(finding("error", "placeholder", `${flag} ${value}: unfilled placeholder; put the real value in`, {token: value}));
    } else if (spec?.choices && !spec.choices.includes(value)) {
      add(finding("error", "bad-choice", `${flag} ${value}: not one of ${spec.choices.join(", ")} (${set!.label})`, {token: value}));
    }
  };
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (OPTIONAL_SYNTAX.test(token)) {
      add(finding("error", "brackets", `${token}: optional-syntax brackets left in; write ${token.replace(/^\[|\]$/g, "")} to pass the flag, or leave it out`, {token}));
      continue;
    }
    const isFlag = token.startsWith("-") && token.length > 1 && !/^-\d/.test(token);
    if (!isFlag) {
      if (isPlaceholder(token)) add(finding("error", "placeholder", `${token}: unfilled placeholder`, {token}));
      else if (set) add(finding("error", "stray-argument", `${token}: ${set.label} takes no positional arguments (a value without its flag?)`, {token}));
      positionals.push(token);
      continue;
    }
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const name = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const next = args[i + 1];
    const nextIsValue = next !== undefined && !(next.startsWith("-") && next.length > 1 && !/^-\d/.test(next)) && !OPTIONAL_SYNTAX.test(next);
    if (!set) {
      const value = inline ?? (nextIsValue ? next : undefined);
      if (inline === undefined && nextIsValue) i++;
      if (value !== undefined) checkValue(name, value);
      flags.set(name, value ?? true);
      continue;
    }
    const resolved = resolveFlag(name, set);
    if (!resolved) {
      const renamed = set.renamed?.[name] ?? set.renamed?.[`--${name.slice(2).replaceAll("_", "-")}`];
      if (renamed) {
        add(finding("error", "renamed-flag", `${name}: not accepted by ${set.label}; ${renamed.use ? `use ${renamed.use} (${renamed.note})` : renamed.note}`, {token: name}));
      } else if (SERVING_CLIENTS.has(set.tool) && (VLLM_ENGINE_FLAGS[name] || RECENT_ENGINE_FLAGS[name])) {
        add(finding("error", "server-flag", `${name}: an engine (server) argument; ${set.label} is only a client and does not accept it — give it to the server (a plan task's server_args)`, {token: name}));
        const choices = VLLM_ENGINE_FLAGS[name]?.choices;
        const value = inline ?? (nextIsValue ? next : undefined);
        if (choices && value !== undefined && !choices.includes(value)) {
          add(finding("error", "bad-choice", `${name} ${value}: not one of ${choices.join(", ")} (vLLM engine arguments), so the server would refuse it too`, {token: value}));
        }
      } else if (set.flags[RECENT_ENGINE_FLAGS[name] ?? ""]) {
        add(finding("warning", "recent-flag", `${name}: only later vLLM releases accept it (negative form of ${RECENT_ENGINE_FLAGS[name]}); v0.6 releases reject it`, {token: name}));
        continue;
      } else {
        const near = closestFlag(name, set);
        add(finding("error", "unknown-flag", `${name}: not accepted by ${set.label}${near ? ` (did you mean ${near}?)` : ""}; flags read from ${set.source}`, {token: name}));
      }
      // Skip its value so it is not reported again as a stray argument.
      if (inline === undefined && nextIsValue && (VLLM_ENGINE_FLAGS[name]?.kind !== "switch")) i++;
      continue;
    }
    const {canonical, spec, via} = resolved;
    if (via === "underscore") add(finding("warning", "underscore-flag", `${name}: read as ${canonical} by vLLM's FlexibleArgumentParser only; write ${canonical}`, {token: name}));
    if (via === "abbreviation") add(finding("warning", "abbreviated-flag", `${name}: argparse takes it as ${canonical} (unique prefix); a new flag with the same prefix would break it — write ${canonical}`, {token: name}));
    if (set.tool === "vllm-bench-serve" && RECENT_SERVE_FLAGS[canonical]) {
      add(finding("warning", "recent-flag", `${canonical}: only recent vllm bench serve releases accept it; older ones need ${RECENT_SERVE_FLAGS[canonical]}`, {token: name}));
    }
    if (ownedFlags.includes(canonical)) {
      add(finding("error", "runner-flag", `${canonical}: set by the runner (task model, host, port, result file); remove it from args`, {token: name}));
    }
    if (spec.kind === "value") {
      const value = inline ?? (nextIsValue ? next : undefined);
      if (value === undefined) {
        add(finding("error", "missing-value", `${canonical}: expects a value`, {token: name}));
        flags.set(canonical, true);
        continue;
      }
      if (inline === undefined) i++;
      checkValue(canonical, value, spec);
      flags.set(canonical, value);
    } else if (spec.kind === "list") {
      const values: string[] = inline !== undefined ? [inline] : [];
      while (inline === undefined && i + 1 < args.length && !args[i + 1].startsWith("-")) values.push(args[++i]);
      for (const v of values) checkValue(canonical, v, spec);
      flags.set(canonical, values.join(" ") || true);
    } else {
      if (inline === undefined && nextIsValue && BOOLEAN_WORDS.test(next)) i++;
      flags.set(canonical, true);
    }
  }
  return {findings, flags, positionals};
}

/** The tool a command runs and the arguments after it. */
export function identifyTool(argv: readonly string[]): {set: FlagSet | null; args: string[]; program: string | null; findings: Finding[]} {
  const findings: Finding[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (/(^|\/)vllm$/.test(a) && argv[k + 1] === "bench" && ["serve", "throughput", "latency"].includes(argv[k + 2])) {
      return {set: FLAG_SETS[`vllm-bench-${argv[k + 2]}`], args: argv.slice(k + 3), program: `vllm bench ${argv[k + 2]}`, findings};
    }
    if (a === "vllm.entrypoints.cli.main" && argv[k + 1] === "bench" && ["serve", "throughput", "latency"].includes(argv[k + 2])) {
      return {set: FLAG_SETS[`vllm-bench-${argv[k + 2]}`], args: argv.slice(k + 3), program: `vllm bench ${argv[k + 2]}`, findings};
    }
    const legacy = a.match(/(?:^|\/)benchmark_(serving|throughput|latency)\.py$/);
    if (legacy) {
      if (isAbsolute(a)) {
        findings.push(finding("warning", "script-path", `${a}: an absolute path from another machine; run the version tree's benchmarks/${legacy[0].split("/").pop()}`, {token: a}));
      } else if (!/(^|\/)benchmarks\/benchmark_/.test(a)) {
        findings.push(finding("warning", "script-path", `${a}: vLLM keeps this script in benchmarks/; this path will not exist in a vLLM tree`, {token: a}));
      }
      return {set: FLAG_SETS[`vllm-benchmark-${legacy[1]}`], args: argv.slice(k + 1), program: a, findings};
    }
    if (a === "sglang.bench_serving" || /(^|\/)sglang\/bench_serving\.py$/.test(a)) {
      return {set: FLAG_SETS["sglang-bench-serving"], args: argv.slice(k + 1), program: "sglang.bench_serving", findings};
    }
    if (/(^|\/)llama-bench$/.test(a)) return {set: FLAG_SETS["llama-bench"], args: argv.slice(k + 1), program: a, findings};
    if (/\.py$/.test(a)) {
      findings.push(finding("warning", "unknown-tool", `${a}: BenchBook has no flag set for this script; only placeholders and brackets were checked`, {token: a}));
      return {set: null, args: argv.slice(k + 1), program: a, findings};
    }
  }
  return {set: null, args: [...argv], program: null, findings};
}

/** Model, context-length and local-path rules shared by commands and plans. */
function modelFindings(set: FlagSet | null, flags: Map<string, string | true>, model: string | null, {modelFromTask = false, where}: {modelFromTask?: boolean; where?: string} = {}): Finding[] {
  const out: Finding[] = [];
  const add = (f: Finding) => out.push(where ? {...f, where} : f);
  const modelFlag = set?.tool === "llama-bench" ? "-m" : "--model";
  const takesModel = set && (set.flags[modelFlag] || set.flags["--model"]);
  if (takesModel && !model && !modelFromTask) {
    const offline = set.tool.includes("latency") || set.tool.includes("throughput");
    if (offline || set.required?.includes(modelFlag)) {
      const why = offline ? " (it would silently benchmark its default, facebook/opt-125m)" : ` (${set.label} requires it)`;
      add(finding("error", "missing-model", `no ${modelFlag}: the command does not say which model to benchmark${why}`));
    } else {
      add(finding("warning", "missing-model", `no ${modelFlag}: ${set.label} asks the server (/v1/models) which model it serves; the command alone does not say`));
    }
  }
  if (model && isAbsolute(model)) add(finding("warning", "local-model-path", `${model}: a local path on the machine that wrote the command; use a model id or a path on the benchmark host`, {token: model}));
  const num = (f: string) => (typeof flags.get(f) === "string" && /^\d+$/.test(flags.get(f) as string) ? Number(flags.get(f)) : null);
  const limit = modelContext(model);
  const maxLen = num("--max-model-len");
  if (limit && maxLen && maxLen > limit) {
    add(finding("error", "context-length", `--max-model-len ${maxLen} is larger than ${model} allows (${limit} tokens); the server refuses to start`, {token: String(maxLen)}));
  }
  const input = num("--input-len") ?? num("--random-input-len");
  const output = num("--output-len") ?? num("--random-output-len");
  const window = maxLen ?? limit;
  if (window && input !== null && output !== null && input + output > window) {
    add(finding("error", "context-length", `input ${input} + output ${output} tokens exceed the ${maxLen ? "--max-model-len" : `context of ${model}`} (${window})`));
  }
  return out;
}

function shellFindings(t: Tokenized, where?: string): Finding[] {
  const out: Finding[] = [];
  const add = (f: Finding) => out.push(where ? {...f, where} : f);
  if (t.separators.length) {
    add(finding("error", "chaining", `command chaining (${[...new Set(t.separators.map((s) => (s === "\n" ? "newline" : s)))].join(", ")}): BenchBook runs one program with an argv, never a shell; split it into plan steps`));
  }
  for (const u of t.unexpanded) add(finding("error", "shell-syntax", `${JSON.stringify(u)}: needs a shell to expand or redirect; nothing is expanded here`, {token: u}));
  return out;
}

/** Lints one command line (a corpus `perf_command`). */
export function lintCommand(command: string): CommandLint {
  const base: CommandLint = {command, tool: null, label: null, source: null, env: {}, args: [], model: null, findings: []};
  let t: Tokenized;
  try {
    t = tokenize(command);
  } catch (error) {
    if (error instanceof TokenizeError) return {...base, findings: [finding("error", "unparsable", `cannot split the command line: ${error.message}`)]};
    throw error;
  }
  const findings = shellFindings(t);
  if (!t.commands.length) return {...base, findings: [...findings, finding("error", "no-benchmark", "empty command")]};
  // With chaining (`cd x && python benchmarks/…`), the benchmark is the first command that names a known tool.
  const cmd = t.commands.find((c) => identifyTool(c.argv).program) ?? t.commands[0];
  const {findings: toolFindings, set, args, program} = identifyTool(cmd.argv);
  const env = cmd.env;
  if (Object.keys(env).length) {
    findings.push(
      finding("warning", "env-prefix", `environment prefix ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")}: parsed into the process environment (no shell); in a plan it belongs in versions.<name>.env`)
    );
  }
  if (!program) findings.push(finding("error", "no-benchmark", "no benchmark program found (vllm bench …, benchmarks/benchmark_*.py, sglang.bench_serving, llama-bench)"));
  findings.push(...toolFindings);
  const argsLint = lintArgs(set, args);
  findings.push(...argsLint.findings);
  const modelValue = argsLint.flags.get(set?.tool === "llama-bench" ? "-m" : "--model") ?? argsLint.flags.get("--model");
  const model = typeof modelValue === "string" && !isPlaceholder(modelValue) ? modelValue : null;
  const placeholderModel = typeof modelValue === "string" && isPlaceholder(modelValue);
  findings.push(...modelFindings(set, argsLint.flags, model, {modelFromTask: placeholderModel}));
  return {command, tool: set?.tool ?? null, label: set?.label ?? program, source: set?.source ?? null, env, args, model, findings};
}

function argvOf(value: string | string[], where: string, findings: Finding[]): string[] | null {
  if (Array.isArray(value)) return value;
  let t: Tokenized;
  try {
    t = tokenize(value);
  } catch (error) {
    findings.push(finding("error", "unparsable", `cannot split: ${(error as Error).message}`, {where}));
    return null;
  }
  findings.push(...shellFindings(t, where));
  const first = t.commands[0];
  if (first && Object.keys(first.env).length) {
    findings.push(finding("error", "env-prefix", `environment prefix ${Object.keys(first.env).join(", ")} in args: move it to versions.<name>.env`, {where}));
  }
  return first?.argv ?? [];
}

/** Lints one task of a plan: its args against the engine's flag set, its model, GPUs and files. */
export function lintTask(task: ResolvedTask, {exists = existsSync}: {exists?: (path: string) => boolean} = {}): Finding[] {
  const findings: Finding[] = [];
  const at = (field: string) => `task ${task.id}: ${field}`;
  let engine: Engine;
  try {
    engine = getEngine(task.engine);
  } catch (error) {
    return [finding("error", "unknown-tool", (error as Error).message, {where: at("engine")})];
  }
  let set: FlagSet | null = null;
  try {
    const tool = engine.lintTool?.(task);
    set = tool ? (FLAG_SETS[tool] ?? null) : null;
  } catch (error) {
    findings.push(finding("error", "bad-option", (error as Error).message, {where: at("options")}));
  }
  if (isPlaceholder(task.model)) findings.push(finding("error", "placeholder", `${task.model}: unfilled placeholder for the model`, {where: at("model"), token: task.model}));
  const args = argvOf(task.args, at("args"), findings);
  let flags = new Map<string, string | true>();
  if (args) {
    const r = lintArgs(set, args, {where: at("args"), ownedFlags: engine.ownedFlags});
    findings.push(...r.findings);
    flags = r.flags;
  }
  const serverArgs = argvOf(task.serverArgs, at("server_args"), findings);
  if (serverArgs) {
    const r = lintArgs(null, serverArgs, {where: at("server_args")});
    findings.push(...r.findings);
    for (const [k, v] of r.flags) if (!flags.has(k)) flags.set(k, v);
  }
  findings.push(...modelFindings(set, flags, task.model, {modelFromTask: true, where: at("model")}));
  const tp = flags.get("--tensor-parallel-size") ?? flags.get("-tp");
  if (task.gpus && typeof tp === "string" && Number(tp) > task.gpus.split(",").length) {
    findings.push(finding("error", "gpu-count", `tensor parallel size ${tp} needs ${tp} GPUs; the task gets ${task.gpus.split(",").length} (gpus "${task.gpus}")`, {where: at("gpus")}));
  }
  for (const [name, launch] of Object.entries(task.versions)) {
    if (!launch) continue;
    if (launch.tree && !exists(launch.tree)) findings.push(finding("error", "missing-file", `tree ${launch.tree} does not exist`, {where: at(`versions.${name}.tree`)}));
    if (launch.patch && !exists(launch.patch)) findings.push(finding("error", "missing-file", `patch ${launch.patch} does not exist`, {where: at(`versions.${name}.patch`)}));
  }
  return findings;
}

/** Lints every task of a plan. */
export function lintPlan(plan: ResolvedPlan, options: {exists?: (path: string) => boolean} = {}): Finding[] {
  return plan.tasks.flatMap((t) => lintTask(t, options));
}
