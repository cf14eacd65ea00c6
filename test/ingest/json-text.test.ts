import {describe, expect, it} from "vitest";
import {parseJsonText} from "../../runners/ingest/json-text.ts";

describe("parseJsonText(text)", () => {
  it("parses valid JSON as JSON.parse does", () => {
    expect(parseJsonText('{"a": [1, 2.5e3, true, null, "x"]}')).toEqual({ok: true, json: {a: [1, 2500, true, null, "x"]}, pythonNonFinite: false});
  });

  it("locates the error in results/docker/bfdb1ba5_result.json", () => {
    const text =
      '{"commit_hash": "bfdb1ba5c3fb14387c69acb1f5067102d8028e56", "status": "success", "benchmark_type": "throughput", "model": "facebook/opt-125m", "throughput_tok_s": , "timestamp": "2026-01-06 01:16:43"}';
    const r = parseJsonText(text);
    expect(r).toMatchObject({ok: false, line: 1, column: 164, message: 'not valid JSON: expected a value, found ", \\"timestamp" at line 1, column 164'});
    expect(text[163]).toBe(",");
  });

  it("says a file is truncated and where, across lines", () => {
    expect(parseJsonText('{\n  "a": 1,\n  "b": [1, 2')).toMatchObject({ok: false, line: 3, column: 13, message: expect.stringContaining("truncated")});
    expect(parseJsonText('{"a": "unterminated')).toMatchObject({ok: false, message: expect.stringContaining("unterminated string")});
  });

  it("reads Python's bare NaN/Infinity as strings and says so", () => {
    expect(parseJsonText('{"a": NaN, "b": -Infinity, "c": "NaN inside a string", "d": [Infinity]}')).toEqual({
      ok: true,
      json: {a: "NaN", b: "-Infinity", c: "NaN inside a string", d: ["Infinity"]},
      pythonNonFinite: true
    });
  });

  it("rejects trailing garbage", () => {
    expect(parseJsonText('{"a": 1} x')).toMatchObject({ok: false, message: expect.stringContaining('unexpected "x" after the JSON value')});
  });
});
