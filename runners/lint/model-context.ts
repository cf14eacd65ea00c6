// Context lengths of models the corpus benchmarks, so lint can catch a hard-coded --max-model-len (or prompt + output
// length) larger than the model allows (seed 000: huggyllama/llama-7b supports 2048, the script hard-coded 4096).
// Values are `max_position_embeddings` from each model's config.json on the Hugging Face Hub.

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
