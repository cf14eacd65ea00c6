import {describe, expect, it} from "vitest";
import {modal, parseModal} from "../../runners/formats/modal.ts";
import {InputError} from "../../runners/errors.ts";
import {ctx, read, values} from "./helpers.ts";

// Trimmed from results/modal/299ebb62/benchmark_result.json (the raw log keeps the Namespace line and result block).
const RAW_BASELINE = `INFO 01-02 17:25:16 [__init__.py:239] Automatically detected platform cuda.
Namespace(subparser='bench', bench_type='serve', dispatch_function=<function BenchmarkServingSubcommand.cmd at 0x2ae0e3d04180>, endpoint_type='openai-comp', label=None, base_url=None, host='127.0.0.1', port=18001, endpoint='/v1/completions', dataset_name='random', max_concurrency=None, model='Qwen/Qwen2.5-1.5B-Instruct', tokenizer='Qwen/Qwen2.5-1.5B-Instruct', best_of=1, use_beam_search=False, num_prompts=100, logprobs=None, request_rate=1.0, burstiness=1.0, seed=0, ignore_eos=True, percentile_metrics='ttft,tpot,itl', metric_percentiles='99', goodput=None, random_input_len=512, random_output_len=128, random_range_ratio=1.0, random_prefix_len=0, tokenizer_mode='auto', served_model_name=None, lora_modules=None)
============ Serving Benchmark Result ============
Successful requests:                     100       
Benchmark duration (s):                  103.15    
Total input tokens:                      51200     
Total generated tokens:                  12800     
Request throughput (req/s):              0.97      
Output token throughput (tok/s):         124.10    
Total Token throughput (tok/s):          620.48    
---------------Time to First Token----------------
Mean TTFT (ms):                          25.71     
Median TTFT (ms):                        24.33     
P99 TTFT (ms):                           73.69     
==================================================
`;

const WRAPPED = {
  instance: {
    commit_hash: "299ebb62b269ce167eb1c71b5e39a1dc1f65ce1c",
    commit_subject: "[Core] Speed up decode by remove synchronizing ope",
    perf_command:
      "vllm bench serve --model Qwen/Qwen2.5-1.5B-Instruct --request-rate 1 --num-prompts 100 --random-input-len 1000 --random-output-len 100 --tokenizer Qwen/Qwen2.5-1.5B-Instruct --ignore-eos"
  },
  result: {
    status: "success",
    gpu_config: "H100:1",
    baseline_metrics: {ttft_mean: 25.71, ttft_median: 24.33, ttft_p99: 73.69, tpot_mean: 4.76},
    human_metrics: {ttft_mean: 22.59, tpot_mean: 4.2},
    agent_metrics: {ttft_mean: 22.93, tpot_mean: 4.3},
    human_improvement: {ttft_mean: 12.135355892648779},
    error: null,
    server_logs: null,
    duration_s: 5890.607915878296,
    benchmark_mode: "serving",
    baseline_version: "INFO 01-02 17:21:32 [__init__.py:239] Automatically detected platform cuda.\n0.8.5.dev117+gf728ab8e3",
    baseline_install_method: "wheel",
    baseline_raw: RAW_BASELINE,
    agent_install_method: "python_overlay",
    commit: "299ebb62",
    full_commit: "299ebb62b269ce167eb1c71b5e39a1dc1f65ce1c",
    parent_commit: "f728ab8e3578c22b42ed53e51b5e8ec35328d8b9",
    model: "Qwen/Qwen2.5-1.5B-Instruct",
    has_agent_patch: true
  }
};

