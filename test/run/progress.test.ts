// The progress display: one line per run start/end off a terminal, an in-place status line on one, and the summary.
import {describe, expect, it} from "vitest";
import {formatDuration, Progress, summaryOf} from "../../runners/run/progress.ts";
import type {RunRecord} from "../../runners/run/record.ts";
import type {RunUnit} from "../../runners/run/executors/index.ts";

const unit = {task: {id: "015069b0", repeats: 3}, version: "human", repeat: 2, runId: "p.015069b0.human.r2"} as unknown as RunUnit;
const rec = (status: string, value?: number) =>
  ({task_id: "015069b0", version: "human", status, duration_s: 12.34, error: status === "success" ? null : "Timed out after 60 s\nmore", metrics: value === undefined ? [] : [{metric: "output_throughput", value, unit: "tok/s", better: "higher"}]}) as unknown as RunRecord;

describe("Progress", () => {
  it("writes a start and an end line per run when not on a terminal", () => {
    let text = "";
    const p = new Progress({write: (s: string) => (text += s), isTTY: false}, 9, () => 0);
    p.event({type: "start", unit, index: 4, total: 9});
    p.event({type: "step", unit, step: "client"});
    p.event({type: "end", unit, record: rec("timeout")});
    p.stop();
    expect(text).toBe("→ [5/9] 015069b0 human r2/3\n✗ 015069b0 human r2/3 timeout in 12.3 s: Timed out after 60 s\n");
  });

  it("redraws one status line with the step and elapsed time on a terminal", () => {
    let text = "";
    let now = 0;
    const p = new Progress({write: (s: string) => (text += s), isTTY: true}, 9, () => now);
    p.event({type: "start", unit, index: 0, total: 9});
    now = 65_000;
    p.event({type: "step", unit, step: "server"});
    p.stop();
    expect(text.split("\r\x1b[K").at(-2)).toBe("[1/9] 015069b0 human r2/3 · server · 1:05 (total 1:05, 9 runs planned)");
  });

  it("summarises a version's runs with the headline metric's mean ± std and CV", () => {
    expect(summaryOf([rec("success", 100), rec("success", 110), rec("server_crashed")])).toBe("2/3 ok (server_crashed) · output_throughput 105.00 ± 7.07 tok/s (CV 6.7%)");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
  });
});
