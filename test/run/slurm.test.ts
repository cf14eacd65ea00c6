// runners/run/executors/slurm.ts: sbatch argv, squeue/scontrol parsing, node-type flags, adoption and Ctrl-C against a
// fake Slurm, then a real one-node cluster on localhost (test/support/slurm-cluster.sh): a torch plan on CPU through
// `benchbook run --executor slurm` into the warehouse, a killed runner resumed without resubmitting, Ctrl-C cancelling.
import {execFileSync, spawn, spawnSync} from "node:child_process";
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {createServer, type AddressInfo} from "node:net";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {InputError} from "../../runners/errors.ts";
import type {ExecutorContext, ProgressEvent} from "../../runners/run/executors/index.ts";
import {
  createSlurmExecutor,
  jobName,
  nodeTypeWarning,
  parseScontrol,
  parseSqueue,
  sbatchArgv,
  SLURM_JOB_ENTRY,
  SLURM_JOB_SCRIPT,
  slurmSettings,
  timeLimitMinutes,
  type CommandResult
} from "../../runners/run/executors/slurm.ts";
import {parsePlan} from "../../runners/run/plan.ts";
import type {RunRecord} from "../../runners/run/record.ts";
import {planUnits} from "../../runners/run/runner.ts";
import {Db} from "../../runners/warehouse/db.ts";
import {TORCH_PYTHON} from "../support/torch-python.ts";

const repoRoot = resolve(import.meta.dirname, "../..");

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

const PLAN = {
  name: "slurm-fake",
  tasks: [
    {id: "t1", commit: "abc", model: "tiny", engine: "torch", gpus: "0,1", versions: {baseline: {prefix: ["python3"]}, human: {prefix: ["python3"]}}, repeats: 2, order: "interleaved"}
  ]
};
const plan = parsePlan(JSON.stringify(PLAN), "/plans/slurm-fake.json");
const settings = slurmSettings({}, "/usr/bin/node");

describe("sbatchArgv(unit)", () => {
  it("names the job after the run, asks for the task's GPUs and a time limit, chains it after the task's last job", () => {
    const unit = planUnits(plan)[1];
    expect(sbatchArgv(unit, settings, {jobFile: "/w/j.json", outFile: "/w/o.%j.out", serving: false, afterJob: "41"})).toEqual([
      "sbatch",
      "--parsable",
      "--job-name=benchbook.slurm-fake.t1.human.r1",
      "--output=/w/o.%j.out",
      "--time=72",
      "--gres=gpu:2",
      "--dependency=afterany:41",
      SLURM_JOB_SCRIPT,
      "/usr/bin/node",
      SLURM_JOB_ENTRY,
      "/w/j.json"
    ]);
  });

  it("takes partition, account, gres and extra options from BENCHBOOK_SLURM_* without a shell", () => {
    const s = slurmSettings({BENCHBOOK_SLURM_PARTITION: "gpu", BENCHBOOK_SLURM_ACCOUNT: "perf", BENCHBOOK_SLURM_GRES: "gpu:h100:1", BENCHBOOK_SLURM_ARGS: "--constraint=h100 --qos 'high prio'", BENCHBOOK_SLURM_TIME_MIN: "30"}, "node");
    const argv = sbatchArgv(planUnits(plan)[0], s, {jobFile: "j", outFile: "o", serving: true});
    expect(argv.slice(4, 11)).toEqual(["--time=30", "--gres=gpu:h100:1", "--partition=gpu", "--account=perf", "--constraint=h100", "--qos", "high prio"]);
    expect(() => slurmSettings({BENCHBOOK_SLURM_ARGS: "--qos=x; rm -rf /"})).toThrow(InputError);
    expect(() => slurmSettings({BENCHBOOK_SLURM_POLL_S: "soon"})).toThrow(/BENCHBOOK_SLURM_POLL_S/);
  });

  it("derives the time limit from the step timeouts plus a margin", () => {
    const task = plan.tasks[0];
    expect(timeLimitMinutes(task, false, {})).toBe(Math.ceil((3600 + 120 + 600) / 60));
    expect(timeLimitMinutes(task, true, {})).toBe(Math.ceil((900 + 120 + 3600 + 15 + 120 + 600) / 60));
  });
});

