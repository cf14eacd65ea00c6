// benchmark lint on the real corpus's perf_commands (every malformed pattern seeds 000/002 name and the corpus holds)
// plus the shell-level patterns no corpus command has (chaining, expansion) and the context-length rule.
import {readdirSync, readFileSync, statSync} from "node:fs";
import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {lintArgs, lintCommand} from "../../runners/lint/lint.ts";
import {FLAG_SETS} from "../../runners/lint/flags/index.ts";

const corpus = resolve(import.meta.dirname, "../../../shared/isobench/claude_code");

/** Every distinct perf_command string in the corpus's JSON files (nested anywhere). */
function corpusCommands(): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "perf_command" && typeof x === "string") out.add(x);
        else walk(x);
      }
    }
  };
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith(".json")) {
        try {
          walk(JSON.parse(readFileSync(path, "utf8")));
        } catch {
          // bfdb1ba5_result.json is not valid JSON; ingest quarantines it
        }
      }
    }
  };
  visit(corpus);
  return out;
}

const commands = corpusCommands();
const codes = (command: string) => lintCommand(command).findings.map((f) => `${f.severity}:${f.code}`);

/** Asserts the corpus holds the command, then returns its lint. */
function corpusLint(command: string) {
  expect(commands.has(command), `corpus holds: ${command}`).toBe(true);
  return lintCommand(command);
}

