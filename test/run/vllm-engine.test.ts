import {mkdirSync, mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {vllmClient} from "../../runners/run/engines/vllm.ts";
import type {ResolvedTask} from "../../runners/run/plan.ts";

const task = (client?: string) => ({id: "t1", options: client ? {client} : {}}) as unknown as ResolvedTask;

/** A vLLM source tree with the given files. */
function tree(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "bb-vllm-tree-"));
  for (const f of files) {
    mkdirSync(join(dir, f, ".."), {recursive: true});
    writeFileSync(join(dir, f), "");
  }
  return dir;
}

describe("vllmClient(task, tree)", () => {
  it("runs the tree's legacy script for a tree older than the `vllm bench` CLI, else the CLI", () => {
    // a 2024 commit: benchmarks/benchmark_serving.py and no vllm/entrypoints/cli/benchmark
    expect(vllmClient(task(), tree("benchmarks/benchmark_serving.py", "vllm/scripts.py"))).toBe("script");
    expect(vllmClient(task(), tree("benchmarks/benchmark_serving.py", "vllm/entrypoints/cli/benchmark/serve.py"))).toBe("cli");
    expect(vllmClient(task(), tree("vllm/entrypoints/cli/benchmark/serve.py"))).toBe("cli");
    expect(vllmClient(task(), null)).toBe("cli");
  });

  it("takes a forced client as given and names a wrong one", () => {
    const old = tree("benchmarks/benchmark_serving.py");
    expect(vllmClient(task("cli"), old)).toBe("cli");
    expect(vllmClient(task("script"), null)).toBe("script");
    expect(() => vllmClient(task("bench"), old)).toThrow('task t1: options.client: expected "auto", "cli" or "script", found "bench"');
  });
});
