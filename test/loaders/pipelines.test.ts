import {mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {coverageRows, repeatRows} from "../../loaders/pipelines.ts";
import {writeTableRows} from "../../runners/data/synthetic-warehouse.ts";

async function warehouse() {
  const dir = mkdtempSync(join(tmpdir(), "bb-pipelines-"));
  const m = (id: string, variant: string, source: string, file: string, ts: string, extra = {}) => ({
    measurement_id: id, run_set: "rs", agent: variant === "agent" ? "claude_code" : null, commit: "6e36f4fa", variant, source, batch: null,
    file, file_sha256: file, status: "success", model: "meta-llama/Meta-Llama-3-8B-Instruct", benchmark_mode: "serving", timestamp: ts, ...extra
  });
  await writeTableRows(dir, "measurements", [
    m("h1", "human", "separate", "a.json", "2026-01-01"),
    m("h2", "human", "separate", "b.json", "2026-01-19"),
    m("a1", "agent", "separate", "c.json", "2026-01-01"),
    m("a2", "agent", "modal", "d.json", "2026-01-02", {status: "error"}),
    m("v1", "human", "docker_verify", "e.json", "2026-01-03")
  ]);
  const x = (id: string, value: number) => ({measurement_id: id, metric: "tpot_mean", value, unit: "ms", better: "lower", origin: "structured"});
  await writeTableRows(dir, "metrics", [x("h1", 20), x("h2", 25), x("a1", 18), x("v1", 2)]);
  return dir;
}

describe("repeatRows(warehouse)", () => {
  it("pairs repeats of one version across files, signed so that + means the later run is better", async () => {
    const rows = await repeatRows(await warehouse());
    // h1 (20 ms) then h2 (25 ms) on a lower-is-better metric: the later run is 25% worse. docker_verify is never a repeat.
    expect(rows.map((r) => [r.measurement_id_a, r.measurement_id_b, r.diff_pct])).toEqual([["h1", "h2", -25]]);
  });
});

describe("coverageRows(warehouse)", () => {
  it("marks each (commit, source, version) measured or failed, counting measurements", async () => {
    const rows = await coverageRows(await warehouse());
    expect(rows.map((r) => [r.source, r.variant, r.agent, r.measurements, r.state])).toEqual([
      ["docker_verify", "human", null, 1, "measured"],
      ["modal", "agent", "claude_code", 1, "failed"],
      ["separate", "human", null, 2, "measured"],
      ["separate", "agent", "claude_code", 1, "measured"]
    ]);
  });
});
