// SGLang serving: `sglang.launch_server` as the server and `sglang.bench_serving` as the client, which appends one
// JSON line per run to its `--output-file`.
import {sglangServing} from "../../formats/sglang-serving.ts";
import type {Engine} from "./index.ts";
import {parseWithFormat} from "./result.ts";
import {openAiCompletionSmoke} from "./openai-smoke.ts";

export const sglangServeEngine: Engine = {
  name: "sglang-serve",
  mode: "serving",
  benchmarkMode: "serving",
  python: true,
  lintTool: () => "sglang-bench-serving",
  ownedFlags: ["--model", "--host", "--port", "--output-file", "--base-url", "--backend"],
  serverArgv: (ctx) => [
    ...["-m", "sglang.launch_server", "--model-path", ctx.task.model],
    ...["--host", ctx.host, "--port", String(ctx.port)],
    ...ctx.serverArgs
  ],
  healthPath: "/health",
  smokeRequest: openAiCompletionSmoke,
  benchArgv: (ctx) => [
    "-m",
    "sglang.bench_serving",
    "--backend",
    "sglang",
    "--model",
    ctx.task.model,
    "--host",
    ctx.host,
    "--port",
    String(ctx.port),
    ...ctx.args,
    "--output-file",
    ctx.resultPath
  ],
  parseResult: (text, ctx) => parseWithFormat(sglangServing, text, ctx),
  versionArgv: () => ["-c", "import sglang; print(sglang.__version__)"]
};
