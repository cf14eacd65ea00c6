// `benchbook run --dry-run`: every command each run would execute, in order, exactly as argv (rendered shell-style
// for reading only), so a plan can be checked before it occupies a GPU.
import {join} from "node:path";
import {getEngine, type EngineContext} from "./engines/index.ts";
import type {ResolvedPlan} from "./plan.ts";
import {displayCommand} from "./run-format.ts";
import {planUnits} from "./runner.ts";
import {taskArgs} from "./task-args.ts";

export function describeDryRun(plan: ResolvedPlan, warehouse: string): string {
  const lines = [`Plan ${plan.name} (${plan.file}): ${plan.tasks.length} task(s), ${planUnits(plan).length} run(s); warehouse ${warehouse}`];
  for (const unit of planUnits(plan)) {
    const {task, version, repeat, runId} = unit;
    const engine = getEngine(task.engine);
    const launch = task.versions[version]!;
    const runDir = join(warehouse, "logs", runId);
    lines.push("", `${runId}  (${task.engine}, ${engine.mode})`);
    let args: ReturnType<typeof taskArgs>;
    try {
      args = taskArgs(task);
    } catch (error) {
      lines.push(`  cannot build commands: ${(error as Error).message}`);
      continue;
    }
    const resultPath = join(runDir, "result.json");
    const ctx: EngineContext = {task, version, launch, repeat, runId, runDir, resultPath, host: task.host, port: task.port, ...args};
    const env = {...launch.env, ...(task.gpus ? {CUDA_VISIBLE_DEVICES: task.gpus} : {})};
    if (Object.keys(env).length) lines.push(`  env     ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")}`);
    lines.push(`  cwd     ${launch.cwd}`);
    if (launch.patch) lines.push(`  patch   git apply ${launch.patch}  (on a copy of ${launch.tree})`);
    try {
      if (engine.serverArgv) {
        lines.push(`  server  ${displayCommand([...launch.prefix, ...engine.serverArgv(ctx)])}`);
        const url = `http://${task.host}:${task.port}${engine.healthPath}`;
        lines.push(`  ready   GET ${url} → 200 within ${task.timeouts.server_start_s} s, then one smoke request`);
      }
      lines.push(`  ${engine.mode === "serving" ? "client " : "bench  "} ${displayCommand([...launch.prefix, ...engine.benchArgv(ctx)])}`);
    } catch (error) {
      lines.push(`  cannot build commands: ${(error as Error).message}`);
    }
  }
  return lines.join("\n");
}
