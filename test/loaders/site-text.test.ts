import {describe, expect, it} from "vitest";
import {excerpt, LOG_EXCERPT_MAX} from "../../loaders/site-text.ts";

describe("excerpt(text, max)", () => {
  it("leaves short text alone and null as null", () => {
    expect(excerpt("Server crashed")).toBe("Server crashed");
    expect(excerpt(null)).toBeNull();
  });

  it("keeps a quarter of the budget from the head and the rest from the tail, saying how much was cut", () => {
    const text = "a".repeat(100) + "b".repeat(100);
    expect(excerpt(text, 40)).toBe(`${"a".repeat(10)}\n… [160 characters cut by BenchBook] …\n${"b".repeat(30)}`);
  });

  it("bounds a multi-megabyte log", () => {
    const out = excerpt("x".repeat(5_000_000))!;
    expect(out.length).toBeLessThan(LOG_EXCERPT_MAX + 100);
  });
});
