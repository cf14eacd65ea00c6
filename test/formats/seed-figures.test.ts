import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {parseSeedRows, seedFigures, SEED_COLUMNS} from "../../runners/formats/seed-figures.ts";
import type {FileContext} from "../../runners/formats/types.ts";

const HEADER = SEED_COLUMNS.join(",");
const ctx: FileContext = {path: "seed-001-figures.csv", folder: "seeds", runSet: "seeds", agent: "seeds", sha256: "abc"};
const parse = (text: string) => seedFigures.parse({text, json: undefined}, ctx).tables;

describe("seedFigures.detect(file)", () => {
  it("recognises the seed header and nothing else", () => {
    expect(seedFigures.detect({path: "x.csv", text: `${HEADER}\n`, json: undefined})).toEqual({match: true, broken: false});
    expect(seedFigures.detect({path: "x.csv", text: "seed,baseline_value,agent_value\n", json: undefined})).toEqual({match: true, broken: true});
    expect(seedFigures.detect({path: "x.csv", text: "gpu,bandwidth\n", json: undefined}).match).toBe(false);
    expect(seedFigures.detect({path: "x.json", text: "{}", json: {}}).match).toBe(false);
  });
});

describe("seedFigures.parse(file, ctx)", () => {
  it("turns 001's 299ebb62 row into three measurements with TPOT in ms, the agent on the agent row only", () => {
    const t = parse(`${HEADER}\n001,§1 Full 3-Way Results,2026-01-12,claude_code,299ebb62,[Core] Speed up decode,serving,tpot_mean,Qwen/Qwen2.5-1.5B-Instruct,,,4.8,4.2,4.3,,\n`);
    expect(t.measurements.map((m) => [m.variant, m.agent, m.source, m.batch, m.status, m.model])).toEqual([
      ["baseline", undefined, "seed_report", "seed 001: §1 Full 3-Way Results", "success", "Qwen/Qwen2.5-1.5B-Instruct"],
      ["human", undefined, "seed_report", "seed 001: §1 Full 3-Way Results", "success", "Qwen/Qwen2.5-1.5B-Instruct"],
      ["agent", "claude_code", "seed_report", "seed 001: §1 Full 3-Way Results", "success", "Qwen/Qwen2.5-1.5B-Instruct"]
    ]);
    expect(t.metrics.map((m) => [m.metric, m.value, m.unit, m.better, m.origin])).toEqual([
      ["tpot_mean", 4.8, "ms", "lower", "structured"],
      ["tpot_mean", 4.2, "ms", "lower", "structured"],
      ["tpot_mean", 4.3, "ms", "lower", "structured"]
    ]);
  });

  it("gives the baseline its own model (3476ed08's Qwen baseline) and converts latency_avg_ms to seconds", () => {
    const t = parse(
      `${HEADER}\n001,§1,2026-01-12,claude_code,3476ed08,x,serving,throughput_tok_s,meta-llama/Meta-Llama-3-8B-Instruct,Qwen/Qwen2.5-7B-Instruct,,5387.7,2127.8,2094.3,,\n` +
        `001,§8,2026-01-12,claude_code,fa63e710,y,latency,latency_avg_ms,m,,,1331.71,1323.82,1329.92,,\n`
    );
    expect(t.measurements.filter((m) => m.commit === "3476ed08").map((m) => m.model)).toEqual(["Qwen/Qwen2.5-7B-Instruct", "meta-llama/Meta-Llama-3-8B-Instruct", "meta-llama/Meta-Llama-3-8B-Instruct"]);
    expect(t.metrics.filter((m) => m.metric === "throughput").map((m) => m.value)).toEqual([5387.7, 2127.8, 2094.3]);
    const latency = t.metrics.filter((m) => m.metric === "latency_avg");
    expect(latency.map((m) => m.unit)).toEqual(["s", "s", "s"]);
    [1.33171, 1.32382, 1.32992].forEach((s, i) => expect(latency[i].value).toBeCloseTo(s, 9));
  });

  it("records an agent that failed as an error measurement with the report's words and no metric", () => {
    const t = parse(`${HEADER}\n001,Agent Patch Failures,2026-01-12,claude_code,35fad35a,s,serving,throughput_tok_s,m,,,,3172.74,,,Server crashed after applying patch\n`);
    const agent = t.measurements.find((m) => m.variant === "agent")!;
    expect([agent.status, agent.error, agent.agent]).toEqual(["error", "Server crashed after applying patch", "claude_code"]);
    expect(t.metrics.map((m) => m.measurement_id)).not.toContain(agent.measurement_id);
    expect(t.measurements.map((m) => m.variant)).toEqual(["human", "agent"]);
  });

  it("keeps one measurement per (table, commit, variant) when a table lists several metrics", () => {
    const row = (metric: string, b: number) => `001,Appendix,2026-01-12,claude_code,9f1710f1,s,serving,${metric},m,,,${b},${b + 1},${b + 2},,`;
    const t = parse(`${HEADER}\n${row("ttft_mean", 382.82)}\n${row("tpot_mean", 35.78)}\n`);
    expect(t.measurements).toHaveLength(3);
    expect(t.metrics).toHaveLength(6);
  });

  it("notes a zero value in data_quality instead of a metric", () => {
    const t = parse(`${HEADER}\n001,§1,2026-01-12,claude_code,a3223766,s,serving,tpot_mean,m,,,0.0,0.0,0.0,,\n`);
    expect(t.metrics).toEqual([]);
    expect(t.data_quality.map((d) => [d.metric, d.value_text])).toEqual([["tpot_mean", "0"], ["tpot_mean", "0"], ["tpot_mean", "0"]]);
  });

  it("names the file, line and column of a bad cell", () => {
    expect(() => parseSeedRows(`${HEADER}\n001,§1,2026-01-12,claude_code,299ebb62,s,serving,tpot_mean,m,,,4.8,n/a,4.3,,\n`, "seeds/x.csv")).toThrow(
      /seeds\/x\.csv:2: human_value: expected a number or an empty cell/
    );
    expect(() => parseSeedRows(`${HEADER}\n001,§1,2026-01-12,claude_code,299ebb62,s,serving,warp_speed,m,,,4.8,4.2,4.3,,\n`, "seeds/x.csv")).toThrow(/:2: metric: expected a metric name/);
    expect(() => parseSeedRows("seed,table\n", "seeds/x.csv")).toThrow(/seeds\/x\.csv:1: expected columns date, agent/);
  });

  it("reads the committed data/seeds/seed-001-figures.csv: 001's and 000's tables, every row valid", () => {
    const text = readFileSync("data/seeds/seed-001-figures.csv", "utf8");
    const t = parse(text);
    const batches = new Set(t.measurements.map((m) => m.batch));
    expect(batches).toContain("seed 001: §1 Full 3-Way Results");
    expect(batches).toContain("seed 000: Complete 3-Way Benchmarks");
    // 001 §1 lists 3476ed08 at 5387.7 / 2127.8 / 2094.3 tok/s.
    const ids = t.measurements.filter((m) => m.commit === "3476ed08" && m.batch === "seed 001: §1 Full 3-Way Results").map((m) => m.measurement_id);
    expect(t.metrics.filter((m) => ids.includes(m.measurement_id)).map((m) => m.value)).toEqual([5387.7, 2127.8, 2094.3]);
    expect(t.data_quality).toEqual([]);
  });
});
