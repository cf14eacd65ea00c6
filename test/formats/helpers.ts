// Shared by the format tests: a FileContext for an inline excerpt, and running detect + parse like ingest does.
import type {FileContext, Format, ParseResult} from "../../runners/formats/types.ts";

export function ctx(path: string, over: Partial<FileContext> = {}): FileContext {
  const parts = path.split("/");
  return {path, folder: parts.at(-2) ?? "", runSet: "claude_code", agent: "claude_code", sha256: "0".repeat(64), ...over};
}

/** Detects and parses `value` (an object, serialised as the tool would) with `format`. */
export function read(format: Format, path: string, value: unknown): ParseResult & {detected: boolean} {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const detected = format.detect({path, text, json}).match;
  return {detected, ...format.parse({text, json}, ctx(path))};
}

/** metric → value of the first measurement (or of the given id). */
export function values(result: ParseResult, id?: string): Record<string, number> {
  const mid = id ?? result.tables.measurements[0].measurement_id;
  return Object.fromEntries(result.tables.metrics.filter((m) => m.measurement_id === mid).map((m) => [m.metric, m.value as number]));
}
