// A task's `args`/`server_args` may be written as one command-line string (pasted from a perf_command) or as argv.
// Strings are split by the shared shell-like tokenizer, never by a shell; anything a shell would have to interpret
// (separators, environment prefixes, `$VAR`) is refused here and reported by `benchbook lint` before a run starts.
import {InputError} from "../errors.ts";
import {tokenize} from "../commands/tokenize.ts";
import type {ResolvedTask} from "./plan.ts";

/** Splits one args field into argv; throws InputError naming the task and field when it needs a shell. */
export function argsToArgv(value: string | string[], where: string): string[] {
  if (Array.isArray(value)) return value;
  const t = tokenize(value);
  if (t.commands.length > 1 || t.separators.length) {
    throw new InputError(where, `expected one command's arguments, found ${t.commands.length} commands`);
  }
  const command = t.commands[0] ?? {env: {}, argv: []};
  const env = Object.keys(command.env);
  if (env.length) throw new InputError(where, `environment prefixes belong in versions.<name>.env, found ${env.join(", ")}`);
  if (t.unexpanded.length) {
    throw new InputError(where, `shell expansion is not performed, found ${JSON.stringify(t.unexpanded[0])}`);
  }
  return command.argv;
}

/** The task's benchmark and server arguments as argv. */
export function taskArgs(task: ResolvedTask): {args: string[]; serverArgs: string[]} {
  return {args: argsToArgv(task.args, `task ${task.id}: args`), serverArgs: argsToArgv(task.serverArgs, `task ${task.id}: server_args`)};
}