describe("lintCommand(perf_command) on the real corpus", () => {
  it("reads all 79 distinct perf_commands without throwing, and finds errors in exactly 32 of them", () => {
    expect(commands.size).toBe(79);
    const withErrors = [...commands].filter((c) => lintCommand(c).findings.some((f) => f.severity === "error"));
    expect(withErrors.length).toBe(32);
  });

  it("names each unfilled placeholder of the 526de822 command (MODEL, BS, INPUT_LEN, OUTPUT_LEN)", () => {
    const r = corpusLint(
      "python benchmarks/benchmark_latency.py --dtype bfloat16 --enable-chunked-prefill False --load-format dummy --batch-size BS --num-iters-warmup 2 --num-iters 5 --input-len INPUT_LEN --output-len OUTPUT_LEN --model MODEL"
    );
    expect(r.findings.filter((f) => f.code === "placeholder").map((f) => f.token)).toEqual(["BS", "INPUT_LEN", "OUTPUT_LEN", "MODEL"]);
    // --enable-chunked-prefill False is vLLM's StoreBoolean form, not a stray argument
    expect(r.findings.every((f) => f.code === "placeholder")).toBe(true);
  });

  it("flags optional-syntax brackets left in ([--use-v2-block-manager])", () => {
    const r = corpusLint(
      "python3 benchmarks/benchmark_prefix_caching.py --model neuralmagic/Meta-Llama-3-8B-Instruct-FP8 --output-len 200 --enable-prefix-caching [--use-v2-block-manager]"
    );
    expect(r.findings.find((f) => f.code === "brackets")).toMatchObject({severity: "error", token: "[--use-v2-block-manager]"});
    expect(r.findings.find((f) => f.code === "unknown-tool")?.severity).toBe("warning");
  });

  it("says --input-len is --random-input-len for the serving client (seed 002's pattern)", () => {
    const r = corpusLint("python benchmarks/benchmark_serving.py --model Qwen/Qwen1.5-0.5B --backend vllm --num-prompts 2048 --input-len 1024");
    expect(r.tool).toBe("vllm-benchmark-serving");
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({severity: "error", code: "renamed-flag", token: "--input-len"});
    expect(r.findings[0].message).toContain("use --random-input-len");
  });

  it("sends engine flags given to the serving client to the server, and catches --dtype float8 as an invalid choice", () => {
    expect(codes("python benchmarks/benchmark_serving.py --model meta-llama/Meta-Llama-3-70B --dtype float8 --input-len 1000 --output-len 50")).toEqual([
      "error:server-flag",
      "error:bad-choice",
      "error:renamed-flag",
      "error:renamed-flag"
    ]);
    const r = corpusLint("python benchmarks/benchmark_serving.py --model meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size 1 --enable-prefix-caching --use-v2-block-manager");
    expect(r.findings.map((f) => f.token)).toEqual(["--tensor-parallel-size", "--enable-prefix-caching", "--use-v2-block-manager"]);
  });

  it("reports a missing model (98f47f2a: the script would benchmark its default opt-125m)", () => {
    const r = corpusLint("python benchmarks/benchmark_latency.py");
    expect(r.findings).toEqual([expect.objectContaining({severity: "error", code: "missing-model"})]);
    expect(r.findings[0].message).toContain("facebook/opt-125m");
  });

  it("parses environment prefixes into the environment, never a shell", () => {
    const r = corpusLint("VLLM_USE_V1=1 VLLM_ATTENTION_BACKEND=FLASHMLA python benchmarks/benchmark_serving.py --model deepseek-ai/DeepSeek-R1 --tensor-parallel-size 8");
    expect(r.env).toEqual({VLLM_USE_V1: "1", VLLM_ATTENTION_BACKEND: "FLASHMLA"});
    expect(codes(r.command)).toEqual(["warning:env-prefix", "error:server-flag"]);
  });

  it("accepts underscores only as vLLM's FlexibleArgumentParser does, and warns about a local model path", () => {
    const r = corpusLint('VLLM_USE_V1=1 python3 benchmarks/benchmark_latency.py --model "/data/users/ktong/llama/llm_8b_oss" --tensor-parallel-size 1 --input_len 1000 --batch_size 32');
    expect(r.model).toBe("/data/users/ktong/llama/llm_8b_oss");
    expect(codes(r.command)).toEqual(["warning:env-prefix", "warning:underscore-flag", "warning:underscore-flag", "warning:local-model-path"]);
  });

  it("warns about script paths that exist only on another machine or nowhere in a vLLM tree", () => {
    expect(codes("python /home/ray/default/vllm_public/benchmarks/benchmark_latency.py --model meta-llama/Llama-2-7b-chat-hf  --batch-size 1 --output-len 2 --input-len 1000 --num-iters 1")).toEqual([
      "warning:script-path"
    ]);
    expect(codes("python benchmark/benchmark_latency.py --model facebook/opt-13b")).toEqual(["warning:script-path"]);
  });

  it("knows renamed and invented flags: --dataset, --batch-size and --multi-step on the serving client", () => {
    expect(corpusLint("python benchmarks/benchmark_serving.py --model meta-llama/Llama-3-8B-Instruct --dataset ShareGPT_V3_unfiltered_cleaned_split.json").findings[0].message).toContain(
      "use --dataset-path"
    );
    expect(corpusLint("python benchmarks/benchmark_serving.py --model meta-llama/Meta-Llama-3-8B --batch-size 2").findings[0].message).toContain("--max-concurrency");
    expect(corpusLint("python benchmarks/benchmark_serving.py --model meta-llama/Meta-Llama-3-8B --dataset-name sharegpt --multi-step").findings[0].code).toBe("renamed-flag");
  });

  it("catches 83450458's [ngram] speculative model without --ngram-prompt-lookup-max (seed 002: BAD_CONFIG)", () => {
    const r = corpusLint(
      "python benchmarks/benchmark_latency.py --model meta-llama/Llama-3.1-8B-Instruct --speculative-model '[ngram]' --num-speculative-tokens 5 --input-len 550 --output-len 150"
    );
    expect(r.findings).toEqual([expect.objectContaining({severity: "error", code: "engine-config"})]);
    expect(r.findings[0].message).toContain("ngram_prompt_lookup_max=None must be > 0");
    expect(codes(`${r.command} --ngram-prompt-lookup-max 4`)).toEqual([]);
  });

  it("passes well-formed commands of every vLLM tool, including vllm bench serve and a draft-model speculative config", () => {
    for (const c of [
      "vllm bench serve --dataset-name random --model facebook/opt-125m --served-model-name facebook/opt-125m --random-input-len 700 --random-output-len 1 --endpoint /v1/completions --ignore-eos --host localhost --port 8000 --request-rate 200 --num-prompts 100",
      "vllm bench throughput --model Qwen/Qwen3-30B-A3B --load-format dummy --input-len 1000 --output-len 100",
      "python benchmarks/benchmark_latency.py --model meta-llama/Llama-3.1-8B-Instruct --speculative-model meta-llama/Llama-3.2-1B-Instruct --num-speculative-tokens 5",
      "python benchmarks/benchmark_throughput.py --model huggyllama/llama-7b --dataset-name sharegpt --num-prompts 2000",
      "python benchmarks/benchmark_serving.py --backend vllm --model meta-llama/Llama-3.2-1B-Instruct --dataset-name sharegpt --num-prompts 6000 --request-rate inf --max-concurrency 400"
    ]) {
      expect(corpusLint(c).findings, c).toEqual([]);
    }
  });
});

