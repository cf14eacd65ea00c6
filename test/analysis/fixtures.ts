// Small hand-made measurements for the rule tests: a Fact with sensible defaults and the metrics given.
import type {Fact} from "../../runners/analysis/facts.ts";

let counter = 0;

/** A measured Fact; `metrics` maps metric → value (structured unless given as [value, origin]). */
export function fact(partial: Partial<Omit<Fact, "metrics">> & {metrics?: Record<string, number | [number, string]>} = {}): Fact {
  const {metrics = {}, ...rest} = partial;
  counter++;
  return {
    measurement_id: rest.measurement_id ?? `m${String(counter).padStart(4, "0")}`,
    run_set: "rs",
    agent: rest.variant === "agent" ? "agent_a" : null,
    commit: "abcdef01",
    variant: "human",
    source: "modal",
    batch: null,
    file: "results/modal/abcdef01/benchmark_result.json",
    file_sha256: null,
    status: "success",
    error: null,
    model: "meta-llama/Llama-3.1-8B-Instruct",
    executed_model: null,
    benchmark_mode: "serving",
    perf_command: null,
    dataset_name: null,
    input_len: null,
    output_len: null,
    num_prompts: null,
    request_rate: null,
    max_concurrency: null,
    declared_dataset_name: null,
    declared_input_len: null,
    declared_output_len: null,
    declared_num_prompts: null,
    declared_request_rate: null,
    timestamp: null,
    subject: null,
    has_agent_patch: null,
    raw_log_excerpt: null,
    server_log_excerpt: null,
    ...rest,
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([m, v]) => {
        const [value, origin] = Array.isArray(v) ? v : [v, "structured"];
        return [m, {value, origin, better: null, n: null, std: null}];
      })
    )
  };
}
