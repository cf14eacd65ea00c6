// One command line (a corpus `perf_command`): split by the shared tokenizer (no shell), refused where it needs a
// shell (chaining, expansion, redirection), its environment prefixes parsed, the benchmark tool identified, and its
// arguments and model checked against that tool's flag set.
import {isAbsolute} from "node:path";
import {tokenize, TokenizeError, type Tokenized} from "../commands/tokenize.ts";
import {isPlaceholder, lintArgs} from "./args.ts";
import {finding, type Finding} from "./findings.ts";
import {FLAG_SETS} from "./flags/index.ts";
import type {FlagSet} from "./flags/types.ts";
import {engineConfigFindings} from "./engine-config.ts";
import {modelFindings} from "./model.ts";

export type CommandLint = {
  command: string;
  /** Tool id (`vllm-benchmark-serving` …) whose flags were checked, or null. */
  tool: string | null;
  label: string | null;
  /** Where the flags were read from. */
  source: string | null;
  /** Environment prefixes, parsed (never given to a shell). */
  env: Record<string, string>;
  /** The benchmark's arguments after the program/script. */
  args: string[];
  model: string | null;
  findings: Finding[];
};

export type ToolMatch = {set: FlagSet | null; args: string[]; program: string | null; findings: Finding[]};

const BENCH_SUBCOMMANDS = ["serve", "throughput", "latency"];

/** The tool a command runs and the arguments after it. */
export function identifyTool(argv: readonly string[]): ToolMatch {
  const findings: Finding[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    // `vllm bench serve` and its module form `python -m vllm.entrypoints.cli.main bench serve`
    if ((/(^|\/)vllm$/.test(a) || a === "vllm.entrypoints.cli.main") && argv[k + 1] === "bench" && BENCH_SUBCOMMANDS.includes(argv[k + 2])) {
      return {set: FLAG_SETS[`vllm-bench-${argv[k + 2]}`], args: argv.slice(k + 3), program: `vllm bench ${argv[k + 2]}`, findings};
    }
    const legacy = a.match(/(?:^|\/)benchmark_(serving|throughput|latency)\.py$/);
    if (legacy) {
      const script = `benchmarks/benchmark_${legacy[1]}.py`;
      if (isAbsolute(a)) {
        findings.push(finding("warning", "script-path", `${a}: an absolute path from another machine; run the version tree's ${script}`, {token: a}));
      } else if (!/(^|\/)benchmarks\/benchmark_/.test(a)) {
        findings.push(finding("warning", "script-path", `${a}: vLLM keeps this script in benchmarks/; this path will not exist in a vLLM tree`, {token: a}));
      }
      return {set: FLAG_SETS[`vllm-benchmark-${legacy[1]}`], args: argv.slice(k + 1), program: a, findings};
    }
    if (a === "sglang.bench_serving" || /(^|\/)sglang\/bench_serving\.py$/.test(a)) {
      return {set: FLAG_SETS["sglang-bench-serving"], args: argv.slice(k + 1), program: "sglang.bench_serving", findings};
    }
    if (/(^|\/)llama-bench$/.test(a)) return {set: FLAG_SETS["llama-bench"], args: argv.slice(k + 1), program: a, findings};
    if (/\.py$/.test(a)) {
      const message = `${a}: BenchBook has no flag set for this script; only placeholders and brackets were checked`;
      findings.push(finding("warning", "unknown-tool", message, {token: a}));
      return {set: null, args: argv.slice(k + 1), program: a, findings};
    }
  }
  return {set: null, args: [...argv], program: null, findings};
}

/** Chaining and shell syntax the tokenizer saw; nothing here is ever given to a shell. */
export function shellFindings(t: Tokenized, where?: string): Finding[] {
  const out: Finding[] = [];
  const add = (f: Finding) => out.push(where ? {...f, where} : f);
  if (t.separators.length) {
    const ops = [...new Set(t.separators.map((s) => (s === "\n" ? "newline" : s)))].join(", ");
    add(finding("error", "chaining", `command chaining (${ops}): BenchBook runs one program with an argv, never a shell; split it into plan steps`));
  }
  for (const u of t.unexpanded) {
    add(finding("error", "shell-syntax", `${JSON.stringify(u)}: needs a shell to expand or redirect; nothing is expanded here`, {token: u}));
  }
  return out;
}

/** Lints one command line. */
export function lintCommand(command: string): CommandLint {
  const base: CommandLint = {command, tool: null, label: null, source: null, env: {}, args: [], model: null, findings: []};
  let t: Tokenized;
  try {
    t = tokenize(command);
  } catch (error) {
    if (!(error instanceof TokenizeError)) throw error;
    return {...base, findings: [finding("error", "unparsable", `cannot split the command line: ${error.message}`)]};
  }
  const findings = shellFindings(t);
  if (!t.commands.length) return {...base, findings: [...findings, finding("error", "no-benchmark", "empty command")]};
  // With chaining (`cd x && python benchmarks/…`), the benchmark is the first command that names a known tool.
  const cmd = t.commands.find((c) => identifyTool(c.argv).program) ?? t.commands[0];
  const {findings: toolFindings, set, args, program} = identifyTool(cmd.argv);
  const env = cmd.env;
  if (Object.keys(env).length) {
    const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ");
    const message = `environment prefix ${vars}: parsed into the process environment (no shell); in a plan it belongs in versions.<name>.env`;
    findings.push(finding("warning", "env-prefix", message));
  }
  if (!program) {
    const message = "no benchmark program found (vllm bench …, benchmarks/benchmark_*.py, sglang.bench_serving, llama-bench)";
    findings.push(finding("error", "no-benchmark", message));
  }
  findings.push(...toolFindings);
  const argsLint = lintArgs(set, args);
  findings.push(...argsLint.findings);
  const modelValue = argsLint.flags.get(set?.tool === "llama-bench" ? "-m" : "--model") ?? argsLint.flags.get("--model");
  const given = typeof modelValue === "string";
  const model = given && !isPlaceholder(modelValue) ? modelValue : null;
  // A placeholder model is reported as a placeholder, not again as missing.
  findings.push(...modelFindings(set, argsLint.flags, model, {modelFromTask: given && isPlaceholder(modelValue)}));
  findings.push(...engineConfigFindings(argsLint.flags));
  return {command, tool: set?.tool ?? null, label: set?.label ?? program, source: set?.source ?? null, env, args, model, findings};
}
