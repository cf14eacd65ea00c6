// The readiness smoke test every OpenAI-compatible server (vLLM, SGLang) gets: one short, deterministic completion.
import type {EngineContext} from "./index.ts";

export function openAiCompletionSmoke(ctx: EngineContext): {path: string; body: Record<string, unknown>} {
  return {path: "/v1/completions", body: {model: ctx.task.model, prompt: "Hello, my name is", max_tokens: 4, temperature: 0}};
}
