// End-to-end runs against stand-ins (test/fixtures/bin/): a fake Python with "vLLM" whose server speaks the OpenAI
// completions API with streaming and whose client writes a vLLM result file. Each case is a failure the study hit.
import {execFileSync} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {createServer, type Server} from "node:net";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {execa} from "execa";
import {describe, expect, it} from "vitest";
import {runGroupFormat} from "../../runners/run/run-format.ts";
import {parsePlan} from "../../runners/run/plan.ts";
import {isPortFree} from "../../runners/run/port.ts";
import {RunGroupSchema, type RunRecord} from "../../runners/run/record.ts";
import {planUnits, runPlan} from "../../runners/run/runner.ts";
import {withDb} from "../../runners/warehouse/db.ts";

const repo = resolve(import.meta.dirname, "../..");
const fakePython = [process.execPath, join(repo, "test/fixtures/bin/fake-python.mjs")];

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as {port: number}).port;
      s.close(() => ok(port));
    });
  });
}

type VersionEnv = Partial<Record<"baseline" | "human" | "agent", Record<string, string> | null>>;

/** A one-task serving plan on the fakes; `env` per version (null leaves the version out). */
async function makePlan(env: VersionEnv, extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "bb-run-"));
  const versions: Record<string, unknown> = {};
  for (const v of ["baseline", "human", "agent"] as const) {
    if (env[v] === null) continue;
    versions[v] = {prefix: fakePython, env: {FAKE_READY_MS: "100", ...(env[v] ?? {})}};
  }
  const plan = {
    name: "t",
    defaults: {port: await freePort(), timeouts: {server_start_s: 15, client_s: 30, stop_grace_s: 2}},
    tasks: [
      {
        commit: "015069b0aaaabbbbccccddddeeeeffff00001111",
        parent: "1111222233334444555566667777888899990000",
        subject: "[Perf] a fake commit",
        model: "facebook/opt-125m",
        engine: "vllm-serve",
        args: "--dataset-name random --random-input-len 16 --random-output-len 6 --num-prompts 2",
        versions,
        ...extra
      }
    ]
  };
  const file = join(dir, "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  return {dir, file, plan: parsePlan(JSON.stringify(plan), file), warehouse: join(dir, "wh")};
}

async function rows<T = Record<string, unknown>>(warehouse: string, sql: string): Promise<T[]> {
  return withDb((db) => db.all(sql.replaceAll(/\{(\w+)\}/g, (_, t) => `read_parquet('${join(warehouse, `${t}.parquet`)}')`))) as Promise<T[]>;
}

const statusOf = (records: RunRecord[]) => records.map((r) => `${r.version}:${r.status}`);