describe("parseModal(file, ctx)", () => {
  it("makes one measurement per version with the commit, declared and executed configuration", () => {
    const r = read(modal, "results/modal/299ebb62/benchmark_result.json", WRAPPED);
    expect(r.detected).toBe(true);
    const [agent, baseline, human] = [...r.tables.measurements].sort((a, b) => String(a.variant).localeCompare(String(b.variant)));
    expect(baseline).toMatchObject({
      source: "modal",
      commit: "299ebb62",
      commit_full: "299ebb62b269ce167eb1c71b5e39a1dc1f65ce1c",
      status: "success",
      input_len: 512,
      output_len: 128,
      declared_input_len: 1000,
      declared_output_len: 100,
      engine_version: "0.8.5.dev117+gf728ab8e3",
      duration_s: 5890.607915878296,
      subject: "[Core] Speed up decode by remove synchronizing ope"
    });
    expect(baseline.agent ?? null).toBeNull(); // a column a row leaves out is NULL in the warehouse
    expect(agent).toMatchObject({variant: "agent", agent: "claude_code", install_method: "python_overlay", has_agent_patch: true});
    expect(human.variant).toBe("human");
    expect(baseline.gpu_config).toBe("H100:1");
    expect(baseline.extra).toBeUndefined();
  });

  it("recovers metrics the structured data lacks from the raw log, marked raw_log", () => {
    const r = read(modal, "results/modal/299ebb62/benchmark_result.json", WRAPPED);
    const baselineId = r.tables.measurements.find((m) => m.variant === "baseline")!.measurement_id;
    const origin = Object.fromEntries(r.tables.metrics.filter((m) => m.measurement_id === baselineId).map((m) => [m.metric, m.origin]));
    expect(values(r, String(baselineId))).toMatchObject({ttft_mean: 25.71, output_throughput: 124.1, request_throughput: 0.97, completed: 100});
    expect(origin).toMatchObject({ttft_mean: "structured", output_throughput: "raw_log"});
  });

  it("reads the top-level variant (no instance/result wrapper) the SGLang study writes", () => {
    const flat = {commit_hash: "abcdef0123456789abcdef0123456789abcdef01", ...WRAPPED.result};
    const r = read(modal, "sglang/abcdef01/benchmark_result.json", flat);
    expect(r.detected).toBe(true);
    expect(r.tables.measurements).toHaveLength(3);
    expect(r.tables.measurements[0].commit).toBe("299ebb62");
  });

  it("reads the older schema: patched_metrics is the agent, error_message the error, no human", () => {
    // Trimmed from results/modal/2deb029d/benchmark_result.json
    const old = {
      instance: {commit_hash: "2deb029d115dadd012ce5ea70487a207cb025493", perf_command: "python3 benchmarks/benchmark_prefix_caching.py --model neuralmagic/Meta-Llama-3-8B-Instruct-FP8 --output-len 200 --enable-prefix-caching [--use-v2-block-manager]"},
      result: {status: "baseline_failed", commit_hash: "2deb029d115dadd012ce5ea70487a207cb025493", benchmark_type: "unknown", baseline_metrics: null, patched_metrics: null, improvement: null, error_message: "Baseline benchmark produced no metrics", duration_s: 118.38}
    };
    const r = read(modal, "results/modal/2deb029d/benchmark_result.json", old);
    expect(r.tables.measurements.map((m) => [m.variant, m.status, m.error, m.declared_output_len])).toEqual([
      ["baseline", "baseline_failed", "Baseline benchmark produced no metrics", 200],
      ["agent", "baseline_failed", "Baseline benchmark produced no metrics", 200]
    ]);
  });

  it("records a failure before any version ran for all three versions", () => {
    // results/modal/015069b0/benchmark_result.json
    const r = read(modal, "results/modal/015069b0/benchmark_result.json", {
      instance: {commit_hash: "015069b01741e9ecb9e604c7fe87fbdfc306ebe5", perf_command: "python benchmarks/benchmark_serving.py --model Qwen/Qwen3-7B-Instruct --dataset-name sharegpt --request-rate 1"},
      result: {status: "exception", error: "[Errno 32] Broken pipe", duration_s: 0.0000336, commit: "015069b0", model: "Qwen/Qwen3-7B-Instruct"}
    });
    expect(r.tables.measurements.map((m) => [m.variant, m.status, m.error, m.declared_dataset_name])).toEqual([
      ["baseline", "exception", "[Errno 32] Broken pipe", "sharegpt"],
      ["human", "exception", "[Errno 32] Broken pipe", "sharegpt"],
      ["agent", "exception", "[Errno 32] Broken pipe", "sharegpt"]
    ]);
    expect(r.tables.metrics).toEqual([]);
  });

  it("says a version with metrics succeeded even when the commit's status is an error", () => {
    // results/modal/eefbf4a6: status error, baseline measured latency_avg (ms)
    const r = read(modal, "results/modal/eefbf4a6/benchmark_result.json", {
      instance: {commit_hash: "eefbf4a68b7b0a5b8364a59647906be1b7f043e2"},
      result: {status: "error", error: "Command timed out", baseline_metrics: {latency_avg: 1749.5}, human_metrics: {}, agent_metrics: null}
    });
    expect(r.tables.measurements.map((m) => [m.variant, m.status])).toEqual([
      ["baseline", "success"],
      ["human", "error"],
      ["agent", "error"]
    ]);
    expect(values(r)).toEqual({latency_avg: 1.7495});
  });

  it("rejects a metric of the wrong type, naming the field and the value", () => {
    const bad = structuredClone(WRAPPED);
    (bad.result.baseline_metrics as Record<string, unknown>).ttft_mean = "n/a";
    expect(() => parseModal({text: "", json: bad}, ctx("m/benchmark_result.json"))).toThrow(InputError);
    expect(() => parseModal({text: "", json: bad}, ctx("m/benchmark_result.json"))).toThrow(/baseline_metrics\.ttft_mean.*"n\/a"/);
  });

  it("notes the strings 'inf' and 'nan' in data_quality instead of metrics", () => {
    const odd = structuredClone(WRAPPED);
    Object.assign(odd.result.baseline_metrics, {tpot_mean: "nan", itl_p99: "inf"});
    const r = read(modal, "m/benchmark_result.json", odd);
    const baseline = r.tables.measurements.find((m) => m.variant === "baseline")!.measurement_id;
    expect(values(r, String(baseline))).not.toHaveProperty("tpot_mean");
    expect(r.tables.data_quality.map((d) => [d.field, d.value_text])).toEqual(
      expect.arrayContaining([
        ["result.baseline_metrics.tpot_mean", "nan"],
        ["result.baseline_metrics.itl_p99", "inf"]
      ])
    );
  });

  it("does not claim other JSON", () => {
    expect(modal.detect({path: "x.json", text: "{}", json: {results: {}}}).match).toBe(false);
    expect(modal.detect({path: "x.json", text: '{"instance": {"commit_hash": "ab"}, "result": {"baseline_metrics": ', json: undefined})).toEqual({match: false, broken: true});
  });
});
