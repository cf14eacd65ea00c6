// One run from start to record: prepare the version (agent patch), capture its environment, run the engine's flow,
// and describe the outcome as a RunRecord. Returns null only when interrupted, so nothing half-measured is recorded.
import {mkdir, rm} from "node:fs/promises";
import {join, relative} from "node:path";
import {withContainerEnv} from "./container.ts";
import {captureEnvironment} from "./environment.ts";
import {getEngine, type EngineContext} from "./engines/index.ts";
import type {ExecutorContext, RunUnit} from "./executors/index.ts";
import {runOffline, runServing, type FlowResult} from "./flows.ts";
import {prepareAgentTree, type PreparedTree} from "./patch.ts";
import {recordHead, type RunRecord} from "./record.ts";
import {taskArgs} from "./task-args.ts";

export type UnitContext = ExecutorContext & {
  /** Work shared by the runs of one plan run (patched trees, environment captures), keyed by purpose. */
  shared: Map<string, Promise<unknown>>;
};

function memo<T>(shared: Map<string, Promise<unknown>>, key: string, make: () => Promise<T>): Promise<T> {
  if (!shared.has(key)) shared.set(key, make());
  return shared.get(key) as Promise<T>;
}

/** Runs one (task, version, repeat); null when interrupted. */
export async function runUnit(unit: RunUnit, ctx: UnitContext): Promise<RunRecord | null> {
  const {task, version, repeat, runId} = unit;
  const engine = getEngine(task.engine);
  const startedAt = new Date();
  const runDir = join(ctx.warehouse, "logs", runId);
  await rm(runDir, {recursive: true, force: true});
  await mkdir(runDir, {recursive: true});
  let launch = task.versions[version]!;
  const steps: RunRecord["steps"] = [];
  let flow: FlowResult | null = null;

  let prepared: PreparedTree | null = null;
  if (version === "agent" && launch.patch) {
    ctx.onProgress({type: "step", unit, step: "patch"});
    const how = {warehouse: ctx.warehouse, plan: ctx.plan.name, timeoutMs: task.timeouts.patch_s * 1000, signal: ctx.signal};
    prepared = await memo(ctx.shared, `patch:${task.id}`, () => prepareAgentTree(task, launch, how));
    if (ctx.signal.aborted) return null;
    steps.push(prepared.step);
    if (prepared.ok) {
      // The patched copy's modules shadow an editable install of the baseline tree.
      const pythonPath = [prepared.tree, launch.env.PYTHONPATH].filter(Boolean).join(":");
      launch = {...launch, tree: prepared.tree, cwd: prepared.tree, env: {...launch.env, PYTHONPATH: pythonPath}};
    }
  }
  const env = {...launch.env, ...(task.gpus ? {CUDA_VISIBLE_DEVICES: task.gpus} : {})};
  launch = {...launch, prefix: withContainerEnv(launch.prefix, Object.keys(env))};
  let args: string[] = [];
  let serverArgs: string[] = [];
  let argsError: string | null = null;
  try {
    ({args, serverArgs} = taskArgs(task));
  } catch (error) {
    argsError = (error as Error).message;
  }
  const ectx: EngineContext = {
    task,
    version,
    launch,
    repeat,
    runId,
    runDir,
    resultPath: join(runDir, "result.json"),
    host: task.host,
    port: task.port,
    args,
    serverArgs
  };
  ctx.onProgress({type: "step", unit, step: "environment"});
  const environment = await memo(ctx.shared, `env:${task.id}:${version}`, () => captureEnvironment(engine, ectx, env));
  if (ctx.signal.aborted) return null;

  const failed = (status: FlowResult["status"], error: string | null): FlowResult =>
    ({status, error, logTail: error, serverLogTail: null, steps: [], output: null, aborted: false});
  if (prepared && !prepared.ok) {
    flow = failed("patch_failed", prepared.error);
  } else if (argsError) {
    flow = failed("client_failed", argsError);
  } else {
    const onStep = (step: string) => ctx.onProgress({type: "step", unit, step});
    const options = {warehouse: ctx.warehouse, env, cwd: launch.cwd, timeouts: task.timeouts, signal: ctx.signal, onStep};
    try {
      flow = engine.mode === "serving" ? await runServing(engine, ectx, options) : await runOffline(engine, ectx, options);
    } catch (error) {
      // An argv that cannot be built (missing tree for a legacy script …) is this run's failure, not the batch's.
      flow = failed("client_failed", (error as Error).message);
    }
    if (flow.aborted || ctx.signal.aborted) return null;
  }
  steps.push(...flow.steps);
  const finishedAt = new Date();
  const executed = flow.output?.executed ?? {};
  return {
    ...recordHead(unit, ctx, executed.benchmark_mode ?? engine.benchmarkMode),
    status: flow.status,
    error: flow.error,
    log_tail: flow.logTail,
    server_log_tail: flow.serverLogTail,
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    duration_s: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    steps,
    metrics: flow.output?.metrics ?? [],
    // JSON has no Infinity: an unlimited request rate is written "inf", as vLLM itself writes it.
    executed: Object.fromEntries(
      Object.entries(executed)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, typeof v === "number" && !Number.isFinite(v) ? (v > 0 ? "inf" : "-inf") : v])
    ) as Record<string, string | number>,
    warnings: flow.output?.warnings ?? [],
    environment,
    result_file: flow.output ? relative(ctx.warehouse, engine.resultOnStdout ? join(runDir, "benchmark.stdout.log") : ectx.resultPath) : null
  };
}
