// A benchmark's arguments read as its own argparse would read them, against one flag set (flags/): each flag's
// spelling (exact, vLLM's underscore form, argparse's unique prefix), arity and choices, and the values a template
// left unfilled. Flags a script never had are told apart from renamed ones and from server flags given to a client.
import {finding, type Finding} from "./findings.ts";
import type {FlagSet, FlagSpec} from "./flags/types.ts";
import {RECENT_SERVE_FLAGS} from "./flags/vllm-bench-serve.ts";
import {RECENT_ENGINE_FLAGS, VLLM_ENGINE_FLAGS} from "./flags/vllm-engine-args.ts";

/** Serving clients: engine flags given to them belong to the server. */
const SERVING_CLIENTS = new Set(["vllm-benchmark-serving", "vllm-bench-serve", "sglang-bench-serving"]);
/** Values a switch with nargs="?" (vLLM's StoreBoolean) may take. */
const BOOLEAN_WORDS = /^(true|false)$/i;
/** An ALL-CAPS word standing where a value belongs (MODEL, BS, INPUT_LEN): a template never filled in. */
const CAPS_PLACEHOLDER = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;
/** `<model>`, `{model}`, `${MODEL}`, `$MODEL`. */
const BRACKET_PLACEHOLDER = /^(<[^>]*>|\{[^}]*\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)$/;
/** `[--flag]` or `[-x]`: optional syntax copied from a usage line. */
export const OPTIONAL_SYNTAX = /^\[-{1,2}[A-Za-z]/;

export type ArgsLint = {findings: Finding[]; flags: Map<string, string | true>; positionals: string[]};

/** Is `value` a placeholder rather than a value? (A declared choice never is.) */
export function isPlaceholder(value: string, spec?: FlagSpec): boolean {
  if (spec?.choices?.includes(value)) return false;
  return BRACKET_PLACEHOLDER.test(value) || CAPS_PLACEHOLDER.test(value);
}

/** Closest flag name by edit distance (for "did you mean"), if close enough to help. */
export function closestFlag(name: string, set: FlagSet): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const candidate of Object.keys(set.flags)) {
    const d = editDistance(name, candidate);
    if (d < bestD) [best, bestD] = [candidate, d];
  }
  return best && bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

type Resolved = {canonical: string; spec: FlagSpec; via: "exact" | "underscore" | "abbreviation"};

/** Resolves a flag spelling against a set: exact, underscores, then a unique abbreviation. */
function resolveFlag(name: string, set: FlagSet): Resolved | null {
  if (set.flags[name]) return {canonical: name, spec: set.flags[name], via: "exact"};
  if (set.underscoresAsDashes && name.startsWith("--") && name.includes("_")) {
    const dashed = `--${name.slice(2).replaceAll("_", "-")}`;
    if (set.flags[dashed]) return {canonical: dashed, spec: set.flags[dashed], via: "underscore"};
  }
  if (set.allowsAbbreviations && name.startsWith("--")) {
    const hits = Object.keys(set.flags).filter((f) => f.startsWith("--") && f.startsWith(name));
    if (hits.length === 1) return {canonical: hits[0], spec: set.flags[hits[0]], via: "abbreviation"};
  }
  return null;
}

const looksLikeFlag = (t: string) => t.startsWith("-") && t.length > 1 && !/^-\d/.test(t);

/** Why a flag the set does not know is wrong: renamed, a server flag, only in later releases, or unknown. */
function unknownFlag(set: FlagSet, name: string, value: string | undefined): Finding[] {
  const renamed = set.renamed?.[name] ?? set.renamed?.[`--${name.slice(2).replaceAll("_", "-")}`];
  if (renamed) {
    const fix = renamed.use ? `use ${renamed.use} (${renamed.note})` : renamed.note;
    return [finding("error", "renamed-flag", `${name}: not accepted by ${set.label}; ${fix}`, {token: name})];
  }
  if (SERVING_CLIENTS.has(set.tool) && (VLLM_ENGINE_FLAGS[name] || RECENT_ENGINE_FLAGS[name])) {
    const out = [
      finding(
        "error",
        "server-flag",
        `${name}: an engine (server) argument; ${set.label} is only a client and does not accept it — ` +
          "give it to the server (a plan task's server_args)",
        {token: name}
      )
    ];
    const choices = VLLM_ENGINE_FLAGS[name]?.choices;
    if (choices && value !== undefined && !choices.includes(value)) {
      const message = `${name} ${value}: not one of ${choices.join(", ")} (vLLM engine arguments), so the server would refuse it too`;
      out.push(finding("error", "bad-choice", message, {token: value}));
    }
    return out;
  }
  if (set.flags[RECENT_ENGINE_FLAGS[name] ?? ""]) {
    const message = `${name}: only later vLLM releases accept it (negative form of ${RECENT_ENGINE_FLAGS[name]}); v0.6 releases reject it`;
    return [finding("warning", "recent-flag", message, {token: name})];
  }
  const near = closestFlag(name, set);
  const message = `${name}: not accepted by ${set.label}${near ? ` (did you mean ${near}?)` : ""}; flags read from ${set.source}`;
  return [finding("error", "unknown-flag", message, {token: name})];
}

