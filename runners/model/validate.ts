// zod at the file boundary: one helper so every format reports a failed check the same way (file, field path,
// what was expected, what was found), as an InputError that ingest turns into a quarantine reason.
import {z} from "zod";
import {InputError, zodIssueTexts} from "../errors.ts";

// zod compiles a parser for each object schema with new Function the first time it is used, which V8 then compiles
// again when it gets hot: ingest validates each file once, so that cost more than it saved (ingest of 100x the
// corpus took about 7% less time without it, 6 runs of 7), and no code is made from strings.
z.config({jitless: true});

/** Validates `value` against `schema`; throws InputError naming `file`, the field, expected and found. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => ({...issue, input: fieldValue(value, issue.path)}));
  const more = result.error.issues.length > 5 ? `\n(${result.error.issues.length - 5} more)` : "";
  throw new InputError(file, zodIssueTexts(issues).join("; ") + more);
}

function fieldValue(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** A plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
