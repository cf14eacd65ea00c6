// `benchbook lint` from the command line: exit codes, --json, --plan.
import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {execa} from "execa";
import {describe, expect, it} from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const lint = (...args: string[]) => execa(process.execPath, [join(repo, "bin/benchbook.js"), "lint", ...args], {cwd: repo, reject: false});

describe("benchbook lint", () => {
  it("exits 1 on errors and 0 on a clean command", async () => {
    const bad = await lint("python benchmarks/benchmark_latency.py --model MODEL --batch-size BS");
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain("placeholder");
    expect(bad.stdout).toContain("2 error(s)");
    const good = await lint("--", "python", "benchmarks/benchmark_serving.py", "--model", "facebook/opt-125m", "--num-prompts", "10");
    expect(good.exitCode).toBe(0);
    expect(good.stdout).toContain("OK");
  });

  it("prints machine-readable findings with --json; --strict fails on warnings", async () => {
    const r = await lint("--json", "VLLM_USE_V1=1 python benchmarks/benchmark_latency.py --model m --input_len 8");
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ok: true, tool: "vllm-benchmark-latency", env: {VLLM_USE_V1: "1"}, counts: {error: 0, warning: 2}});
    expect((await lint("--strict", "VLLM_USE_V1=1 python benchmarks/benchmark_latency.py --model m")).exitCode).toBe(1);
  });

  it("lints every task of a plan, naming the task and field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-lint-"));
    const plan = {
      name: "p",
      defaults: {gpus: "0"},
      tasks: [
        {commit: "aaaa1111", model: "MODEL", engine: "vllm-serve", args: "--dtype float16 --num-prompts 10", server_args: ["-tp", "2"], versions: {human: {prefix: ["python"]}}},
        {commit: "bbbb2222", model: "huggyllama/llama-7b", engine: "vllm-latency", args: ["--input-len", "4000", "--output-len", "128"], versions: {agent: {prefix: ["python"], tree: "/nope", patch: "x.diff"}}}
      ]
    };
    writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
    const r = await lint("--plan", join(dir, "plan.json"), "--json");
    expect(r.exitCode).toBe(1);
    const found = JSON.parse(r.stdout).findings.map((f: {where: string; code: string}) => `${f.where} ${f.code}`);
    expect(found).toEqual([
      "task aaaa1111: model placeholder",
      "task aaaa1111: args server-flag",
      "task aaaa1111: gpus gpu-count",
      "task bbbb2222: model context-length",
      "task bbbb2222: versions.agent.tree missing-file",
      "task bbbb2222: versions.agent.patch missing-file"
    ]);
  });
});

describe("the example plans", () => {
  it.each(["examples/plans/vllm-three-way.yaml", "examples/plans/vllm-latency.json"])("%s lints clean apart from trees/patches absent here", async (file) => {
    const r = await lint("--plan", file, "--json");
    const codes = JSON.parse(r.stdout).findings.map((f: {code: string}) => f.code);
    expect(codes.filter((c: string) => c !== "missing-file")).toEqual([]);
  });
});
