// The node side of the Slurm executor: runs the one (task, version, repeat) its job file names with the same code as
// the local executor (runners/run/run-unit.ts), adds where it ran (job id, node, partition, node features) to the
// environment, and writes the record atomically where the submitting runner collects it.
import {readFile} from "node:fs/promises";
import {probe} from "../../exec.ts";
import {writeFileAtomic} from "../../warehouse/db.ts";
import {loadPlan} from "../plan.ts";
import {runUnit} from "../run-unit.ts";
import {planUnits} from "../runner.ts";
import {parseScontrol, SlurmJobSchema} from "./slurm.ts";

/** Exit code of a job stopped by scancel (128 + SIGTERM): nothing half-measured is recorded. */
const EXIT_CANCELLED = 143;

/** Where the job runs, from Slurm's job environment and `scontrol show node`. */
export async function slurmEnvironment(env: Record<string, string | undefined> = process.env): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => value && (out[key] = value);
  set("slurm_job_id", env.SLURM_JOB_ID);
  set("slurm_node", env.SLURMD_NODENAME);
  set("slurm_partition", env.SLURM_JOB_PARTITION);
  set("slurm_cluster", env.SLURM_CLUSTER_NAME);
  if (env.SLURMD_NODENAME) {
    const node = parseScontrol((await probe(["scontrol", "show", "node", env.SLURMD_NODENAME])) ?? "");
    set("slurm_node_features", node.AvailableFeatures);
    set("slurm_node_gres", node.Gres);
  }
  return out;
}

/** Runs the job file's unit; returns the process exit code. */
export async function runJobFile(path: string): Promise<number> {
  const parsed = SlurmJobSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
  if (!parsed.success) {
    console.error(`${path}: not a job file: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return 2;
  }
  const job = parsed.data;
  const plan = await loadPlan(job.plan_file);
  const unit = planUnits(plan).find((u) => u.runId === job.run_id);
  if (!unit) {
    console.error(`${path}: plan ${job.plan_file} has no run ${job.run_id} (was the plan edited after submission?)`);
    return 2;
  }
  const controller = new AbortController();
  process.on("SIGTERM", () => controller.abort());
  // Slurm's allocation decides the devices (it sets CUDA_VISIBLE_DEVICES); the plan's indices were the gres count.
  const task = {...unit.task, gpus: undefined};
  const record = await runUnit(
    {...unit, task},
    {
      plan,
      warehouse: job.warehouse,
      batch: job.batch,
      agent: job.agent,
      signal: controller.signal,
      shared: new Map(),
      onProgress: (e) => console.log(e.type === "step" ? `${job.run_id}: ${e.step}` : `${job.run_id}: ${e.type}`)
    }
  );
  if (!record) return EXIT_CANCELLED;
  const done = {...record, environment: {...record.environment, ...(await slurmEnvironment())}};
  await writeFileAtomic(job.record_file, `${JSON.stringify(done, null, 2)}\n`);
  console.log(`${job.run_id}: ${done.status}, record ${job.record_file}`);
  return 0;
}
