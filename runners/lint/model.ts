// Rules about the model a benchmark names: that there is one (the offline scripts silently fall back to
// facebook/opt-125m), that it is not a path on someone else's disk, and that the context a command asks for fits the
// model (seed 000: huggyllama/llama-7b supports 2048 tokens, the script hard-coded 4096 and the server refused).
import {isAbsolute} from "node:path";
import {finding, type Finding} from "./findings.ts";
import type {FlagSet} from "./flags/types.ts";

/** `max_position_embeddings` from each model's config.json on the Hugging Face Hub, for the corpus's models. */
export const MODEL_CONTEXT: Record<string, number> = {
  "facebook/opt-125m": 2048,
  "facebook/opt-13b": 2048,
  "huggyllama/llama-7b": 2048,
  "microsoft/phi-1_5": 2048,
  "meta-llama/Llama-2-7b-chat-hf": 4096,
  "meta-llama/Llama-2-70b-hf": 4096,
  "meta-llama/Meta-Llama-3-8B": 8192,
  "meta-llama/Meta-Llama-3-8B-Instruct": 8192,
  "meta-llama/Meta-Llama-3-70B": 8192,
  "neuralmagic/Meta-Llama-3-8B-Instruct-FP8": 8192,
  "google/gemma-2b": 8192,
  "meta-llama/Llama-3.1-8B-Instruct": 131072,
  "meta-llama/Llama-3.2-1B-Instruct": 131072,
  "meta-llama/Llama-3.2-3B-Instruct": 131072,
  "Qwen/Qwen1.5-0.5B": 32768,
  "Qwen/Qwen2.5-7B-Instruct": 32768,
  "Qwen/Qwen2.5-1.5B-Instruct": 32768,
  "mistralai/Mistral-7B-Instruct-v0.3": 32768
};

/** The model's context length, if known. */
export function modelContext(model: string | null | undefined): number | null {
  return (model && MODEL_CONTEXT[model]) || null;
}

/** Missing model, local model path and context-length findings for one benchmark's flags. */
export function modelFindings(
  set: FlagSet | null,
  flags: Map<string, string | true>,
  model: string | null,
  {modelFromTask = false, where}: {modelFromTask?: boolean; where?: string} = {}
): Finding[] {
  const out: Finding[] = [];
  const add = (f: Finding) => out.push(where ? {...f, where} : f);
  const modelFlag = set?.tool === "llama-bench" ? "-m" : "--model";
  if (set?.flags[modelFlag] && !model && !modelFromTask) {
    const offline = set.tool.includes("latency") || set.tool.includes("throughput");
    if (offline || set.required?.includes(modelFlag)) {
      const why = offline ? " (it would silently benchmark its default, facebook/opt-125m)" : ` (${set.label} requires it)`;
      add(finding("error", "missing-model", `no ${modelFlag}: the command does not say which model to benchmark${why}`));
    } else {
      const message = `no ${modelFlag}: ${set.label} asks the server (/v1/models) which model it serves; the command alone does not say`;
      add(finding("warning", "missing-model", message));
    }
  }
  if (model && isAbsolute(model)) {
    const message = `${model}: a local path on the machine that wrote the command; use a model id or a path on the benchmark host`;
    add(finding("warning", "local-model-path", message, {token: model}));
  }
  const num = (f: string) => {
    const v = flags.get(f);
    return typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null;
  };
  const limit = modelContext(model);
  const maxLen = num("--max-model-len");
  if (limit && maxLen && maxLen > limit) {
    const message = `--max-model-len ${maxLen} is larger than ${model} allows (${limit} tokens); the server refuses to start`;
    add(finding("error", "context-length", message, {token: String(maxLen)}));
  }
  const input = num("--input-len") ?? num("--random-input-len");
  const output = num("--output-len") ?? num("--random-output-len");
  const window = maxLen ?? limit;
  if (window && input !== null && output !== null && input + output > window) {
    const of = maxLen ? "--max-model-len" : `context of ${model}`;
    add(finding("error", "context-length", `input ${input} + output ${output} tokens exceed the ${of} (${window})`));
  }
  return out;
}
