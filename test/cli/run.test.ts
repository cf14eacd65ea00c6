// `benchbook run` warns when a plan applies agent patches and no --agent names whose: those runs would land with no
// agent, as engine-configuration runs do, and get no verdict.
import {describe, expect, it} from "vitest";
import {unnamedPatches} from "../../runners/cli/run.ts";
import {parsePlan} from "../../runners/run/plan.ts";

const plan = (agentVersion: Record<string, unknown>) =>
  parsePlan(
    JSON.stringify({
      name: "p",
      tasks: [
        {
          id: "t1",
          commit: "015069b0aaaabbbbccccddddeeeeffff00001111",
          model: "facebook/opt-125m",
          engine: "vllm-serve",
          versions: {baseline: {prefix: ["python3"], tree: "base"}, agent: {prefix: ["python3"], ...agentVersion}}
        }
      ]
    }),
    "/plans/p.json"
  );

describe("unnamedPatches(plan, agent)", () => {
  it("warns, naming the tasks, when agent patches run without --agent", () => {
    expect(unnamedPatches(plan({patch: "agent.diff"}), null)).toBe(
      "benchbook run: warning: task(s) t1 apply an agent patch, but no --agent names the agent: their agent runs will be " +
        "recorded with no agent and get no verdict against the human's; pass --agent <name>"
    );
  });

  it("is silent with --agent, and for an agent version that applies no patch (engine configurations)", () => {
    expect(unnamedPatches(plan({patch: "agent.diff"}), "claude_code")).toBeNull();
    expect(unnamedPatches(plan({}), null)).toBeNull();
  });
});
