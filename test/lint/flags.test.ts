// The flag sets are data read from each tool's source: every set names that source, every engine's lintTool points at
// a set, and a few flags are pinned to what the sources define (so an edit that loses one fails here).
import {describe, expect, it} from "vitest";
import {FLAG_SETS} from "../../runners/lint/flags/index.ts";
import {VLLM_ENGINE_FLAGS} from "../../runners/lint/flags/vllm-engine-args.ts";
import {ENGINES} from "../../runners/run/engines/index.ts";
import {parsePlan} from "../../runners/run/plan.ts";

describe("FLAG_SETS", () => {
  it("names the source file of every set", () => {
    for (const set of Object.values(FLAG_SETS)) expect(set.source, set.tool).toMatch(/^(vllm-project\/vllm|sgl-project\/sglang|ggml-org\/llama\.cpp) \S+\.(py|cpp)/);
  });

  it("has a set for every engine's lint tool (vllm engines with both clients)", () => {
    for (const client of ["cli", "script"]) {
      for (const engine of Object.values(ENGINES)) {
        const plan = parsePlan(JSON.stringify({name: "p", tasks: [{commit: "c", model: "m", engine: engine!.name, options: {client}, versions: {baseline: {prefix: ["python"]}}, ...(engine!.name === "command" ? {command: ["x"], result_format: "vllm_serve"} : {})}]}), "p.json");
        let tool: string | undefined;
        try {
          tool = engine!.lintTool?.(plan.tasks[0]);
        } catch {
          continue; // engines with options of their own (torch) refuse a foreign `client` option
        }
        if (tool) expect(FLAG_SETS[tool], `${engine!.name} → ${tool}`).toBeDefined();
      }
    }
  });

  it("pins flags as the sources define them", () => {
    expect(FLAG_SETS["vllm-benchmark-serving"].flags["--random-input-len"]).toEqual({kind: "value"});
    expect(FLAG_SETS["vllm-benchmark-serving"].flags["--input-len"]).toBeUndefined();
    expect(FLAG_SETS["vllm-benchmark-serving"].flags["--save-result"]).toEqual({kind: "switch"});
    expect(FLAG_SETS["vllm-benchmark-serving"].required).toEqual(["--model"]);
    expect(FLAG_SETS["vllm-benchmark-latency"].flags["--input-len"]).toEqual({kind: "value"});
    expect(FLAG_SETS["vllm-benchmark-latency"].flags["-tp"]).toEqual({kind: "value"});
    expect(FLAG_SETS["sglang-bench-serving"].flags["--output-file"]).toEqual({kind: "value"});
    expect(FLAG_SETS["llama-bench"].flags["-o"].choices).toEqual(["csv", "json", "jsonl", "md", "sql"]);
    expect(VLLM_ENGINE_FLAGS["--dtype"].choices).toEqual(["auto", "half", "float16", "bfloat16", "float", "float32"]);
  });
});
