// One way to declare a subcommand: an options table that drives both `node:util` parseArgs and `--help`,
// so the help text can never drift from what the command accepts.
import {parseArgs} from "node:util";
import {CliError} from "../errors.ts";

export type OptionSpec = {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Placeholder shown in help, e.g. `<dir>`. */
  value?: string;
  description: string;
};

export type CommandSpec = {
  name: string;
  /** One line, shown in `benchbook --help`. */
  summary: string;
  /** Usage line after `benchbook <name>`, e.g. `<path>... --warehouse <dir>`. */
  usage: string;
  /** Longer help text (examples, notes). */
  details?: string;
  options: Record<string, OptionSpec>;
  positionals?: {min?: number; max?: number; name: string};
};

export type Parsed = {values: Record<string, string | boolean | string[] | undefined>; positionals: string[]};

/** Formats a command's help from its spec. */
export function formatHelp(spec: CommandSpec): string {
  const lines = [`benchbook ${spec.name} ${spec.usage}`, "", spec.summary, ""];
  const rows = Object.entries({...spec.options, help: {type: "boolean", short: "h", description: "Show this help"} as OptionSpec}).map(
    ([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "<value>"}` : ""}`;
      const def = o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : "";
      return [flag, `${o.description}${o.multiple ? " (repeatable)" : ""}${def}`];
    }
  );
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  lines.push("Options:", ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`));
  if (spec.details) lines.push("", spec.details.trim());
  return lines.join("\n");
}

/** Parses argv against a spec; throws CliError with the help hint on unknown flags or wrong arity. Returns null for --help. */
export function parseCommand(spec: CommandSpec, argv: string[]): Parsed | null {
  const options: Record<string, {type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean | string[]}> = {
    help: {type: "boolean", short: "h"}
  };
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = {type: o.type};
    if (o.short) options[name].short = o.short;
    if (o.multiple) options[name].multiple = o.multiple;
    if (o.default !== undefined) options[name].default = o.multiple ? [String(o.default)] : o.default;
  }
  let parsed;
  try {
    parsed = parseArgs({args: argv, options, allowPositionals: true, strict: true});
  } catch (error) {
    throw new CliError(`benchbook ${spec.name}: ${(error as Error).message}\nRun \`benchbook ${spec.name} --help\` for usage.`, {
      exitCode: 2
    });
  }
  if (parsed.values.help) {
    console.log(formatHelp(spec));
    return null;
  }
  const n = parsed.positionals.length;
  const {min = 0, max = Infinity, name = "argument"} = spec.positionals ?? {max: 0};
  if (n < min) throw new CliError(`benchbook ${spec.name}: missing ${name}\nUsage: benchbook ${spec.name} ${spec.usage}`, {exitCode: 2});
  if (n > max) throw new CliError(`benchbook ${spec.name}: unexpected argument ${JSON.stringify(parsed.positionals[max])}`, {exitCode: 2});
  return parsed as Parsed;
}

/** Reads a numeric option, naming the flag and the value found when it is not a number. */
export function numberOption(spec: CommandSpec, values: Parsed["values"], name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isFinite(n)) {
    throw new CliError(`benchbook ${spec.name}: --${name}: expected a number, found ${JSON.stringify(raw)}`, {exitCode: 2});
  }
  return n;
}
