// The vocabulary of lint findings, defined once: codes, severities and how they print. `benchbook lint`,
// `benchbook run` (which refuses a plan with errors) and the tests all use these names.

export const SEVERITIES = ["error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a finding is about; each seed/corpus failure pattern has its own code. */
export const FINDING_CODES = [
  "unparsable",
  "chaining",
  "shell-syntax",
  "env-prefix",
  "no-benchmark",
  "unknown-tool",
  "script-path",
  "placeholder",
  "brackets",
  "unknown-flag",
  "renamed-flag",
  "server-flag",
  "runner-flag",
  "bad-choice",
  "missing-value",
  "stray-argument",
  "missing-model",
  "local-model-path",
  "underscore-flag",
  "abbreviated-flag",
  "recent-flag",
  "context-length",
  "engine-config",
  "gpu-count",
  "missing-file",
  "bad-option"
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type Finding = {
  severity: Severity;
  code: FindingCode;
  message: string;
  /** The offending token, when there is one. */
  token?: string;
  /** Where in a plan (`task 015069b0: args`); absent for a single command. */
  where?: string;
};

export function finding(severity: Severity, code: FindingCode, message: string, extra: {token?: string; where?: string} = {}): Finding {
  return {severity, code, message, ...extra};
}

/** One line per finding: `error   placeholder  task x: args: …`. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.severity.padEnd(7)} ${f.code.padEnd(17)} ${f.where ? `${f.where}: ` : ""}${f.message}`).join("\n");
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = {error: 0, warning: 0, info: 0};
  for (const f of findings) out[f.severity]++;
  return out;
}
