// Two error classes, as Framework and asv have them: a CliError is the user's to fix and prints one line;
// an InputError points at the input (file:line or field path, what was expected, what was found).

/** An error the user can act on; the CLI prints its message without a stack and exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, {exitCode = 1}: {exitCode?: number} = {}) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A problem in an input file: `where` is `path`, `path:line` or `path: field.path`. */
export class InputError extends Error {
  readonly where: string;
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = "InputError";
    this.where = where;
  }
}

/**
 * The system's error code (`ENOENT`, `EACCES`, `ENOTDIR`…) when `error` is a failed file-system call, which is the
 * input's or the machine's doing and is reported to the user; null for anything else, Node's own `ERR_…` codes (a
 * wrong argument: a bug) included.
 */
export function systemErrorCode(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && code.startsWith("E") && !code.startsWith("ERR_") ? code : null;
}

/** Formats zod issues as `path: a.b[2]: expected number, found "n/a"` lines. */
export function formatZodIssues(
  path: string,
  issues: ReadonlyArray<{path: ReadonlyArray<PropertyKey>; message: string; input?: unknown}>
): string {
  return zodIssueTexts(issues)
    .map((text) => `${path}: ${text}`)
    .join("\n");
}

/** Each zod issue as `a.b[2]: expected number, found "n/a"`, for a caller that says where on its own. */
export function zodIssueTexts(issues: ReadonlyArray<{path: ReadonlyArray<PropertyKey>; message: string; input?: unknown}>): string[] {
  return issues.map((issue) => {
    const field = issue.path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), "");
    const found = "input" in issue && issue.input !== undefined ? `, found ${JSON.stringify(issue.input)?.slice(0, 80)}` : "";
    return `${field || "(root)"}: ${issue.message}${found}`;
  });
}

export function isEnoent(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}
