// Function-calling scoring: is the response one JSON call of a declared function, with arguments valid against
// that function's JSON-Schema `parameters`? Seed 004 reported 0% and 100% "JSON validity" without saying against
// what; here every failure names the field. Covers the JSON-Schema subset tool declarations use (type,
// properties, required, enum, items, additionalProperties); other keywords are reported, never silently passed.

export type FunctionDecl = {name: string; parameters?: JsonSchema};
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  [keyword: string]: unknown;
};

const KNOWN = new Set([
  "type",
  "properties",
  "required",
  "enum",
  "items",
  "additionalProperties",
  "description",
  "title",
  "default",
  "examples"
]);

/** The JSON object in a response: the whole text, a ```json fence, or the first {...} span that parses. */
export function extractJson(response: string): {value: unknown; found: boolean; why: string} {
  const attempts: Array<[string, string]> = [[response.trim(), "whole response"]];
  for (const m of response.matchAll(/```(?:json)?\s*\n?([\s\S]*?)```/g)) attempts.push([m[1].trim(), "```json block"]);
  const first = response.indexOf("{");
  const last = response.lastIndexOf("}");
  if (first >= 0 && last > first) attempts.push([response.slice(first, last + 1), "first {…} span"]);
  for (const [text, where] of attempts) {
    try {
      return {value: JSON.parse(text), found: true, why: where};
    } catch {
      // next
    }
  }
  return {value: undefined, found: false, why: "no parseable JSON in the response"};
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Validation problems of `value` against `schema`, each naming the JSON path; empty when valid. */
export function validateJson(value: unknown, schema: JsonSchema, path = "$"): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(schema)) {
    if (!KNOWN.has(k)) problems.push(`${path}: schema keyword "${k}" is not supported by BenchBook's checker`);
  }
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    const ok = allowed.includes(t) || (t === "integer" && allowed.includes("number"));
    if (!ok) return [...problems, `${path}: expected ${allowed.join(" or ")}, found ${t}`];
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    problems.push(`${path}: expected one of ${JSON.stringify(schema.enum)}, found ${JSON.stringify(value)}`);
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) problems.push(`${path}.${r}: required, missing`);
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k];
      if (sub) problems.push(...validateJson(v, sub, `${path}.${k}`));
      else if (schema.additionalProperties === false) problems.push(`${path}.${k}: not a declared parameter`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        problems.push(...validateJson(v, schema.additionalProperties, `${path}.${k}`));
      }
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => problems.push(...validateJson(v, schema.items!, `${path}[${i}]`)));
  }
  return problems;
}

export type CallScore = {extracted: string | null; correct: boolean; why: string};

/**
 * Scores a function call: `{"name": …, "arguments": {…}}` (OpenAI style; `parameters` accepted for `arguments`,
 * and arguments given as a JSON string are parsed) naming one of `functions`, arguments valid for its schema.
 */
export function scoreFunctionCall(response: string, functions: FunctionDecl[]): CallScore {
  const json = extractJson(response);
  if (!json.found) return {extracted: null, correct: false, why: json.why};
  let call = json.value as Record<string, unknown>;
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  // OpenAI tool_calls wrap the call: {"type": "function", "function": {"name", "arguments"}}
  if (isObject(call) && isObject(call.function)) call = call.function;
  if (!isObject(call)) {
    return {extracted: JSON.stringify(json.value)?.slice(0, 200) ?? null, correct: false, why: "JSON is not an object call"};
  }
  const name = call.name;
  const extracted = typeof name === "string" ? name : null;
  if (typeof name !== "string") {
    return {extracted, correct: false, why: `$.name: expected the function's name, found ${JSON.stringify(name)}`};
  }
  const decl = functions.find((f) => f.name === name);
  if (!decl) {
    const declared = functions.map((f) => f.name).join(", ");
    return {extracted, correct: false, why: `$.name: "${name}" is not a declared function (${declared})`};
  }
  let args = call.arguments ?? call.parameters ?? {};
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      return {extracted, correct: false, why: "$.arguments: a string that is not JSON"};
    }
  }
  const problems = decl.parameters ? validateJson(args, decl.parameters, "$.arguments") : [];
  if (problems.length) return {extracted, correct: false, why: problems.slice(0, 3).join("; ")};
  return {extracted, correct: true, why: `valid call of ${name} (${json.why})`};
}
