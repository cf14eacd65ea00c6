import {mkdtempSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {rebuildEmbedded} from "../../runners/data/rebuild-embedded.ts";
import {queryWarehouse} from "../../loaders/warehouse.ts";

const OUTPUTS = ["comparisons.parquet", "flags.parquet", "failures.parquet", "measurements.parquet", "metrics.parquet", "summary.json"];

describe("rebuildEmbedded({inputs, warehouse})", () => {
  it("ingests and analyses data/seeds into the same bytes every time, with the seed's verdicts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-embedded-"));
    const warehouse = join(dir, "warehouse");
    const log: string[] = [];
    await rebuildEmbedded({inputs: ["data/seeds", join(dir, "missing")], warehouse, log: (l) => log.push(l)});
    const first = OUTPUTS.map((f) => readFileSync(join(warehouse, f)));
    await rebuildEmbedded({inputs: ["data/seeds"], warehouse, log: () => {}});
    expect(OUTPUTS.map((f) => readFileSync(join(warehouse, f)).equals(first[OUTPUTS.indexOf(f)]))).toEqual(OUTPUTS.map(() => true));
    expect(log.some((l) => l.includes("missing does not exist; skipped"))).toBe(true);
    const rows = await queryWarehouse<{commit: string; category: string; outcome: string; primary_metric: string; pct: number}>(
      "SELECT commit, category, outcome, primary_metric, round(agent_vs_human_pct, 1) AS pct FROM {comparisons} WHERE agent = 'claude_code' AND commit IN ('299ebb62', 'b690e348', '35fad35a', 'e3580537') ORDER BY commit",
      {warehouse}
    );
    // 001 §1: 299ebb62 TPOT 4.8 → 4.2 → 4.3 ms (−2.4%), b690e348 78.7 → 69.8 → 85.0 ms (−21.8%); §3: e3580537 +24.4%;
    // 35fad35a: human measured, agent "Server crashed after applying patch".
    expect(rows).toEqual([
      {commit: "299ebb62", category: "valid_3way", outcome: "match", primary_metric: "tpot_mean", pct: -2.4},
      {commit: "35fad35a", category: "agent_failed", outcome: "failed", primary_metric: null, pct: null},
      {commit: "b690e348", category: "valid_3way", outcome: "loss", primary_metric: "tpot_mean", pct: -21.8},
      {commit: "e3580537", category: "ha_only", outcome: "win", primary_metric: "throughput", pct: 24.4}
    ]);
    // One figures file holds many commits and tables: each commit's baseline/human pairs are flagged on their own.
    // 001 §1 ran 3476ed08's baseline with Qwen (5387.7 tok/s) against a Llama human (2127.8): the seed's "60% regression".
    const flags = await queryWarehouse<{detail: string}>(
      "SELECT detail FROM {flags} WHERE agent = 'claude_code' AND commit = '3476ed08' AND kind = 'suspicious_regression' ORDER BY detail",
      {warehouse}
    );
    expect(flags.map((f) => f.detail)).toContain(
      "human worse than baseline by 60.51% on throughput (5387.70 → 2127.80); differs: model Qwen/Qwen2.5-7B-Instruct vs meta-llama/Meta-Llama-3-8B-Instruct"
    );
  });
});
