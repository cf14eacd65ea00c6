// systemErrorCode tells a failed file-system call (the user's or the machine's doing, reported) from a bug.
import {readdirSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {systemErrorCode} from "../runners/errors.ts";

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
};

describe("systemErrorCode(error)", () => {
  it("gives the code of a failed system call", () => {
    expect(systemErrorCode(thrown(() => readdirSync("/no/such/folder")))).toBe("ENOENT");
    expect(systemErrorCode(thrown(() => readdirSync(import.meta.filename)))).toBe("ENOTDIR");
  });

  it("is null for Node's own argument errors and for errors without a code", () => {
    expect(systemErrorCode(thrown(() => readdirSync(42 as never)))).toBeNull();
    expect(systemErrorCode(new Error("x"))).toBeNull();
    expect(systemErrorCode(null)).toBeNull();
  });
});
