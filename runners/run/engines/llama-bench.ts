// llama.cpp's llama-bench: the version's prefix is the llama-bench binary itself (or a container running it); the
// model is a GGUF path and the result is the JSON array `-o json` prints on stdout.
import {llamaBenchJsonFormat} from "../../formats/llama-bench-json.ts";
import type {Engine} from "./index.ts";
import {parseWithFormat} from "./result.ts";

export const llamaBenchEngine: Engine = {
  name: "llama-bench",
  mode: "offline",
  benchmarkMode: "sweep",
  python: false,
  lintTool: () => "llama-bench",
  ownedFlags: ["-m", "--model", "-o", "--output"],
  benchArgv: (ctx) => ["-m", ctx.task.model, ...ctx.args, "-o", "json"],
  resultOnStdout: true,
  // No version probe: llama-bench has no --version (an unknown argument is an error, exit 1); its build commit and
  // number are in every record of the result it prints.
  parseResult: (text, ctx) => parseWithFormat(llamaBenchJsonFormat, text, ctx)
};
