import {describe, expect, it} from "vitest";
import {firstJsonLine} from "../../runners/formats/json-lines.ts";

describe("firstJsonLine(text, json)", () => {
  it("parses the first record of a JSON Lines text", () => {
    expect(firstJsonLine('\n  {"backend": "sglang"}\n{"backend": "x"}\n', undefined)).toEqual({line: '{"backend": "sglang"}', ok: true, value: {backend: "sglang"}});
  });

  it("takes a one-record file's whole-text value, and refuses the first line of pretty-printed JSON", () => {
    expect(firstJsonLine('{"a": 1}\n\n', {a: 1})).toEqual({line: '{"a": 1}', ok: true, value: {a: 1}});
    expect(firstJsonLine('{\n  "a": 1\n}\n', {a: 1})).toEqual({line: "{", ok: false});
  });

  it("reports a log line, a truncated record and an empty text as not JSON, without throwing", () => {
    expect(firstJsonLine("INFO 01-01 starting vLLM\n", undefined)).toEqual({line: "INFO 01-01 starting vLLM", ok: false});
    expect(firstJsonLine('{"backend": "sgl', undefined)).toEqual({line: '{"backend": "sgl', ok: false});
    expect(firstJsonLine(" \n\t", undefined)).toEqual({line: "", ok: false});
  });
});