describe("parseSqueue / parseScontrol", () => {
  it("reads squeue's %i|%j|%T|%N|%r lines", () => {
    expect(parseSqueue("5|benchbook.p.t.baseline.r1|RUNNING|vm|None\n6|benchbook.p.t.human.r1|PENDING||Dependency\n")).toEqual([
      {id: "5", name: "benchbook.p.t.baseline.r1", state: "RUNNING", node: "vm", reason: "None"},
      {id: "6", name: "benchbook.p.t.human.r1", state: "PENDING", node: "", reason: "Dependency"}
    ]);
  });

  it("reads scontrol show job output (Slurm 22.05, trimmed)", () => {
    const text = `JobId=4 JobName=benchbook.torch-slurm.tiny.agent.r1
   UserId=root(0) GroupId=root(0) MCS_label=N/A
   JobState=TIMEOUT Reason=TimeLimit Dependency=(null)
   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:15
   Partition=debug AllocNode:Sid=localhost:24655
   NodeList=vm
   Features=(null) DelayBoot=00:00:00`;
    expect(parseScontrol(text)).toMatchObject({JobId: "4", JobState: "TIMEOUT", Reason: "TimeLimit", NodeList: "vm", ExitCode: "0:15", Partition: "debug"});
  });
});

describe("nodeTypeWarning(record, earlier)", () => {
  const rec = (version: "baseline" | "human", gpu: string, node: string, features = "") =>
    ({task_id: "t1", version, repeat: 1, environment: {gpu_name: gpu, slurm_node: node, ...(features ? {slurm_node_features: features} : {})}}) as unknown as RunRecord;

  it("flags a baseline and a human of one task on different node types", () => {
    const w = nodeTypeWarning(rec("human", "NVIDIA H100 80GB HBM3", "n2"), [rec("baseline", "NVIDIA A100-SXM4-80GB", "n1")]);
    expect(w).toBe(
      "node types differ within task t1: baseline r1 ran on NVIDIA A100-SXM4-80GB (node n1), human r1 ran on NVIDIA H100 80GB HBM3 (node n2); the comparison is not back to back on one machine"
    );
    expect(nodeTypeWarning(rec("human", "NVIDIA H100 80GB HBM3", "n2", "ib"), [rec("baseline", "NVIDIA H100 80GB HBM3", "n1", "eth")])).toMatch(/\[eth\].*\[ib\]/);
  });

  it("stays quiet on two nodes of one type", () => {
    expect(nodeTypeWarning(rec("human", "NVIDIA H100 80GB HBM3", "n2"), [rec("baseline", "NVIDIA H100 80GB HBM3", "n1")])).toBeNull();
  });
});

/** A Slurm that answers from a script: records every command, hands out job ids, keeps jobs RUNNING. */
function fakeSlurm(initialQueue: string) {
  const calls: string[][] = [];
  let next = 100;
  const running = new Map<string, string>(parseSqueue(initialQueue).map((j) => [j.id, j.name]));
  return {
    calls,
    effects: {
      async run(argv: string[]): Promise<CommandResult> {
        calls.push(argv);
        if (argv[0] === "sbatch") {
          const id = String(next++);
          running.set(id, argv.find((a) => a.startsWith("--job-name="))!.slice(11));
          return {ok: true, stdout: `${id}\n`, error: null};
        }
        if (argv[0] === "squeue" && calls.filter((c) => c[0] === "squeue").length === 1) return {ok: true, stdout: initialQueue, error: null};
        if (argv[0] === "squeue") return {ok: true, stdout: [...running].map(([id, name]) => `${id}|${name}|RUNNING|n1|None`).join("\n"), error: null};
        return {ok: true, stdout: "", error: null};
      },
      sleep: async () => {}
    }
  };
}

