import {createHash} from "node:crypto";
import {mkdtempSync, writeFileSync, mkdirSync, existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it, vi} from "vitest";
import {run} from "../../runners/cli/score.ts";
import {withDb} from "../../runners/warehouse/db.ts";
import {PREDICTIONS_TEXT} from "../eval/predictions-fixture.ts";

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "benchbook-score-"));
  const preds = join(dir, "qwen", "balanced.jsonl");
  mkdirSync(join(dir, "qwen"));
  writeFileSync(preds, PREDICTIONS_TEXT);
  const log = join(dir, "server.log");
  writeFileSync(
    log,
    "INFO 09-17 10:00:01 [awq_marlin.py:120] Detected that the model can run with awq_marlin, however you specified quantization=awq explicitly, so forcing awq. Use quantization=awq_marlin for faster inference\n" +
      "INFO 09-17 10:00:09 [model_runner.py:1071] Loading model weights took 9.3800 GB\n" +
      "INFO 09-17 10:01:00 [metrics.py:351] Avg prompt throughput: 40.1 tokens/s, Avg generation throughput: 13.7 tokens/s, Running: 4 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 1.2%, CPU KV cache usage: 0.0%.\n"
  );
  return {dir, preds, log, warehouse: join(dir, "wh")};
}

const q = (sql: string) => withDb((db) => db.all(sql));

describe("benchbook score", () => {
  it("scores every sample (code in the sandbox) into the warehouse and prints scores with their flags", async () => {
    const {preds, log, warehouse} = setup();
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const code = await run([preds, "--warehouse", warehouse, "--model", "qwen2.5-14b-awq", "--preset", "balanced", "--vllm-log", log, "--gpu-util", "87", "--timeout", "2"]);
    const printed = out.mock.calls.map((c) => c[0]).join("\n");
    const errors = err.mock.calls.map((c) => c[0]).join("\n");
    out.mockRestore();
    err.mockRestore();
    expect(code).toBe(0);
    const evals = await q(`SELECT dataset, score, n, run_set, file FROM '${warehouse}/evals.parquet' ORDER BY dataset`);
    expect(evals.map((e) => [e.dataset, e.score, e.n])).toEqual([
      ["arc_challenge", 0.5, 2],
      ["function_calling", 1, 1],
      ["gsm8k", 2 / 3, 3],
      ["humaneval", 0.5, 2],
      ["mbpp", 0, 1],
      ["mt_bench", null, null]
    ]);
    expect(evals[0]).toMatchObject({run_set: "qwen", file: "balanced.jsonl"});
    const he = await q(`SELECT sample_id, correct, status, why FROM '${warehouse}/eval_samples.parquet' WHERE dataset IN ('humaneval', 'mbpp') ORDER BY sample_id`);
    expect(he).toEqual([
      {sample_id: "HumanEval/x1", correct: true, status: "correct", why: expect.stringMatching(/^whole response appended to the prompt: all tests passed/)},
      {sample_id: "HumanEval/x2", correct: false, status: "timeout", why: "whole response appended to the prompt: timed out after 2 s; the sandbox and every process in it were killed"},
      {sample_id: "mbpp/1", correct: false, status: "incorrect", why: "1 fenced block: exit 1: AssertionError"}
    ]);
    const [runRow] = await q(`SELECT model, preset, kernel_selected, kernel_fast_available, memory_used_gb, throughput_tok_s, gpu_util_pct, note FROM '${warehouse}/eval_runs.parquet'`);
    expect(runRow).toEqual({
      model: "qwen2.5-14b-awq",
      preset: "balanced",
      kernel_selected: "awq",
      kernel_fast_available: "awq_marlin",
      memory_used_gb: 9.38,
      throughput_tok_s: 13.7,
      gpu_util_pct: 87,
      note: "memory: model weights per the vLLM log (KV cache not included); throughput: mean of 1 vLLM generation-throughput log lines"
    });
    expect(printed).toContain("qwen2.5-14b-awq, balanced · humaneval: 50.0% on n = 2 (95% CI 9.5%–90.5%; extraction 100.0%)");
    expect(printed).toContain("[critical] vLLM ran the awq kernel although awq_marlin exists for this checkpoint (set quantization=awq_marlin)");
    expect(errors).toContain("balanced.jsonl:11: response: Invalid input");
    // and the warehouse keeps the skipped line, as ingest does
    expect(await q(`SELECT file, field, reason FROM '${warehouse}/data_quality.parquet'`)).toEqual([
      {file: "balanced.jsonl", field: "line 11", reason: "response: Invalid input: expected string, received undefined"}
    ]);
  });

  it("resumes from the progress an interrupted run left, then removes it", async () => {
    const {preds, warehouse} = setup();
    const sha = createHash("sha256").update(PREDICTIONS_TEXT).digest("hex");
    const progress = join(warehouse, ".score-progress", `${sha}.jsonl`);
    mkdirSync(join(warehouse, ".score-progress"), {recursive: true});
    // line 7 is the infinite loop: a previous run already recorded it, so it is not run again
    writeFileSync(progress, JSON.stringify({line: 7, score: {extracted: "x", correct: false, status: "timeout", why: "recorded earlier"}}) + "\n{cut");
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const started = Date.now();
    expect(await run([preds, "--warehouse", warehouse, "--timeout", "5"])).toBe(0);
    const elapsed = Date.now() - started;
    const errors = err.mock.calls.map((c) => c[0]);
    out.mockRestore();
    err.mockRestore();
    expect(errors).toContain("resuming: 1 of 10 samples already scored");
    expect(elapsed).toBeLessThan(5000);
    const [row] = await q(`SELECT why FROM '${warehouse}/eval_samples.parquet' WHERE sample_id = 'HumanEval/x2'`);
    expect(row.why).toBe("recorded earlier");
    expect(existsSync(progress)).toBe(false);
  });

  it("stops cleanly on Ctrl-C after the current sample, and the next run resumes", async () => {
    const {execa} = await import("execa");
    const {dir, warehouse} = setup();
    const loop = {dataset: "humaneval", id: "loop", prompt: "def f():\n", response: "    while True:\n        pass\n", tests: "def check(c):\n    c()\n", entry_point: "f"};
    const ok = {dataset: "gsm8k", id: "g", response: "#### 4", reference: 4};
    const file = join(dir, "qwen", "interrupt.jsonl");
    writeFileSync(file, [loop, ok].map((p) => JSON.stringify(p)).join("\n") + "\n");
    const child = execa("node", ["bin/benchbook.js", "score", file, "--warehouse", warehouse, "--timeout", "3"], {reject: false});
    // Interrupt once scoring has begun (the progress folder is made just before the first sample).
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(warehouse, ".score-progress")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGINT");
    const first = await child;
    expect(first.exitCode).toBe(130);
    expect(first.stderr).toContain("stopped after 1 of 2 samples; progress kept in");
    expect(existsSync(join(warehouse, "evals.parquet"))).toBe(false);
    const second = await execa("node", ["bin/benchbook.js", "score", file, "--warehouse", warehouse, "--timeout", "3"], {reject: false});
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toContain("resuming: 1 of 2 samples already scored");
    const rows = await q(`SELECT sample_id, status FROM '${warehouse}/eval_samples.parquet' ORDER BY sample_id`);
    expect(rows).toEqual([{sample_id: "g", status: "correct"}, {sample_id: "loop", status: "timeout"}]);
  });

  it("fails with one line for a missing file", async () => {
    await expect(run(["nope.jsonl", "--warehouse", "tmp/none"])).rejects.toThrow("benchbook score: nope.jsonl: no such file");
  });
});