describe("runPlan(plan) on stand-in engines", () => {
  it("runs three versions back to back with repeats, lands mean/std/n per metric, and captures the environment", async () => {
    const {plan, warehouse} = await makePlan(
      {baseline: {FAKE_TOKEN_MS: "8", VLLM_TEST_KNOB: "1"}, human: {FAKE_TOKEN_MS: "1"}, agent: {FAKE_TOKEN_MS: "1"}},
      {repeats: 2}
    );
    const summary = await runPlan(plan, {warehouse});
    expect(statusOf(summary.recorded)).toEqual(["baseline:success", "baseline:success", "human:success", "human:success", "agent:success", "agent:success"]);
    const m = await rows<{variant: string; status: string; repeats: number; source: string; batch: string; commit: string; commit_full: string; parent_commit: string}>(
      warehouse,
      "SELECT variant, status, repeats, source, batch, commit, commit_full, parent_commit FROM {measurements} ORDER BY variant"
    );
    expect(m).toEqual(
      ["agent", "baseline", "human"].map((variant) => ({
        variant,
        status: "success",
        repeats: 2,
        source: "runner",
        batch: "t",
        commit: "015069b0",
        commit_full: "015069b0aaaabbbbccccddddeeeeffff00001111",
        parent_commit: "11112222"
      }))
    );
    const tpot = await rows<{variant: string; value: number; n: number; std: number}>(
      warehouse,
      "SELECT variant, x.value, x.n, x.std FROM {metrics} x JOIN {measurements} USING (measurement_id) WHERE metric = 'tpot_mean' ORDER BY variant"
    );
    expect(tpot.map((r) => r.n)).toEqual([2, 2, 2]);
    expect(tpot.every((r) => r.std !== null && r.std >= 0)).toBe(true);
    // 8 ms between streamed tokens for the baseline, 1 ms for human: the measured TPOT shows it (on a loaded machine
    // two tokens can arrive in one read and share a timestamp, so the bound leaves room below 8 ms)
    const by = Object.fromEntries(tpot.map((r) => [r.variant, r.value]));
    expect(by.baseline).toBeGreaterThan(5);
    expect(by.human).toBeLessThan(by.baseline / 2);
    // the mean is the mean of the two runs' values
    const runs = summary.recorded.filter((r) => r.version === "baseline").map((r) => r.metrics.find((x) => x.metric === "tpot_mean")!.value);
    expect(by.baseline).toBeCloseTo((runs[0] + runs[1]) / 2, 9);
    const env = await rows<{key: string; value: string}>(warehouse, "SELECT DISTINCT key, value FROM {environment} JOIN {measurements} USING (measurement_id) WHERE variant = 'baseline' ORDER BY key");
    const envMap = Object.fromEntries(env.map((r) => [r.key, r.value]));
    expect(envMap).toMatchObject({engine_version: "0.6.3.dev1+fake", python_version: "3.11.9", torch_version: "2.5.1+fake", "env.VLLM_TEST_KNOB": "1"});
    expect(envMap.hostname).toBeTruthy();
    const runRows = await rows<{run_id: string; command: string; server_command: string}>(warehouse, "SELECT run_id, command, server_command FROM {runner_runs} ORDER BY run_id");
    expect(runRows.map((r) => r.run_id)).toEqual([
      "t.015069b0.agent.r1",
      "t.015069b0.agent.r2",
      "t.015069b0.baseline.r1",
      "t.015069b0.baseline.r2",
      "t.015069b0.human.r1",
      "t.015069b0.human.r2"
    ]);
    expect(runRows[0].command).toContain("-m vllm.entrypoints.cli.main bench serve --model facebook/opt-125m");
    expect(runRows[0].command).toContain("--save-result --result-dir");
    expect(runRows[0].server_command).toContain("-m vllm.entrypoints.openai.api_server --model facebook/opt-125m --host 127.0.0.1");
    // the group file is a registered format: `benchbook ingest` reads the same files
    const group = JSON.parse(readFileSync(join(warehouse, "runs/t/015069b0.human.json"), "utf8"));
    expect(RunGroupSchema.parse(group).runs).toHaveLength(2);
    expect(runGroupFormat.detect({path: "x.json", text: "", json: group})).toEqual({match: true, broken: false});
    expect(existsSync(join(warehouse, "logs/t.015069b0.human.r1/server.stdout.log"))).toBe(true);
  });

  it("records a server that never becomes ready as server_timeout and kills its process group", async () => {
    const {plan, warehouse} = await makePlan({baseline: {FAKE_SERVER: "never-ready"}, human: null, agent: null}, {timeouts: {server_start_s: 1.5, stop_grace_s: 1}});
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:server_timeout"]);
    expect(recorded[0].error).toContain("did not answer /health with 200 within 1.5 s");
    expect(await isPortFree("127.0.0.1", plan.tasks[0].port)).toBe(true);
    const [m] = await rows<{status: string; repeats: number; error: string}>(warehouse, "SELECT status, repeats, error FROM {measurements}");
    expect(m).toMatchObject({status: "server_timeout", repeats: 0});
  });

  it("records a server that exits during start-up as server_failed with its stderr", async () => {
    const {plan, warehouse} = await makePlan({baseline: {FAKE_SERVER: "exit-early"}, human: null, agent: null});
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:server_failed"]);
    expect(recorded[0].error).toContain("CUDA error: no kernel image is available");
  });

  it("records a server that dies mid-benchmark as server_crashed, then goes on to the next version", async () => {
    const {plan, warehouse} = await makePlan({baseline: {}, human: {FAKE_SERVER: "crash-after:2"}, agent: null});
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:success", "human:server_crashed"]);
    expect(recorded[1].error).toContain("engine core died: illegal memory access");
    expect(recorded[1].server_log_tail).toContain("engine core died");
  });

  it("kills a client that hangs past its timeout (status timeout, execa's message kept)", async () => {
    const {plan, warehouse} = await makePlan({baseline: {FAKE_CLIENT: "hang"}, human: null, agent: null}, {timeouts: {client_s: 2, stop_grace_s: 1}});
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:timeout"]);
    expect(recorded[0].error).toMatch(/^Timed out after 2 s \(process group killed\)\. Command failed with exit code 1: /);
    expect(recorded[0].steps.find((s) => s.name === "client")).toMatchObject({timed_out: true, ok: false});
  });

  it("records a malformed result file as bad_result and a missing one as no_result", async () => {
    const {plan, warehouse} = await makePlan({baseline: {FAKE_CLIENT: "malformed"}, human: {FAKE_CLIENT: "no-result"}, agent: {FAKE_CLIENT: "fail"}});
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:bad_result", "human:no_result", "agent:client_failed"]);
    expect(recorded[0].error).toContain("is not a valid vllm_serve result file");
    expect(recorded[2].error).toContain("Command failed with exit code 1");
    expect(recorded[2].error).toContain("Server disconnected without sending a response");
  });

  it("does not start a server on a port that is already taken (port_in_use)", async () => {
    const {plan, warehouse} = await makePlan({baseline: {}, human: null, agent: null});
    const blocker: Server = createServer();
    await new Promise<void>((ok) => blocker.listen(plan.tasks[0].port, "127.0.0.1", ok));
    try {
      const {recorded} = await runPlan(plan, {warehouse});
      expect(statusOf(recorded)).toEqual(["baseline:port_in_use"]);
      expect(recorded[0].steps.map((s) => s.name)).toEqual(["port"]);
    } finally {
      blocker.close();
    }
  });

  it("fails a version whose client command cannot be made before its server starts, and runs the next on the free port", async () => {
    // client: script needs a tree; baseline has none. Its server must never start (it would hold the port and the GPU).
    const {plan, warehouse} = await makePlan({baseline: {}, human: {}, agent: null}, {options: {client: "script"}});
    plan.tasks[0].options = {client: "script"};
    const tree = mkdtempSync(join(tmpdir(), "bb-tree-"));
    plan.tasks[0].versions.human!.tree = tree;
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:client_failed", expect.stringMatching(/^human:(?!port_in_use)/)]);
    expect(recorded[0].error).toContain('options.client "script" needs versions.baseline.tree');
    expect(await isPortFree("127.0.0.1", plan.tasks[0].port)).toBe(true);
  });

  it("orders runs back to back (B,B,H,H) or interleaved (B,H,B,H)", async () => {
    const a = await makePlan({agent: null}, {repeats: 2});
    expect(planUnits(a.plan).map((u) => `${u.version[0]}${u.repeat}`)).toEqual(["b1", "b2", "h1", "h2"]);
    const b = await makePlan({agent: null}, {repeats: 2, order: "interleaved"});
    expect(planUnits(b.plan).map((u) => `${u.version[0]}${u.repeat}`)).toEqual(["b1", "h1", "b2", "h2"]);
  });
});

