import {describe, expect, it} from "vitest";
import {VARIANTS as MODEL_VARIANTS, SOURCES} from "../../runners/model/measurement.ts";
import {
  CATEGORIES,
  CATEGORY_INFO,
  EVALUABLE_CATEGORIES,
  FAMILIES,
  FAILURE_CLASSES,
  FAILURE_CLASS_INFO,
  FLAG_INFO,
  FLAG_KINDS,
  familyRank,
  pairingScope,
  VARIANTS,
  VERIFY_SOURCES
} from "../../runners/analysis/vocabulary.ts";

describe("vocabulary", () => {
  it("has the issue's exact category strings and one info entry per category, flag kind and failure class", () => {
    expect(CATEGORIES).toEqual([
      "valid_3way",
      "baseline_mismatch",
      "ha_only",
      "agent_failed",
      "no_agent_attempt",
      "incomparable",
      "agent_only",
      "baseline_only",
      "docker_verify_only",
      "no_metrics",
      "not_benchmarkable"
    ]);
    expect(Object.keys(CATEGORY_INFO).sort()).toEqual([...CATEGORIES].sort());
    expect(Object.keys(FLAG_INFO).sort()).toEqual([...FLAG_KINDS].sort());
    expect(Object.keys(FAILURE_CLASS_INFO).sort()).toEqual([...FAILURE_CLASSES].sort());
  });
  it("counts the three compared categories and agent_failed as evaluable", () => {
    expect(EVALUABLE_CATEGORIES).toEqual(["valid_3way", "baseline_mismatch", "ha_only", "agent_failed"]);
  });
  it("keeps the variants equal to the warehouse model's", () => {
    expect(VARIANTS).toEqual(MODEL_VARIANTS);
  });
  it("gives every ingest source a pairing family or marks it build verification", () => {
    for (const s of SOURCES) expect([...FAMILIES, ...VERIFY_SOURCES]).toContain(s);
  });
  it("prefers docker_rerun over modal over separate, and pairs modal only within a file and separate across batches", () => {
    expect(familyRank("docker_rerun")).toBeLessThan(familyRank("modal"));
    expect(familyRank("modal")).toBeLessThan(familyRank("separate"));
    expect(familyRank("something_new")).toBe(FAMILIES.length);
    expect(pairingScope("modal")).toBe("file");
    expect(pairingScope("docker_rerun")).toBe("file");
    expect(pairingScope("separate")).toBe("any");
    expect(pairingScope("runner")).toBe("batch");
    expect(pairingScope("something_new")).toBe("file");
  });
});
