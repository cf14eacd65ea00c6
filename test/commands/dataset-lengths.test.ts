import {describe, expect, it} from "vitest";
import {lengthsOf} from "../../runners/commands/dataset-lengths.ts";

// Every length argument with vLLM benchmark_serving.py's defaults, as a run's Namespace holds them whatever its dataset.
const DEFAULTS: Record<string, number | null> = {random_input_len: 1024, random_output_len: 128, random_prefix_len: 0, sonnet_input_len: 550, sonnet_output_len: 150, sharegpt_output_len: null};
const args = (more: Record<string, number | null> = {}) => (dest: string) => ({...DEFAULTS, ...more})[dest] ?? null;

describe("lengthsOf(dataset, arg)", () => {
  it("takes each dataset's own arguments and leaves the others' defaults", () => {
    expect(lengthsOf("random", args())).toEqual({input_len: 1024, output_len: 128});
    expect(lengthsOf("random", args({random_prefix_len: 200}))).toEqual({input_len: 1224, output_len: 128});
    expect(lengthsOf("sonnet", args())).toEqual({input_len: 550, output_len: 150});
    expect(lengthsOf("sharegpt", args())).toEqual({input_len: null, output_len: null});
    expect(lengthsOf("sharegpt", args({sharegpt_output_len: 256}))).toEqual({input_len: null, output_len: 256});
    expect(lengthsOf("hf", args({hf_output_len: 200}))).toEqual({input_len: null, output_len: 200});
    expect(lengthsOf("custom", args({custom_output_len: 300}))).toEqual({input_len: null, output_len: 300});
    expect(lengthsOf("mmmu", args({random_output_len: 256}))).toEqual({input_len: null, output_len: 256});
    expect(lengthsOf("prefix_repetition", args({prefix_repetition_prefix_len: 256, prefix_repetition_suffix_len: 256, prefix_repetition_output_len: 64}))).toEqual({input_len: 512, output_len: 64});
    expect(lengthsOf("burstgpt", args())).toEqual({input_len: null, output_len: null});
  });

  it("with no dataset (throughput, latency, or a command line that names none) takes the lengths stated", () => {
    const throughput = (dest: string) => ({input_len: 512, output_len: 128})[dest] ?? null;
    expect(lengthsOf(null, throughput)).toEqual({input_len: 512, output_len: 128});
    expect(lengthsOf("random", throughput)).toEqual({input_len: 512, output_len: 128});
  });
});
