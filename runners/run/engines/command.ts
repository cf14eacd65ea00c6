// Any other benchmark: the task's `command` argv after the version's prefix, with `{result}`, `{port}`, `{host}` and
// `{model}` filled in element by element (never through a shell), and its result file read by a registered format.
import {formatByName} from "../../formats/index.ts";
import type {Engine, EngineContext} from "./index.ts";
import {parseWithFormat} from "./result.ts";

/** Fills the runner's placeholders inside argv elements; other braces are left as they are. */
export function fillCommand(argv: string[], ctx: EngineContext): string[] {
  const values: Record<string, string> = {result: ctx.resultPath, port: String(ctx.port), host: ctx.host, model: ctx.task.model};
  return argv.map((a) => a.replace(/\{(result|port|host|model)\}/g, (_, k: string) => values[k]));
}

export const commandEngine: Engine = {
  name: "command",
  mode: "offline",
  benchmarkMode: "command",
  python: false,
  ownedFlags: [],
  benchArgv: (ctx) => [...fillCommand(ctx.task.command ?? [], ctx), ...ctx.args],
  parseResult: (text, ctx) => {
    const format = formatByName(ctx.task.resultFormat ?? "");
    if (!format) throw new Error(`result_format ${JSON.stringify(ctx.task.resultFormat)} is not a registered format (runners/formats/index.ts)`);
    return parseWithFormat(format, text, ctx);
  }
};
