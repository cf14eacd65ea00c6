// A plan's tasks, checked before anything runs: each task's args against the flag set of the benchmark its engine
// will call (flags the runner sets itself are errors), its model, its GPU count against tensor parallelism, and the
// trees and patches it names. `benchbook run` refuses a plan with an error.
import {existsSync} from "node:fs";
import {tokenize, type Tokenized} from "../commands/tokenize.ts";
import {getEngine, type Engine} from "../run/engines/index.ts";
import type {ResolvedPlan, ResolvedTask} from "../run/plan.ts";
import {isPlaceholder, lintArgs} from "./args.ts";
import {shellFindings} from "./command.ts";
import {finding, type Finding} from "./findings.ts";
import {FLAG_SETS} from "./flags/index.ts";
import type {FlagSet} from "./flags/types.ts";
import {engineConfigFindings} from "./engine-config.ts";
import {modelFindings} from "./model.ts";

export type LintEffects = {exists?: (path: string) => boolean};

/** A task's args field as argv; a string that needs a shell or carries env prefixes adds findings. */
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
    const message = `environment prefix ${Object.keys(first.env).join(", ")} in args: move it to versions.<name>.env`;
    findings.push(finding("error", "env-prefix", message, {where}));
  }
  return first?.argv ?? [];
}

/** Lints one task of a plan. */
export function lintTask(task: ResolvedTask, {exists = existsSync}: LintEffects = {}): Finding[] {
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
  if (isPlaceholder(task.model)) {
    findings.push(finding("error", "placeholder", `${task.model}: unfilled placeholder for the model`, {where: at("model"), token: task.model}));
  }
  let flags = new Map<string, string | true>();
  const args = argvOf(task.args, at("args"), findings);
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
  findings.push(...engineConfigFindings(flags, at("args")));
  const tp = flags.get("--tensor-parallel-size") ?? flags.get("-tp");
  const gpus = task.gpus?.split(",").length;
  if (gpus && typeof tp === "string" && Number(tp) > gpus) {
    const message = `tensor parallel size ${tp} needs ${tp} GPUs; the task gets ${gpus} (gpus "${task.gpus}")`;
    findings.push(finding("error", "gpu-count", message, {where: at("gpus")}));
  }
  for (const [name, launch] of Object.entries(task.versions)) {
    if (launch?.tree && !exists(launch.tree)) {
      findings.push(finding("error", "missing-file", `tree ${launch.tree} does not exist`, {where: at(`versions.${name}.tree`)}));
    }
    if (launch?.patch && !exists(launch.patch)) {
      findings.push(finding("error", "missing-file", `patch ${launch.patch} does not exist`, {where: at(`versions.${name}.patch`)}));
    }
  }
  return findings;
}

/** Lints every task of a plan. */
export function lintPlan(plan: ResolvedPlan, effects: LintEffects = {}): Finding[] {
  return plan.tasks.flatMap((t) => lintTask(t, effects));
}
