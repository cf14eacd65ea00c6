import {describe, expect, it} from "vitest";
import {recentMemo} from "../runners/recent-memo.ts";

describe("recentMemo(fn, size)", () => {
  it("parses a repeated input once, shares one frozen result, and forgets inputs beyond the last `size`", () => {
    const calls: string[] = [];
    const parse = recentMemo((s: string) => {
      calls.push(s);
      return {length: s.length};
    }, 2);
    const a = parse("aaa");
    expect(parse("aaa")).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    parse("bb");
    parse("c"); // "aaa" is the oldest of three: forgotten
    expect(parse("aaa")).toEqual({length: 3});
    expect(calls).toEqual(["aaa", "bb", "c", "aaa"]);
  });

  it("remembers null results too", () => {
    let n = 0;
    const parse = recentMemo(() => {
      n++;
      return null;
    });
    parse("x");
    parse("x");
    expect(n).toBe(1);
  });
});