describe("the agent version: its patch on a copy of the baseline tree", () => {
  function gitTree(): {tree: string; head: string} {
    const tree = mkdtempSync(join(tmpdir(), "bb-tree-"));
    writeFileSync(join(tree, "kernel.py"), "def speed():\n    return 1\n");
    const git = (...args: string[]) => execFileSync("git", args, {cwd: tree, env: {...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t"}}).toString().trim();
    git("init", "-q");
    git("add", "kernel.py");
    git("commit", "-q", "-m", "base");
    return {tree, head: git("rev-parse", "HEAD")};
  }
  const goodPatch = "--- a/kernel.py\n+++ b/kernel.py\n@@ -1,2 +1,2 @@\n def speed():\n-    return 1\n+    return 2\n";
  const badPatch = "--- a/kernel.py\n+++ b/kernel.py\n@@ -1,2 +1,2 @@\n def speed():\n-    return 7\n+    return 8\n";

  async function agentPlan(patch: string) {
    const {tree, head} = gitTree();
    const {dir, plan} = await makePlan({agent: null});
    const patchFile = join(dir, "agent.diff");
    writeFileSync(patchFile, patch);
    const raw = JSON.parse(readFileSync(plan.file, "utf8"));
    raw.tasks[0].versions.baseline.tree = tree;
    raw.tasks[0].versions.human = null;
    delete raw.tasks[0].versions.human;
    raw.tasks[0].versions.agent = {prefix: fakePython, env: {FAKE_READY_MS: "100"}, patch: "agent.diff"};
    return {tree, head, plan: parsePlan(JSON.stringify(raw), plan.file), warehouse: join(dir, "wh")};
  }

  it("applies the patch with git apply to a copy; the baseline tree stays untouched", async () => {
    const {tree, head, plan, warehouse} = await agentPlan(goodPatch);
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:success", "agent:success"]);
    expect(readFileSync(join(warehouse, "work/t/015069b0/agent-tree/kernel.py"), "utf8")).toContain("return 2");
    expect(readFileSync(join(tree, "kernel.py"), "utf8")).toContain("return 1");
    expect(recorded[1].steps[0]).toMatchObject({name: "patch", ok: true, argv: ["git", "apply", "--whitespace=nowarn", join(plan.dir, "agent.diff")]});
    expect(recorded[0].environment.git_commit).toBe(head);
    expect(recorded[1].has_patch).toBe(true);
  });

  it("records a patch that does not apply as patch_failed, with git's message", async () => {
    const {plan, warehouse} = await agentPlan(badPatch);
    const {recorded} = await runPlan(plan, {warehouse});
    expect(statusOf(recorded)).toEqual(["baseline:success", "agent:patch_failed"]);
    expect(recorded[1].error).toContain("patch does not apply");
  });
});

describe("benchbook run (CLI)", () => {
  const cli = (args: string[]) => execa(process.execPath, [join(repo, "bin/benchbook.js"), "run", ...args], {cwd: repo, reject: false});

  it("Ctrl-C mid-plan keeps the finished runs; --resume runs only the rest", async () => {
    const {file, warehouse} = await makePlan({}, {repeats: 2});
    const child = cli([file, "--warehouse", warehouse]);
    const first = join(warehouse, "runs/t/015069b0.baseline.json");
    const deadline = Date.now() + 60_000;
    while (!existsSync(first) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGINT");
    const interrupted = await child;
    expect(interrupted.exitCode).toBe(130);
    expect(interrupted.stdout).toContain("Interrupted. Finished runs are kept");
    const kept = RunGroupSchema.parse(JSON.parse(readFileSync(first, "utf8"))).runs.length;
    expect(kept).toBeGreaterThanOrEqual(1);
    const resumed = await cli([file, "--warehouse", warehouse, "--resume"]);
    expect(resumed.exitCode).toBe(0);
    const skipped = Number(/(\d+) already recorded/.exec(resumed.stdout)?.[1]);
    expect(skipped).toBeGreaterThanOrEqual(kept);
    expect(Number(/^(\d+) run\(s\) recorded/m.exec(resumed.stdout)?.[1]) + skipped).toBe(6);
    const m = await rows<{variant: string; repeats: number}>(warehouse, "SELECT variant, repeats FROM {measurements} ORDER BY variant");
    expect(m).toEqual([
      {variant: "agent", repeats: 2},
      {variant: "baseline", repeats: 2},
      {variant: "human", repeats: 2}
    ]);
  });

  it("--dry-run prints every command and runs nothing; a plan with lint errors is refused", async () => {
    const {file, warehouse, dir} = await makePlan({human: null, agent: null});
    const dry = await cli([file, "--warehouse", warehouse, "--dry-run"]);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain("server  ");
    expect(dry.stdout).toContain("-m vllm.entrypoints.openai.api_server --model facebook/opt-125m");
    expect(dry.stdout).toContain("--random-input-len 16");
    expect(existsSync(warehouse)).toBe(false);
    const bad = JSON.parse(readFileSync(file, "utf8"));
    bad.tasks[0].args = "--num-prompts BS --input-len 10";
    const badFile = join(dir, "bad.json");
    writeFileSync(badFile, JSON.stringify(bad));
    const refused = await cli([badFile, "--warehouse", warehouse]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("placeholder");
    expect(refused.stderr).toContain("nothing was run");
    expect(existsSync(warehouse)).toBe(false);
  });
});

describe("landing what a killed runner left behind", () => {
  it("--resume merges group files the warehouse does not have yet, then skips their runs", async () => {
    const {plan, warehouse} = await makePlan({human: null, agent: null});
    await runPlan(plan, {warehouse});
    // Simulate a runner killed after the group file was written but before its rows were merged.
    const {rm} = await import("node:fs/promises");
    for (const t of ["measurements", "metrics", "runner_runs", "environment"]) await rm(join(warehouse, `${t}.parquet`));
    const resumed = await runPlan(plan, {warehouse, resume: true});
    expect(resumed).toMatchObject({planned: 1, skipped: 1, recorded: []});
    expect(await rows(warehouse, "SELECT variant, status FROM {measurements}")).toEqual([{variant: "baseline", status: "success"}]);
  });
});

describe("benchbook run --unit (one run for a cluster job)", () => {
  it("runs one run id, writes its record to --record-out and leaves the warehouse tables alone", async () => {
    const {file, warehouse, dir} = await makePlan({human: null, agent: null});
    const out = join(dir, "record.json");
    const r = await execa(process.execPath, [join(repo, "bin/benchbook.js"), "run", file, "--warehouse", warehouse, "--unit", "t.015069b0.baseline.r1", "--record-out", out], {reject: false});
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("t.015069b0.baseline.r1: success");
    const record = JSON.parse(readFileSync(out, "utf8"));
    expect(record).toMatchObject({format: "benchbook.run/v1", run_id: "t.015069b0.baseline.r1", status: "success", version: "baseline"});
    expect(existsSync(join(warehouse, "measurements.parquet"))).toBe(false);
    expect(existsSync(join(warehouse, "logs/t.015069b0.baseline.r1/client.stdout.log"))).toBe(true);
    const missing = await execa(process.execPath, [join(repo, "bin/benchbook.js"), "run", file, "--warehouse", warehouse, "--unit", "t.nope.baseline.r1", "--record-out", out], {reject: false});
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('has no run "t.nope.baseline.r1"');
  });
});

describe("a damaged group file on --resume", () => {
  it("stops with a message naming the file instead of running the versions again", async () => {
    const {file, warehouse} = await makePlan({human: null, agent: null});
    const {mkdirSync} = await import("node:fs");
    mkdirSync(join(warehouse, "runs/t"), {recursive: true});
    writeFileSync(join(warehouse, "runs/t/015069b0.baseline.json"), '{"format": "benchbook.runs/v1", "runs": [');
    const r = await execa(process.execPath, [join(repo, "bin/benchbook.js"), "run", file, "--warehouse", warehouse, "--resume"], {reject: false});
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("runs/t/015069b0.baseline.json: not valid JSON");
    expect(r.stderr).not.toContain("This is a bug");
  });
});
