// HumanEval/MBPP pass@1: the generated code is run against the task's own tests in the sandbox. Seed 004 scored
// 0% because HumanEval's `check(candidate)` tests were run as input/output pairs; here the program is assembled
// the way each benchmark's harness does it, and the reason for every failure is kept.
import {runInSandbox, type SandboxLimits, type SandboxOutcome} from "./sandbox.ts";

export type CodeTask = {
  dataset: "humaneval" | "mbpp" | string;
  /** HumanEval: the function signature + docstring the model continued. */
  prompt?: string;
  /** HumanEval: a `def check(candidate)` block; MBPP: assert lines (array or text). */
  tests: string | string[];
  /** HumanEval: the function `check` is called with. */
  entry_point?: string;
  /** MBPP: `test_setup_code`. */
  setup?: string;
};

/** The code in a response: fenced ```python blocks (joined), else the text itself. */
export function extractCode(response: string): {code: string; rule: string} {
  const blocks = [...response.matchAll(/```[ \t]*(?:python3?|py)?[ \t]*\r?\n([\s\S]*?)```/gi)].map((m) => m[1]);
  if (blocks.length) return {code: blocks.join("\n\n"), rule: `${blocks.length} fenced block${blocks.length > 1 ? "s" : ""}`};
  return {code: response, rule: "whole response"};
}

/** The program a benchmark's harness would run: code, then tests, then (HumanEval) `check(entry_point)`. */
export function buildProgram(response: string, task: CodeTask): {program: string; rule: string} {
  const {code, rule} = extractCode(response);
  const tests = Array.isArray(task.tests) ? task.tests.join("\n") : task.tests;
  const entry = task.entry_point;
  // A completion that does not define the function continues the prompt (HumanEval's own format).
  const definesEntry = entry ? new RegExp(String.raw`^\s*(?:async\s+)?def\s+${escapeRe(entry)}\s*\(`, "m").test(code) : true;
  const body = !definesEntry && task.prompt ? `${task.prompt}${code}` : code;
  const parts = [task.setup ?? "", body, "", tests];
  if (entry && /\bdef\s+check\s*\(/.test(tests)) parts.push("", `check(${entry})`);
  return {program: parts.join("\n") + "\n", rule: `${rule}${!definesEntry && task.prompt ? " appended to the prompt" : ""}`};
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export type CodeScore = {extracted: string | null; correct: boolean | null; why: string; outcome: SandboxOutcome; durationMs: number};

/** Runs one sample's code against its tests in a fresh sandbox. */
export async function scoreCode(response: string, task: CodeTask, limits?: Partial<SandboxLimits>): Promise<CodeScore> {
  const {code} = extractCode(response);
  if (!code.trim()) return {extracted: null, correct: false, why: "no code in the response", outcome: "failed", durationMs: 0};
  const {program, rule} = buildProgram(response, task);
  const r = await runInSandbox(program, limits);
  const correct = r.outcome === "sandbox_error" ? null : r.outcome === "passed";
  return {extracted: code.slice(0, 2000), correct, why: `${rule}: ${r.why}`, outcome: r.outcome, durationMs: r.durationMs};
}
