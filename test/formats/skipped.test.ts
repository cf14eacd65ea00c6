import {describe, expect, it} from "vitest";
import {describeSkipped, SKIPPED_ROWS_NOTED, skippedRows, type Skipped} from "../../runners/formats/skipped.ts";

const ctx = {path: "runs/online.jsonl", runSet: "sglang"};
const skipped = (n: number): Skipped[] => Array.from({length: n}, (_, k) => ({line: 2 * k + 1, text: `bad ${k}`, reason: `why ${k}`}));

describe("skippedRows(ctx, skipped)", () => {
  it("gives one data_quality row per skipped line: where, what was there, why", () => {
    expect(skippedRows(ctx, [{line: 7, text: "x".repeat(300), reason: "not valid JSON"}])).toEqual([
      {run_set: "sglang", measurement_id: null, file: "runs/online.jsonl", field: "line 7", metric: null, value_text: "x".repeat(200), reason: "not valid JSON"}
    ]);
  });

  it(`notes the first ${SKIPPED_ROWS_NOTED} lines one by one and counts the rest in one further row`, () => {
    const rows = skippedRows(ctx, skipped(SKIPPED_ROWS_NOTED + 12));
    expect(rows).toHaveLength(SKIPPED_ROWS_NOTED + 1);
    expect(rows.at(-2)).toMatchObject({field: "line 99", reason: "why 49"});
    expect(rows.at(-1)).toMatchObject({field: "line 101", value_text: "", reason: "12 more lines were skipped from line 101 on (the first 50 are noted one by one)"});
  });
});

describe("describeSkipped(path, skipped)", () => {
  it("names the first lines as path:line: why, and counts the others", () => {
    expect(describeSkipped("a.jsonl", skipped(5))).toBe("a.jsonl:1: why 0\na.jsonl:3: why 1\na.jsonl:5: why 2\n(2 more lines skipped)");
    expect(describeSkipped("a.jsonl", skipped(1))).toBe("a.jsonl:1: why 0");
  });
});
