// How a benchmark tool's command-line flags are recorded: as data read from the tool's own argument parser, so lint
// can say "this script does not accept --input-len" with the authority of the source, not a guess.

/** value: takes one argument; switch: takes none (store_true); list: takes zero or more (nargs "*"/"+"). */
export type FlagKind = "value" | "switch" | "list";

export type FlagSpec = {kind: FlagKind; choices?: readonly string[]};

export type FlagSet = {
  /** Id the engines name in `lintTool` (`vllm-benchmark-serving`, `sglang-bench-serving`, `llama-bench` …). */
  tool: string;
  /** How a person calls it: `benchmarks/benchmark_serving.py`, `vllm bench serve`. */
  label: string;
  /** The file (repository, path, commit) the flags were read from. */
  source: string;
  /** Every accepted spelling, long and short; aliases point at the same spec. */
  flags: Record<string, FlagSpec>;
  /** Flags the tool refuses to run without. */
  required?: readonly string[];
  /** Flags that existed in other versions of the tool or were meant as another flag: what to use instead. */
  renamed?: Record<string, {use: string | null; note: string}>;
  /** vLLM's FlexibleArgumentParser reads `--input_len` as `--input-len`. */
  underscoresAsDashes: boolean;
  /** Python argparse's allow_abbrev: a unique prefix of a long flag is accepted (and is fragile). */
  allowsAbbreviations: boolean;
};

/** Builds a flags record: names of switches, of value flags, of list flags, plus choices. */
export function flagTable(
  spec: {switches?: readonly string[]; values?: readonly string[]; lists?: readonly string[]},
  choices: Record<string, readonly string[]> = {}
): Record<string, FlagSpec> {
  const out: Record<string, FlagSpec> = {};
  for (const f of spec.switches ?? []) out[f] = {kind: "switch"};
  for (const f of spec.values ?? []) out[f] = {kind: "value", ...(choices[f] ? {choices: choices[f]} : {})};
  for (const f of spec.lists ?? []) out[f] = {kind: "list"};
  return out;
}