describe("lintCommand: patterns the corpus does not hold", () => {
  it("refuses command chaining and shell expansion", () => {
    expect(codes("cd /vllm && python benchmarks/benchmark_serving.py --model m --num-prompts $N")).toEqual(["error:chaining", "error:shell-syntax", "error:placeholder"]);
    expect(codes("python benchmarks/benchmark_latency.py --model m > out.txt")).toContain("error:shell-syntax");
  });

  it("catches a hard-coded max_model_len larger than the model allows (seed 000: huggyllama/llama-7b is 2048)", () => {
    const r = lintCommand("python benchmarks/benchmark_latency.py --model huggyllama/llama-7b --max-model-len 4096 --input-len 1024 --output-len 128");
    expect(r.findings).toEqual([expect.objectContaining({code: "context-length", token: "4096"})]);
    expect(codes("python benchmarks/benchmark_latency.py --model huggyllama/llama-7b --input-len 2000 --output-len 128")).toEqual(["error:context-length"]);
  });

  it("checks SGLang's client (abbreviations allowed by its plain argparse, with a warning) and llama-bench", () => {
    // SGLang's own docstring example; without --model the client asks the server which model it serves
    expect(codes("python3 -m sglang.bench_serving --backend sglang --dataset-name random --num-prompts 3000 --random-input 1024 --random-output 1024 --random-range-ratio 0.5")).toEqual([
      "warning:abbreviated-flag",
      "warning:abbreviated-flag",
      "warning:missing-model"
    ]);
    expect(codes("llama-bench -m model.gguf -p 512 -n 128 -o json")).toEqual([]);
    expect(codes("llama-bench -p 512 --n-gen 128 -fa 1")).toEqual(["error:missing-model"]);
    expect(codes("./build/bin/llama-bench -m m.gguf -o yaml")).toEqual(["error:bad-choice"]);
  });

  it("refuses an unterminated quote with its position", () => {
    const r = lintCommand("python benchmarks/benchmark_serving.py --model 'oops");
    expect(r.findings[0]).toMatchObject({code: "unparsable"});
    expect(r.findings[0].message).toContain("unterminated single quote at character 48");
  });
});

describe("lintArgs(set, args)", () => {
  it("suggests the closest flag for a typo and reports a missing value", () => {
    const r = lintArgs(FLAG_SETS["vllm-benchmark-serving"], ["--num-prompt", "10", "--request-rate"]);
    // --num-prompt is a unique prefix of --num-prompts: accepted by argparse, with a warning
    expect(r.findings.map((f) => f.code)).toEqual(["abbreviated-flag", "missing-value"]);
    const typo = lintArgs(FLAG_SETS["vllm-benchmark-serving"], ["--num-promtps", "10"]);
    expect(typo.findings[0].message).toContain("did you mean --num-prompts?");
  });

  it("reports flags the runner sets itself", () => {
    const r = lintArgs(FLAG_SETS["vllm-bench-serve"], ["--model", "x", "--num-prompts", "5"], {ownedFlags: ["--model"], where: "task a: args"});
    expect(r.findings).toEqual([expect.objectContaining({code: "runner-flag", where: "task a: args"})]);
  });
});
