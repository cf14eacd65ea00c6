// The plan contract: JSON and YAML read the same, defaults apply task > plan > built-in, paths resolve against the
// plan's folder, and every error names the file, the field, what was expected and what was found.
import {describe, expect, it} from "vitest";
import {DEFAULT_TIMEOUTS, parsePlan} from "../../runners/run/plan.ts";

const yaml = `
name: three-way
defaults: {repeats: 3, order: interleaved, gpus: "0", port: 8123, timeouts: {client_s: 600}}
tasks:
  - commit: 1234567890123456789012345678901234567890
    parent: 015069b0
    model: meta-llama/Llama-3.1-8B-Instruct
    engine: vllm-serve
    args: --dataset-name random --random-input-len 512
    server_args: [--max-model-len, "4096"]
    repeats: 5
    versions:
      baseline: {prefix: [envs/base/bin/python], tree: trees/base}
      human: {prefix: [envs/pr/bin/python], env: {VLLM_USE_V1: "1"}}
      agent: {prefix: [envs/base/bin/python], patch: patches/agent.diff}
  - commit: abcdef12
    model: m
    engine: torch
    options: {attn_implementation: sdpa, compile: true}
    versions: {baseline: {prefix: [python3]}}
`;

describe("parsePlan(text, file)", () => {
  it("reads YAML, applies defaults and keeps an all-digit commit as the text it was", () => {
    const plan = parsePlan(yaml, "/plans/p.yaml");
    const [t, torch] = plan.tasks;
    expect(t.commit).toBe("1234567890123456789012345678901234567890");
    expect(t).toMatchObject({id: "12345678", repeats: 5, order: "interleaved", gpus: "0", port: 8123, host: "127.0.0.1", args: "--dataset-name random --random-input-len 512"});
    expect(t.timeouts).toEqual({...DEFAULT_TIMEOUTS, client_s: 600});
    expect(t.versions.baseline).toEqual({prefix: ["envs/base/bin/python"], env: {}, tree: "/plans/trees/base", cwd: "/plans/trees/base", patch: undefined});
    // the agent's patch applies to the baseline tree when the agent names none
    expect(t.versions.agent).toMatchObject({tree: "/plans/trees/base", patch: "/plans/patches/agent.diff"});
    expect(t.versions.human).toMatchObject({env: {VLLM_USE_V1: "1"}, cwd: "/plans"});
    expect(torch).toMatchObject({id: "abcdef12", engine: "torch", repeats: 3, options: {attn_implementation: "sdpa", compile: true}});
  });

  it("reads the same plan from JSON", () => {
    const json = JSON.stringify({name: "p", tasks: [{commit: "abc", model: "m", engine: "vllm-latency", args: ["--batch-size", "8"], versions: {human: {prefix: ["python"]}}}]});
    const [t] = parsePlan(json, "/x/p.json").tasks;
    expect(t).toMatchObject({id: "abc", args: ["--batch-size", "8"], repeats: 1, order: "back-to-back", port: 8000});
  });

  it("names file, field, expectation and what was found", () => {
    const bad = `name: p\ntasks:\n  - commit: abc\n    model: m\n    engine: vllm-bench\n    repeats: 0\n    versions: {baseline: {prefix: []}}\n`;
    let message = "";
    try {
      parsePlan(bad, "/x/p.yaml");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "/x/p.yaml: invalid plan",
      '/x/p.yaml: tasks[0].engine: Invalid option: expected one of "vllm-serve"|"vllm-throughput"|"vllm-latency"|"sglang-serve"|"llama-bench"|"command"|"torch", found "vllm-bench"',
      "/x/p.yaml: tasks[0].versions.baseline.prefix: expected at least the program to run, found []",
      "/x/p.yaml: tasks[0].repeats: Too small: expected number to be >=1, found 0"
    ]);
  });

  it("refuses unknown keys, a patch on baseline, a command task without a parser, and duplicate ids", () => {
    const base = {name: "p", tasks: [{commit: "abc", model: "m", engine: "vllm-serve", versions: {baseline: {prefix: ["python"]}}}]};
    const withTask = (patch: Record<string, unknown>) => JSON.stringify({...base, tasks: [{...base.tasks[0], ...patch}]});
    expect(() => parsePlan(withTask({repeat: 3}), "p.json")).toThrowError(/Unrecognized key: "repeat"/);
    expect(() => parsePlan(withTask({versions: {baseline: {prefix: ["python"], patch: "x.diff"}}}), "p.json")).toThrowError(/versions\.baseline: Unrecognized key: "patch"/);
    expect(() => parsePlan(withTask({engine: "command", command: ["bench"]}), "p.json")).toThrowError(/engine "command" needs command and result_format/);
    expect(() => parsePlan(withTask({versions: {agent: {prefix: ["python"], patch: "a.diff"}}}), "p.json")).toThrowError(/a patch needs a tree/);
    expect(() => parsePlan(JSON.stringify({...base, tasks: [base.tasks[0], base.tasks[0]]}), "p.json")).toThrowError(/duplicate task id "abc"/);
    expect(() => parsePlan("name: [", "p.yaml")).toThrowError(/p\.yaml: not valid YAML/);
  });
});
