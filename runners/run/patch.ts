// The agent version runs the baseline tree with the agent's patch applied: on a copy, so the baseline tree is never
// touched, with `git apply` (argv, no shell). A patch that does not apply is the agent's failure, recorded as such.
import {cp, rm} from "node:fs/promises";
import {dirname, join, relative} from "node:path";
import {runLogged} from "../exec.ts";
import type {Launch, ResolvedTask} from "./plan.ts";
import type {StepRecord} from "./record.ts";

export type PreparedTree = {ok: boolean; tree: string; step: StepRecord; error: string | null};

/** Copies the tree to `<warehouse>/work/<plan>/<task>/agent-tree` and applies the patch there. */
export async function prepareAgentTree(
  task: ResolvedTask,
  launch: Launch,
  {warehouse, plan, timeoutMs, signal}: {warehouse: string; plan: string; timeoutMs: number; signal?: AbortSignal}
): Promise<PreparedTree> {
  const tree = join(warehouse, "work", plan, task.id, "agent-tree");
  const logDir = join(warehouse, "logs", `${plan}.${task.id}.agent-patch`);
  const started = Date.now();
  await rm(tree, {recursive: true, force: true});
  await cp(launch.tree!, tree, {recursive: true, verbatimSymlinks: true});
  // Without its own .git the copy must not be taken for part of an enclosing repository (the warehouse may live in one).
  const out = await runLogged(["git", "apply", "--whitespace=nowarn", launch.patch!], {
    logDir,
    name: "patch",
    cwd: tree,
    env: {GIT_CEILING_DIRECTORIES: dirname(tree)},
    timeoutMs,
    signal
  });
  const step: StepRecord = {
    name: "patch",
    argv: out.argv,
    exit_code: out.exitCode,
    signal: out.signal,
    timed_out: out.timedOut,
    duration_s: (Date.now() - started) / 1000,
    ok: out.ok,
    stdout: relative(warehouse, out.stdoutPath),
    stderr: relative(warehouse, out.stderrPath),
    error: out.error
  };
  return {ok: out.ok, tree, step, error: out.error};
}
