// Which of a benchmark's length arguments describe the run: vLLM's benchmark_serving.py / `vllm bench` and SGLang's
// bench_serving take every length flag, with defaults, whatever the dataset (random_input_len is 1024 in a ShareGPT
// run's Namespace and in SGLang's result line), and each dataset reads its own (benchmark_serving.py main,
// vllm/benchmarks/datasets.py, sglang get_dataset). One rule for the three places that need it: the declared
// command line, the executed Namespace, and SGLang's result file.

/** An argument's value by its argparse dest (`random_input_len`): a whole number, or null when absent. */
export type LengthArg = (dest: string) => number | null;

/** Every dest lengthsOf may read (a Namespace parser keeps these). */
export const LENGTH_DESTS = [
  "random_input_len",
  "random_output_len",
  "random_prefix_len",
  "input_len",
  "output_len",
  "prefix_len",
  "sonnet_input_len",
  "sonnet_output_len",
  "sharegpt_output_len",
  "hf_output_len",
  "custom_output_len",
  "prefix_repetition_prefix_len",
  "prefix_repetition_suffix_len",
  "prefix_repetition_output_len"
] as const;

/** Datasets whose prompts are random tokens of the random_* lengths (vLLM random, SGLang random/random-ids/image). */
const RANDOM = /^random|^image$/;

function sum(...parts: (number | null)[]): number | null {
  return parts[0] === null ? null : parts.reduce<number>((s, p) => s + (p ?? 0), 0);
}

/**
 * Input and output length of a run of `dataset`; null where the dataset decides them itself (ShareGPT prompts,
 * BurstGPT traces). With no dataset named (a throughput or latency benchmark, or a command line that does not say),
 * the lengths the arguments state.
 */
export function lengthsOf(dataset: string | null, arg: LengthArg): {input_len: number | null; output_len: number | null} {
  if (dataset === null) {
    return {
      input_len: arg("random_input_len") ?? arg("input_len") ?? arg("sonnet_input_len"),
      output_len: arg("random_output_len") ?? arg("output_len") ?? arg("sonnet_output_len") ?? arg("sharegpt_output_len")
    };
  }
  // The random prefix is part of every prompt: vLLM's RandomDataset prepends it to the sampled tokens.
  if (RANDOM.test(dataset)) {
    return {
      input_len: sum(arg("random_input_len") ?? arg("input_len"), arg("random_prefix_len") ?? arg("prefix_len")),
      output_len: arg("random_output_len") ?? arg("output_len")
    };
  }
  switch (dataset) {
    case "sonnet":
      return {input_len: arg("sonnet_input_len") ?? arg("input_len"), output_len: arg("sonnet_output_len") ?? arg("output_len")};
    case "sharegpt":
      return {input_len: null, output_len: arg("sharegpt_output_len") ?? arg("output_len")};
    case "hf":
      return {input_len: null, output_len: arg("hf_output_len") ?? arg("output_len")};
    case "custom":
      return {input_len: null, output_len: arg("custom_output_len") ?? arg("sharegpt_output_len")};
    case "mmmu":
      return {input_len: null, output_len: arg("random_output_len")};
    case "prefix_repetition":
      return {
        input_len: sum(arg("prefix_repetition_prefix_len"), arg("prefix_repetition_suffix_len")),
        output_len: arg("prefix_repetition_output_len")
      };
    default:
      return {input_len: null, output_len: null};
  }
}
