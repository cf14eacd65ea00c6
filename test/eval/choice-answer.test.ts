import {describe, expect, it} from "vitest";
import {extractChoice, referenceIndex, scoreChoice} from "../../runners/eval/choice-answer.ts";

const OPTIONS = ["dry palms", "wet palms", "palms covered with oil", "palms covered with lotion"];

describe("extractChoice(response, nChoices, options)", () => {
  it.each([
    ["B", 1, "leading letter"],
    ["(C)", 2, "leading letter"],
    ["D. palms covered with lotion", 3, "leading letter"],
    ["The answer is (A).", 0, '"answer is X"'],
    ["Answer: C", 2, '"answer is X"'],
    ["**Answer: D**", 3, '"answer is X"'],
    ["I first thought the answer is A, but on reflection the answer is B.", 1, '"answer is X"'],
    ["Rubbing them makes them warm; I would pick (C) here.", 2, "parenthesised letter"],
    ["Rubbing dry palms together produces the most heat.", 0, "option text"],
    ["The correct option is C", 2, '"answer is X"']
  ])("%j → %i (%s)", (text, index, rule) => {
    expect(extractChoice(text, 4, OPTIONS)).toEqual({index, rule});
  });

  it("does not read the article in \"the answer is a bird\" as option A", () => {
    expect(extractChoice("the answer is a bird", 4).index).toBeNull();
  });

  it("does not take a letter outside the options (E on four choices)", () => {
    expect(extractChoice("Answer: E", 4).index).toBeNull();
  });

  it("prefers the longer option when one option's text contains another's", () => {
    expect(extractChoice("They were palms covered with oil.", 4, ["oil", "palms covered with oil", "x", "y"])).toEqual({index: 1, rule: "option text"});
  });

  it("refuses to guess when two options are named", () => {
    expect(extractChoice("Either wet palms or dry palms.", 4, OPTIONS)).toEqual({index: null, rule: "ambiguous: 2 options named"});
  });
});

describe("referenceIndex(reference, options)", () => {
  it("reads letters, 0-based indices and option text", () => {
    expect(referenceIndex("C")).toBe(2);
    expect(referenceIndex(1)).toBe(1);
    expect(referenceIndex("3")).toBe(3);
    expect(referenceIndex("Wet palms", OPTIONS)).toBe(1);
    expect(referenceIndex("nothing", OPTIONS)).toBeNull();
  });
});

describe("scoreChoice(response, reference, options)", () => {
  it("scores and explains", () => {
    expect(scoreChoice("Answer: B", "A", OPTIONS)).toEqual({extracted: "B", correct: false, why: '"answer is X": chose B ≠ reference A'});
    expect(scoreChoice("wet palms", 1, OPTIONS)).toEqual({extracted: "B", correct: true, why: "option text: chose B = reference B"});
  });

  it("counts an unextractable response as wrong and not extracted", () => {
    expect(scoreChoice("I am not sure.", "A", OPTIONS)).toEqual({extracted: null, correct: false, why: "not extracted: no letter or option text found"});
  });
});
