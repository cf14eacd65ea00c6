import {describe, expect, it} from "vitest";
import {parseFlags, tokenize, TokenizeError} from "../../runners/commands/tokenize.ts";

describe("tokenize(line)", () => {
  it("splits words, quotes and escapes like a shell, without running one", () => {
    expect(tokenize(`python3 bench.py --model 'a b' --x "c \\"d\\"" e\\ f`).commands).toEqual([
      {env: {}, argv: ["python3", "bench.py", "--model", "a b", "--x", 'c "d"', "e f"]}
    ]);
  });

  it("separates VAR=x prefixes into env", () => {
    expect(tokenize("VLLM_USE_V1=1 CUDA_VISIBLE_DEVICES=0,1 vllm bench serve --model m").commands).toEqual([
      {env: {VLLM_USE_V1: "1", CUDA_VISIBLE_DEVICES: "0,1"}, argv: ["vllm", "bench", "serve", "--model", "m"]}
    ]);
    // an assignment after the command word is an argument
    expect(tokenize("env A=1").commands[0]).toEqual({env: {}, argv: ["env", "A=1"]});
  });

  it("splits commands on && || ; | and newlines, and joins line continuations", () => {
    const t = tokenize("cd /x && python a.py --n 1 \\\n  --m 2; echo done | tee log");
    expect(t.commands.map((c) => c.argv)).toEqual([["cd", "/x"], ["python", "a.py", "--n", "1", "--m", "2"], ["echo", "done"], ["tee", "log"]]);
    expect(t.separators).toEqual(["&&", ";", "|"]);
  });

  it("reports what it does not expand", () => {
    expect(tokenize("python a.py --model $MODEL > out.txt").unexpanded).toEqual(["$MODEL", ">"]);
  });

  it("fails with the position of an unterminated quote", () => {
    expect(() => tokenize("python a.py --model 'abc")).toThrow(TokenizeError);
    expect(() => tokenize("python a.py --model 'abc")).toThrow(/unterminated single quote at character 21/);
    expect(() => tokenize('a "b')).toThrow(/unterminated double quote/);
    expect(() => tokenize("&& a")).toThrow(/no command before it/);
  });
});

describe("parseFlags(argv)", () => {
  it("reads --flag value, --flag=value, switches and underscores", () => {
    const {flags, positionals} = parseFlags(["--model", "m", "--num_prompts=5", "--ignore-eos", "--seed", "-1", "pos"]);
    expect(Object.fromEntries(flags)).toEqual({model: "m", "num-prompts": "5", "ignore-eos": true, seed: "-1"});
    expect(positionals).toEqual(["pos"]);
  });
});