/** Warnings about how a known flag was spelled or whether every release has it. */
function spellingFindings(set: FlagSet, name: string, {canonical, via}: Resolved, ownedFlags: readonly string[]): Finding[] {
  const out: Finding[] = [];
  if (via === "underscore") {
    out.push(finding("warning", "underscore-flag", `${name}: read as ${canonical} by vLLM's FlexibleArgumentParser only; write ${canonical}`, {token: name}));
  }
  if (via === "abbreviation") {
    const message = `${name}: argparse takes it as ${canonical} (unique prefix); a new flag with the same prefix would break it — write ${canonical}`;
    out.push(finding("warning", "abbreviated-flag", message, {token: name}));
  }
  if (set.tool === "vllm-bench-serve" && RECENT_SERVE_FLAGS[canonical]) {
    const message = `${canonical}: only recent vllm bench serve releases accept it; older ones need ${RECENT_SERVE_FLAGS[canonical]}`;
    out.push(finding("warning", "recent-flag", message, {token: name}));
  }
  if (ownedFlags.includes(canonical)) {
    const message = `${canonical}: set by the runner (task model, host, port, result file); remove it from args`;
    out.push(finding("error", "runner-flag", message, {token: name}));
  }
  return out;
}

/** Checks a benchmark's arguments against a flag set (or only the generic rules when the tool is unknown). */
export function lintArgs(
  set: FlagSet | null,
  args: readonly string[],
  {where, ownedFlags = []}: {where?: string; ownedFlags?: readonly string[]} = {}
): ArgsLint {
  const findings: Finding[] = [];
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const add = (...fs: Finding[]) => findings.push(...fs.map((f) => (where ? {...f, where} : f)));
  const checkValue = (flag: string, value: string, spec?: FlagSpec) => {
    if (isPlaceholder(value, spec)) {
      add(finding("error", "placeholder", `${flag} ${value}: unfilled placeholder; put the real value in`, {token: value}));
    } else if (spec?.choices && !spec.choices.includes(value)) {
      add(finding("error", "bad-choice", `${flag} ${value}: not one of ${spec.choices.join(", ")} (${set!.label})`, {token: value}));
    }
  };
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (OPTIONAL_SYNTAX.test(token)) {
      const bare = token.replace(/^\[|\]$/g, "");
      add(finding("error", "brackets", `${token}: optional-syntax brackets left in; write ${bare} to pass the flag, or leave it out`, {token}));
      continue;
    }
    if (!looksLikeFlag(token)) {
      if (isPlaceholder(token)) add(finding("error", "placeholder", `${token}: unfilled placeholder`, {token}));
      else if (set) add(finding("error", "stray-argument", `${token}: ${set.label} takes no positional arguments (a value without its flag?)`, {token}));
      positionals.push(token);
      continue;
    }
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const name = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const next = args[i + 1];
    const nextIsValue = next !== undefined && !looksLikeFlag(next) && !OPTIONAL_SYNTAX.test(next);
    const value = inline ?? (nextIsValue ? next : undefined);
    if (!set) {
      if (inline === undefined && nextIsValue) i++;
      if (value !== undefined) checkValue(name, value);
      flags.set(name, value ?? true);
      continue;
    }
    const resolved = resolveFlag(name, set);
    if (!resolved) {
      const found = unknownFlag(set, name, value);
      add(...found);
      // A recent engine flag is valid where it exists; otherwise skip its value so it is not a stray argument too.
      if (inline === undefined && nextIsValue && VLLM_ENGINE_FLAGS[name]?.kind !== "switch" && found[0].code !== "recent-flag") i++;
      continue;
    }
    add(...spellingFindings(set, name, resolved, ownedFlags));
    const {canonical, spec} = resolved;
    if (spec.kind === "value") {
      if (value === undefined) {
        add(finding("error", "missing-value", `${canonical}: expects a value`, {token: name}));
        flags.set(canonical, true);
        continue;
      }
      if (inline === undefined) i++;
      checkValue(canonical, value, spec);
      flags.set(canonical, value);
    } else if (spec.kind === "list") {
      const values: string[] = inline !== undefined ? [inline] : [];
      while (inline === undefined && i + 1 < args.length && !args[i + 1].startsWith("-")) values.push(args[++i]);
      for (const v of values) checkValue(canonical, v, spec);
      flags.set(canonical, values.join(" ") || true);
    } else {
      if (inline === undefined && nextIsValue && BOOLEAN_WORDS.test(next)) i++;
      flags.set(canonical, true);
    }
  }
  return {findings, flags, positionals};
}
