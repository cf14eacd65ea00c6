import {describe, expect, it} from "vitest";
import {z} from "zod";
import {firstJsonLine, readJsonLines} from "../../runners/formats/json-lines.ts";

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

  it("reads a first record that holds Python's bare Infinity", () => {
    expect(firstJsonLine('{"request_rate": Infinity}\n{"request_rate": 2}\n', undefined)).toEqual({
      line: '{"request_rate": Infinity}',
      ok: true,
      value: {request_rate: "Infinity"}
    });
  });
});

describe("readJsonLines(text, schema)", () => {
  const Run = z.object({rate: z.union([z.number(), z.literal("Infinity")]), ttft: z.number()});

  it("reads each line on its own: blank lines and CRLF ends are no records, bare NaN/Infinity are read and reported", () => {
    const r = readJsonLines('{"rate": 2, "ttft": 10}\r\n\n  \n{"rate": Infinity, "ttft": 12}\n', Run);
    expect(r).toEqual({
      records: [
        {line: 1, value: {rate: 2, ttft: 10}, text: '{"rate": 2, "ttft": 10}'},
        {line: 4, value: {rate: "Infinity", ttft: 12}, text: '{"rate": Infinity, "ttft": 12}'}
      ],
      skipped: [],
      pythonNonFinite: true
    });
  });

  it("skips a line that is not JSON or fails the schema, with its number, its text and why, and keeps the others", () => {
    const r = readJsonLines('{"rate": 2, "ttft": "n/a"}\n{"rate": 4, "ttft": 11}\n{"rate": 8, "tt', Run);
    expect(r.records).toEqual([{line: 2, value: {rate: 4, ttft: 11}, text: '{"rate": 4, "ttft": 11}'}]);
    expect(r.skipped).toEqual([
      {line: 1, text: '{"rate": 2, "ttft": "n/a"}', reason: 'ttft: Invalid input: expected number, received string, found "n/a"'},
      {line: 3, text: '{"rate": 8, "tt', reason: "not valid JSON: unterminated string (the file is truncated) at column 16"}
    ]);
    expect(r.pythonNonFinite).toBe(false);
  });
});
