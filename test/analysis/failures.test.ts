import {describe, expect, it} from "vitest";
import {failureRows, wasAttempted} from "../../runners/analysis/failures.ts";
import {fact} from "./fixtures.ts";

const file = "results/modal/3476ed08/benchmark_result.json";
const consolidated = (error: string, extra: Record<string, object> = {}) =>
  (["baseline", "human", "agent"] as const).map((variant) => fact({variant, file, status: "error", error, ...(extra[variant] ?? {})}));

describe("wasAttempted / failureRows", () => {
  it("gives a consolidated file's named error to the version it names only (3476ed08)", () => {
    const rows = failureRows(consolidated("Baseline install failed: No wheel available and no ancestor wheel found for 54600709b6d4"));
    expect(rows.map((r) => [r.variant, r.failure_class])).toEqual([["baseline", "install_failed"]]);
  });
  it("gives an unattributed commit-level error to the first unmeasured version (015069b0 broken pipe)", () => {
    expect(failureRows(consolidated("[Errno 32] Broken pipe")).map((r) => [r.variant, r.failure_class])).toEqual([["baseline", "broken_pipe"]]);
    // eefbf4a6: baseline measured, human and agent share the error: the human failed, the agent never ran
    const [b, h, a] = consolidated("Command '['git', 'reset', '--hard', 'HEAD']' timed out after 60 seconds");
    b.metrics = {latency_avg: {value: 2.03, origin: "structured", better: null, n: null, std: null}};
    expect(failureRows([b, h, a]).map((r) => [r.variant, r.failure_class])).toEqual([["human", "timeout"]]);
  });
  it("counts a version with its own log as attempted, and its log can name the cause", () => {
    const rows = failureRows(
      consolidated("Baseline benchmark produced no metrics", {human: {raw_log_excerpt: "ImportError: Numba needs NumPy 2.2 or less. Got NumPy 2.4."}})
    );
    expect(rows.map((r) => [r.variant, r.failure_class, r.evidence])).toEqual([
      ["baseline", "no_metrics_in_output", "Baseline benchmark produced no metrics"],
      ["human", "import_incompatibility", "ImportError: Numba needs NumPy 2.2 or less. Got NumPy 2.4."]
    ]);
  });
  it("treats every separate file as its own attempt, and skipped or no-perf-command rows as not attempted", () => {
    const sep = fact({variant: "agent", source: "separate", error: "Server crashed after applying patch"});
    expect(wasAttempted(sep, [sep])).toBe(true);
    expect(failureRows([sep])[0]).toMatchObject({failure_class: "server_crashed_after_patch", agent: "agent_a", source: "separate"});
    const skipped = fact({source: "separate", status: "skipped"});
    const none = fact({status: "no_perf_command", error: "No perf_command in dataset"});
    expect(failureRows([skipped, none])).toEqual([]);
  });
});