describe("the Slurm executor against a fake Slurm", () => {
  it("adopts a queued job of an earlier runner by its name, submits the rest, cancels them all on Ctrl-C", async () => {
    const units = planUnits(plan);
    const slurm = fakeSlurm(`77|${jobName(units[0].runId)}|RUNNING|n1|None\n`);
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const ctx: ExecutorContext = {
      plan,
      warehouse: mkdtempSync(join(tmpdir(), "bb-slurm-fake-")),
      batch: plan.name,
      agent: null,
      signal: controller.signal,
      onProgress: (e) => {
        events.push(e);
        if (e.type === "step" && e.step === "job 101 running on n1") controller.abort();
      }
    };
    const records = [];
    for await (const r of createSlurmExecutor({effects: slurm.effects, settings}).execute(units, ctx)) records.push(r);
    expect(records).toEqual([]);
    const sbatch = slurm.calls.filter((c) => c[0] === "sbatch");
    expect(sbatch.map((c) => c[2])).toEqual(units.slice(1).map((u) => `--job-name=${jobName(u.runId)}`));
    // The second unit of the task waits for the adopted job, the third for the second.
    expect(sbatch[0]).toContain("--dependency=afterany:77");
    expect(sbatch[1]).toContain("--dependency=afterany:100");
    expect(slurm.calls.at(-1)).toEqual(["scancel", "77", "100", "101", "102"]);
    expect(events.some((e) => e.type === "step" && e.step === "adopted job 77 (running)")).toBe(true);
  });

  it("turns a job that ended without a record into a failure record with its reason and output", async () => {
    const units = planUnits(plan).slice(0, 1);
    const calls: string[][] = [];
    const effects = {
      async run(argv: string[]): Promise<CommandResult> {
        calls.push(argv);
        if (argv[0] === "sbatch") return {ok: true, stdout: "9;cluster\n", error: null};
        if (argv[0] === "scontrol") return {ok: true, stdout: "JobId=9 JobState=TIMEOUT Reason=TimeLimit\n   NodeList=gpu7\n", error: null};
        return {ok: true, stdout: "", error: null};
      },
      sleep: async () => {}
    };
    const ctx = {plan, warehouse: mkdtempSync(join(tmpdir(), "bb-slurm-fake-")), batch: plan.name, agent: null, signal: new AbortController().signal, onProgress: () => {}};
    const records = [];
    for await (const r of createSlurmExecutor({effects, settings}).execute(units, ctx)) records.push(r);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({run_id: units[0].runId, status: "timeout", environment: {slurm_job_id: "9", slurm_node: "gpu7"}, metrics: []});
    expect(records[0].error).toMatch(/^Slurm job 9 ended TIMEOUT on gpu7 without a run record \(reason: TimeLimit\); job output: .*slurm-fake\.t1\.baseline\.r1\.9\.out$/);
  });
});

