import {describe, expect, it} from "vitest";
import {declaredConfig} from "../../runners/commands/declared.ts";

describe("declaredConfig(perfCommand)", () => {
  it("reads 299ebb62's declared serve configuration (1000/100 tokens)", () => {
    expect(
      declaredConfig(
        "vllm bench serve --model Qwen/Qwen2.5-1.5B-Instruct --request-rate 1 --num-prompts 100 --random-input-len 1000 --random-output-len 100 --tokenizer Qwen/Qwen2.5-1.5B-Instruct --ignore-eos"
      )
    ).toEqual({tool: "serve", model: "Qwen/Qwen2.5-1.5B-Instruct", dataset_name: null, input_len: 1000, output_len: 100, num_prompts: 100, request_rate: 1, max_concurrency: null, env: {}});
  });

  it("reads script invocations, env prefixes and inf rates", () => {
    expect(declaredConfig("VLLM_USE_V1=1 python benchmarks/benchmark_serving.py --model m --dataset-name sharegpt --request-rate inf --max-concurrency 64")).toMatchObject({
      tool: "serve",
      dataset_name: "sharegpt",
      request_rate: Infinity,
      max_concurrency: 64,
      env: {VLLM_USE_V1: "1"}
    });
    expect(declaredConfig("python3 benchmarks/benchmark_latency.py --model m --input-len 32 --output-len 128 --batch-size 8")).toMatchObject({
      tool: "latency",
      input_len: 32,
      output_len: 128,
      num_prompts: 8
    });
    expect(declaredConfig("python3 benchmarks/benchmark_prefix_caching.py --model neuralmagic/Meta-Llama-3-8B-Instruct-FP8 --output-len 200 --enable-prefix-caching [--use-v2-block-manager]")).toMatchObject({
      tool: "prefix_caching",
      output_len: 200
    });
  });

  it("takes the lengths of the dataset declared: a ShareGPT run ignores --random-input-len", () => {
    const serve = "python benchmarks/benchmark_serving.py --model m --random-input-len 1024 --random-output-len 128";
    expect(declaredConfig(`${serve} --dataset-name sharegpt --sharegpt-output-len 256`)).toMatchObject({dataset_name: "sharegpt", input_len: null, output_len: 256});
    expect(declaredConfig(`${serve} --dataset-name sonnet --sonnet-input-len 550 --sonnet-output-len 150`)).toMatchObject({input_len: 550, output_len: 150});
    expect(declaredConfig(`${serve} --dataset-name random --random-prefix-len 200`)).toMatchObject({input_len: 1224, output_len: 128});
    expect(declaredConfig("vllm bench serve --model m --dataset-name hf --dataset-path lmms-lab/x --hf-output-len 200")).toMatchObject({input_len: null, output_len: 200});
  });

  it("reads the deprecated --dataset <path> as ShareGPT, argparse's abbreviations, and no value from a shell variable", () => {
    expect(declaredConfig("python benchmarks/benchmark_throughput.py --model m --dataset ShareGPT_V3_unfiltered_cleaned_split.json --num-prompts 100").dataset_name).toBe("sharegpt");
    expect(declaredConfig("python3 -m sglang.bench_serving --backend sglang --num-prompt 10 --random-input 512")).toMatchObject({num_prompts: 10, input_len: 512});
    // vllm bench throughput has a whole option `--n` (sequences per prompt): not an abbreviation of --num-prompts
    expect(declaredConfig("vllm bench throughput --model m --input-len 32 --output-len 8 --n 4").num_prompts).toBeNull();
    expect(declaredConfig('vllm bench serve --model "$MODEL" --num-prompts "$N" --request-rate 2')).toMatchObject({model: null, num_prompts: null, request_rate: 2});
  });

  it("reads the benchmark inside a `bash -c` script", () => {
    expect(declaredConfig("docker exec box bash -lc 'cd /vllm && vllm bench serve --model m --num-prompts 50 --random-input-len 256'")).toMatchObject({
      tool: "serve",
      num_prompts: 50,
      input_len: 256
    });
  });

  it("declares nothing for missing, unparseable or non-benchmark commands", () => {
    expect(declaredConfig(null).tool).toBeNull();
    expect(declaredConfig("python 'unterminated").tool).toBeNull();
    expect(declaredConfig("pytest tests/").tool).toBeNull();
  });
});
