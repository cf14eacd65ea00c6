import {describe, expect, it} from "vitest";
import {chooseVerdict, evaluateCandidate} from "../../runners/analysis/candidates.ts";
import {categorize, type CommitEvidence} from "../../runners/analysis/categorize.ts";
import {fact} from "./fixtures.ts";

const empty: CommitEvidence = {
  verdict: null,
  evaluations: [],
  baselineMeasured: [],
  humanMeasured: [],
  agentMeasured: [],
  verifyMeasured: [],
  agentAttempt: null,
  benchmarkable: true,
  statuses: []
};

function withCandidates(...cands: Parameters<typeof evaluateCandidate>[0][]): CommitEvidence {
  const evaluations = cands.map((c) => evaluateCandidate(c, 5));
  return {
    ...empty,
    evaluations,
    verdict: chooseVerdict(evaluations),
    humanMeasured: cands.map((c) => c.human),
    agentMeasured: cands.map((c) => c.agent)
  };
}

const b = fact({variant: "baseline", metrics: {tpot_mean: 10}});
const h = fact({variant: "human", metrics: {tpot_mean: 10}});
const a = fact({variant: "agent", metrics: {tpot_mean: 9}});

describe("categorize(evidence)", () => {
  it("valid_3way when a comparable baseline joins human and agent", () => {
    expect(categorize(withCandidates({baseline: b, human: h, agent: a}, {baseline: null, human: h, agent: a}))).toMatchObject({
      category: "valid_3way",
      outcome: "win"
    });
  });
  it("baseline_mismatch when the family's baseline is not comparable", () => {
    const qwen = fact({variant: "baseline", model: "Qwen/Qwen2.5-7B-Instruct", metrics: {tpot_mean: 5}});
    const r = categorize(withCandidates({baseline: qwen, human: h, agent: a}, {baseline: null, human: h, agent: a}));
    expect(r).toMatchObject({category: "baseline_mismatch", outcome: "win"});
    expect(r.reason).toMatch(/model Qwen/);
  });
  it("ha_only when no baseline was measured in that family", () => {
    expect(categorize(withCandidates({baseline: null, human: h, agent: fact({variant: "agent", metrics: {tpot_mean: 10.2}})}))).toMatchObject({
      category: "ha_only",
      outcome: "match"
    });
  });
  it("incomparable when both were measured but never comparable, with the reason", () => {
    const other = fact({variant: "agent", model: "meta-llama/Meta-Llama-3-8B-Instruct", metrics: {tpot_mean: 9}});
    const r = categorize(withCandidates({baseline: null, human: h, agent: other}));
    expect(r.category).toBe("incomparable");
    expect(r.reason).toMatch(/model meta-llama\/Llama-3.1-8B-Instruct vs meta-llama\/Meta-Llama-3-8B-Instruct/);
    expect(categorize({...empty, humanMeasured: [fact({source: "modal"})], agentMeasured: [fact({source: "separate", variant: "agent"})]}).reason).toMatch(
      /human measured in modal, agent in separate/
    );
  });
  it("agent_failed when the human was measured and the agent attempted", () => {
    expect(categorize({...empty, humanMeasured: [h], agentAttempt: "separate x: server_crashed_after_patch"})).toMatchObject({
      category: "agent_failed",
      outcome: "failed"
    });
  });
  it("no_agent_attempt when the human was measured and nothing shows an attempt", () => {
    expect(categorize({...empty, humanMeasured: [h]})).toMatchObject({category: "no_agent_attempt", outcome: null});
  });
  it("agent_only, baseline_only, docker_verify_only by what alone was measured", () => {
    expect(categorize({...empty, agentMeasured: [a], baselineMeasured: [b]}).category).toBe("agent_only");
    expect(categorize({...empty, baselineMeasured: [b]}).category).toBe("baseline_only");
    expect(categorize({...empty, verifyMeasured: [fact({source: "docker_verify", model: "facebook/opt-125m"})]})).toMatchObject({
      category: "docker_verify_only",
      reason: expect.stringMatching(/facebook\/opt-125m/)
    });
  });
  it("no_metrics when attempted and nothing measured; not_benchmarkable without a perf command", () => {
    expect(categorize({...empty, statuses: ["baseline_failed"]})).toMatchObject({category: "no_metrics", reason: "attempted (baseline_failed), nothing measured"});
    expect(categorize({...empty, benchmarkable: false}).category).toBe("not_benchmarkable");
  });
});
