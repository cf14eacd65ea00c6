// `benchbook report` refuses a warehouse folder that does not exist (a typo would publish a report of nothing).
import {describe, expect, it, vi} from "vitest";
import {main} from "../../runners/cli/main.ts";

describe("benchbook report", () => {
  it("names a missing warehouse folder and builds nothing", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await main(["report", "--warehouse", "/no/such/warehouse", "--out", "/no/such/dist"])).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0]))).toEqual([
        "benchbook report: /no/such/warehouse: no such warehouse folder (ingest results into it first, or pass --ingest <results dir>)"
      ]);
    } finally {
      err.mockRestore();
    }
  });
});
