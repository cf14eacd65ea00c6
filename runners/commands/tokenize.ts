// A shell-like tokenizer for benchmark command lines (`perf_command`): quotes, escapes, line continuations,
// `VAR=x` environment prefixes and command separators, without ever running a shell. Ingest reads the declared
// configuration with it and `benchbook lint` checks commands with it.

/** One simple command: its environment prefixes and its words. */
export type ShellCommand = {env: Record<string, string>; argv: string[]};

/** Operators that separate simple commands. */
export const SEPARATORS = ["&&", "||", ";", "|", "\n"] as const;
export type Separator = (typeof SEPARATORS)[number];

export type Tokenized = {
  commands: ShellCommand[];
  /** Separator after each command but the last. */
  separators: Separator[];
  /** Words holding shell features the tokenizer does not interpret (`$VAR`, `$(…)`, backticks, redirections, globs). */
  unexpanded: string[];
};

/** A command line that cannot be tokenized: `position` is the 0-based character offset of the problem. */
export class TokenizeError extends Error {
  constructor(
    message: string,
    readonly position: number
  ) {
    super(`${message} at character ${position + 1}`);
    this.name = "TokenizeError";
  }
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Splits a command line into commands of words, as a POSIX shell would before expansion. */
export function tokenize(line: string): Tokenized {
  const commands: ShellCommand[] = [];
  const separators: Separator[] = [];
  const unexpanded: string[] = [];
  let words: {text: string; quoted: boolean}[] = [];
  let word = "";
  let inWord = false;
  let quoted = false;
  let special = false;

  const endWord = () => {
    if (inWord) words.push({text: word, quoted});
    if (inWord && special) unexpanded.push(word);
    word = "";
    inWord = false;
    quoted = false;
    special = false;
  };
  const endCommand = (sep: Separator | null) => {
    endWord();
    if (words.length) {
      const env: Record<string, string> = {};
      let k = 0;
      // Leading unquoted NAME=value words are environment assignments, as in `CUDA_VISIBLE_DEVICES=0 python …`.
      while (k < words.length && ENV_ASSIGNMENT.test(words[k].text) && !words[k].text.startsWith("=")) {
        const eq = words[k].text.indexOf("=");
        env[words[k].text.slice(0, eq)] = words[k].text.slice(eq + 1);
        k++;
      }
      commands.push({env, argv: words.slice(k).map((w) => w.text)});
      if (sep) separators.push(sep);
    } else if (sep && sep !== "\n") {
      if (commands.length === 0 || separators.length === commands.length) {
        throw new TokenizeError(`unexpected ${JSON.stringify(sep)} with no command before it`, i);
      }
    }
    words = [];
  };

  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === "\\") {
      if (line[i + 1] === "\n") {
        i += 2; // line continuation
        continue;
      }
      if (i + 1 >= n) throw new TokenizeError("trailing backslash", i);
      word += line[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new TokenizeError("unterminated single quote", i);
      word += line.slice(i + 1, close);
      inWord = quoted = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && line[j] !== '"') {
        if (line[j] === "\\" && j + 1 < n && '"\\$`\n'.includes(line[j + 1])) {
          if (line[j + 1] !== "\n") word += line[j + 1];
          j += 2;
          continue;
        }
        if (line[j] === "$" || line[j] === "`") special = true;
        word += line[j++];
      }
      if (j >= n) throw new TokenizeError("unterminated double quote", i);
      inWord = quoted = true;
      i = j + 1;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      endWord();
      i++;
      continue;
    }
    if (c === "#" && !inWord) {
      const nl = line.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      continue;
    }
    const two = line.slice(i, i + 2);
    if (two === "&&" || two === "||") {
      endCommand(two);
      i += 2;
      continue;
    }
    if (c === ";" || c === "|" || c === "\n") {
      endCommand(c);
      i++;
      continue;
    }
    if (c === "$" || c === "`" || c === ">" || c === "<" || c === "*" || c === "?") special = true;
    word += c;
    inWord = true;
    i++;
  }
  endCommand(null);
  return {commands, separators, unexpanded};
}

/** Splits argv into `--flag value` / `--flag=value` options and positionals; flags with no value map to true. */
export function parseFlags(argv: string[]): {flags: Map<string, string | true>; positionals: string[]} {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      if (eq > 0) flags.set(normalizeFlag(a.slice(2, eq)), a.slice(eq + 1));
      else if (k + 1 < argv.length && !argv[k + 1].startsWith("--")) flags.set(normalizeFlag(a.slice(2)), argv[++k]);
      else flags.set(normalizeFlag(a.slice(2)), true);
    } else positionals.push(a);
  }
  return {flags, positionals};
}

/** `--random_input_len` and `--random-input-len` are the same flag to argparse. */
export function normalizeFlag(name: string): string {
  return name.replaceAll("_", "-");
}
