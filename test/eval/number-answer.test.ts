import {describe, expect, it} from "vitest";
import {extractFinalNumber, parseNumber, scoreNumber} from "../../runners/eval/number-answer.ts";

describe("extractFinalNumber(response)", () => {
  it.each([
    ["Natalia sold 48/2 = 24 clips in May.\n#### 72", 72, "#### marker"],
    ["The total is 1,234 dollars.\n#### 1,234", 1234, "#### marker"],
    ["So she pays $18.", 18, "last number in the response"],
    ["The answer is $1,250.50 per month.", 1250.5, '"the answer is"'],
    ["Final: \\boxed{42}", 42, "\\boxed{}"],
    ["The answer is 18 dollars, not 20.", 18, '"the answer is"'],
    ["He ends with -3 degrees.", -3, "last number in the response"],
    ["She has **72** apples.", 72, "last number in the response"],
    ["It takes 3 hours and 45 minutes, so 225 minutes.", 225, "last number in the response"]
  ])("%j → %d (%s)", (text, value, rule) => {
    const got = extractFinalNumber(text);
    expect(got.value).toBe(value);
    expect(got.rule).toBe(rule);
  });

  it("finds nothing in a response without numbers", () => {
    expect(extractFinalNumber("I don't know.")).toEqual({value: null, text: null, rule: "no number found"});
  });

  it("reads lists of small numbers as separate numbers, not thousands", () => {
    expect(extractFinalNumber("Counts: 1, 2, 3").value).toBe(3);
  });
});

describe("parseNumber(text)", () => {
  it("drops $, commas and a trailing period", () => {
    expect(parseNumber("$1,234.")).toBe(1234);
    expect(parseNumber("abc")).toBeNull();
  });
});

describe("scoreNumber(response, reference)", () => {
  it("takes the reference's answer after ####, like GSM8K's answer field", () => {
    const r = scoreNumber("Step 1... so the answer is 5.", "Janet has 3 + 2 = <<3+2=5>>5 eggs.\n#### 5");
    expect(r).toEqual({extracted: "5", correct: true, why: '"the answer is": "5" → 5 = reference 5'});
  });

  it("marks a wrong final number incorrect and says which number was read", () => {
    const r = scoreNumber("First 10, then 20.\n#### 30", "#### 31");
    expect(r.correct).toBe(false);
    expect(r.why).toBe('#### marker: "30" → 30 ≠ reference 31');
  });

  it("counts a response without a number as incorrect and not extracted", () => {
    expect(scoreNumber("no idea", 7)).toEqual({extracted: null, correct: false, why: "no number found in the response"});
  });

  it("cannot score against a reference without a number", () => {
    expect(scoreNumber("5", "unknown").correct).toBeNull();
  });
});