describe("a real one-node Slurm cluster (slurmctld + slurmd on localhost)", () => {
  let clusterDir = "";
  const script = join(repoRoot, "test/support/slurm-cluster.sh");
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    clusterDir = mkdtempSync(join(tmpdir(), "bb-slurm-cluster-"));
    // Ports of its own, so two test runs on one machine (or a real cluster) never answer each other's daemons.
    const [ctld, slurmd] = [await freePort(), await freePort()];
    const out = execFileSync("bash", [script, "start", clusterDir], {encoding: "utf8", env: {...process.env, SLURM_TEST_CTLD_PORT: String(ctld), SLURM_TEST_SLURMD_PORT: String(slurmd)}});
    env = {...process.env, SLURM_CONF: out.match(/SLURM_CONF=(\S+)/)![1], BENCHBOOK_SLURM_POLL_S: "1", PYTHONDONTWRITEBYTECODE: "1"};
  }, 60_000);
  afterAll(() => {
    // Our jobs only (by name), then the daemons by their pid files.
    const ours = spawnSync("squeue", ["-h", "-o", "%i|%j"], {encoding: "utf8", env}).stdout.split("\n").filter((l) => l.includes("|benchbook.slurm-"));
    if (ours.length) spawnSync("scancel", ours.map((l) => l.split("|")[0]), {env});
    execFileSync("bash", [script, "stop", clusterDir]);
  });

  /** A small torch plan (tiny shape, CPU): three versions, one repeat; the agent asks for sdpa, which torch 1.13 lacks. */
  function writePlan(name: string): {file: string; warehouse: string} {
    const dir = mkdtempSync(join(tmpdir(), `bb-${name}-`));
    const versions = Object.fromEntries(["baseline", "human", "agent"].map((v) => [v, {prefix: [TORCH_PYTHON]}]));
    const task = {
      id: "tiny",
      commit: "slurm-test",
      model: "tiny",
      engine: "torch",
      options: {tests: ["pp16", "tg8"], tg_prompt: 16, warmup: 1, repeats: 2, device: "cpu", threads: 1, versions: {baseline: {attn: "eager", kv_cache: "dynamic"}, human: {attn: "eager", kv_cache: "static"}, agent: {attn: "eager", dtype: "fp32"}}},
      versions
    };
    const file = join(dir, "plan.json");
    writeFileSync(file, JSON.stringify({name, tasks: [task]}));
    return {file, warehouse: join(dir, "wh")};
  }
  const benchbook = join(repoRoot, "bin/benchbook.js");
  const squeueNames = () => spawnSync("squeue", ["-h", "-o", "%i|%j|%T"], {encoding: "utf8", env}).stdout;
  const waitFor = async (what: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!what()) {
      if (Date.now() > end) throw new Error("timed out waiting");
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const outIds = (warehouse: string, plan: string) =>
    new Set(readdirSync(join(warehouse, "slurm", plan)).flatMap((f) => f.match(/\.(\d+)\.out$/)?.[1] ?? []));

  it("runs a torch plan through sbatch into the warehouse, with where each job ran", async () => {
    const {file, warehouse} = writePlan("slurm-e2e");
    const out = spawnSync(process.execPath, [benchbook, "run", file, "--warehouse", warehouse, "--executor", "slurm"], {encoding: "utf8", env});
    expect(out.status, out.stderr).toBe(0);
    const db = await Db.open();
    const t = (n: string) => `'${join(warehouse, `${n}.parquet`)}'`;
    const m = await db.all(`select variant, status, repeats from ${t("measurements")} order by variant`);
    expect(m).toEqual([
      {variant: "agent", status: "success", repeats: 1},
      {variant: "baseline", status: "success", repeats: 1},
      {variant: "human", status: "success", repeats: 1}
    ]);
    const metrics = await db.all(`select count(*)::INTEGER n, min(value) lo from ${t("metrics")}`);
    expect(metrics[0].n).toBe(6);
    expect(metrics[0].lo as number).toBeGreaterThan(0);
    const group = JSON.parse(readFileSync(join(warehouse, "runs/slurm-e2e/tiny.human.json"), "utf8"));
    expect(group.runs[0].environment).toMatchObject({slurm_node: expect.any(String), slurm_partition: "debug", slurm_cluster: "benchbook-test", slurm_node_features: "cpu-test"});
    expect(group.runs[0].warnings).toEqual([]);
    expect(outIds(warehouse, "slurm-e2e").size).toBe(3);
    expect(squeueNames()).not.toContain("benchbook.slurm-e2e.");
  }, 240_000);

  it("resumes after the runner is killed: finds its jobs by name instead of submitting them again", async () => {
    const {file, warehouse} = writePlan("slurm-resume");
    const first = spawn(process.execPath, [benchbook, "run", file, "--warehouse", warehouse, "--executor", "slurm"], {env, stdio: "ignore"});
    await waitFor(() => (squeueNames().match(/benchbook\.slurm-resume\./g) ?? []).length === 3, 60_000);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const again = spawnSync(process.execPath, [benchbook, "run", file, "--warehouse", warehouse, "--executor", "slurm", "--resume"], {encoding: "utf8", env});
    expect(again.status, again.stderr).toBe(0);
    expect(outIds(warehouse, "slurm-resume").size).toBe(3);
    const db = await Db.open();
    const m = await db.all(`select count(*)::INTEGER n from '${join(warehouse, "measurements.parquet")}' where status = 'success'`);
    expect(m[0].n).toBe(3);
  }, 240_000);

  it("cancels its jobs on Ctrl-C and records nothing half-measured", async () => {
    const {file, warehouse} = writePlan("slurm-cancel");
    const runner = spawn(process.execPath, [benchbook, "run", file, "--warehouse", warehouse, "--executor", "slurm"], {env, stdio: "ignore"});
    await waitFor(() => (squeueNames().match(/benchbook\.slurm-cancel\./g) ?? []).length === 3, 60_000);
    runner.kill("SIGINT");
    const code = await new Promise((r) => runner.once("exit", (c) => r(c)));
    expect(code).toBe(130);
    await waitFor(() => !squeueNames().includes("benchbook.slurm-cancel."), 30_000);
    // Finished jobs stay listed with `-t all` (MinJobAge): all three of ours were cancelled, none ran to the end.
    const states = spawnSync("squeue", ["-h", "-t", "all", "-o", "%j|%T"], {encoding: "utf8", env}).stdout.split("\n").filter((l) => l.startsWith("benchbook.slurm-cancel."));
    expect(states.map((l) => l.split("|")[1])).toEqual(["CANCELLED", "CANCELLED", "CANCELLED"]);
    expect(existsSync(join(warehouse, "runs/slurm-cancel/tiny.baseline.json"))).toBe(false);
  }, 120_000);
});
