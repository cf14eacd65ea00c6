import {describe, expect, it} from "vitest";
import {buildProgram, extractCode, scoreCode} from "../../runners/eval/code-answer.ts";

// HumanEval/0, trimmed: prompt, test and entry point as the dataset has them.
const HE_PROMPT = `from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    """ Check if in given list of numbers, are any two numbers closer to each other than
    given threshold.
    """
`;
const HE_TEST = `

METADATA = {
    'author': 'jt',
    'dataset': 'test'
}


def check(candidate):
    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3) == True
    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05) == False
    assert candidate([1.0, 2.0, 5.9, 4.0, 5.0], 0.95) == True
`;
const COMPLETION = `    for i, a in enumerate(numbers):
        for j, b in enumerate(numbers):
            if i != j and abs(a - b) < threshold:
                return True
    return False
`;
const task = {dataset: "humaneval", prompt: HE_PROMPT, tests: HE_TEST, entry_point: "has_close_elements"};

describe("buildProgram(response, task)", () => {
  it("continues the prompt when the completion does not define the entry point, then calls check()", () => {
    const {program, rule} = buildProgram(COMPLETION, task);
    expect(rule).toBe("whole response appended to the prompt");
    expect(program.startsWith(`\n${HE_PROMPT}${COMPLETION}`)).toBe(true);
    expect(program.trimEnd().endsWith("check(has_close_elements)")).toBe(true);
  });

  it("uses a chat answer's fenced function as is", () => {
    const chat = "Here is the solution:\n```python\nfrom typing import List\ndef has_close_elements(numbers, threshold):\n" + COMPLETION + "```\nHope it helps.";
    expect(buildProgram(chat, task).rule).toBe("1 fenced block");
  });

  it("runs MBPP asserts after the code", () => {
    const {program} = buildProgram("def add(a, b):\n    return a + b", {dataset: "mbpp", tests: ["assert add(1, 2) == 3", "assert add(0, 0) == 0"]});
    expect(program).toBe("\ndef add(a, b):\n    return a + b\n\nassert add(1, 2) == 3\nassert add(0, 0) == 0\n");
  });
});

describe("extractCode(response)", () => {
  it("joins several fenced blocks", () => {
    expect(extractCode("```python\nimport math\n```\ntext\n```py\nx = 1\n```").code).toBe("import math\n\n\nx = 1\n");
  });
});

describe("scoreCode(response, task) in the sandbox", () => {
  it("passes HumanEval/0 with a correct completion (the check(candidate) format seed 004 got wrong)", async () => {
    const r = await scoreCode(COMPLETION, task, {timeoutMs: 5000});
    expect(r.correct).toBe(true);
    expect(r.outcome).toBe("passed");
  });

  it("fails a wrong completion with the assertion as the reason", async () => {
    const r = await scoreCode("    return False\n", task, {timeoutMs: 5000});
    expect(r.correct).toBe(false);
    expect(r.why).toBe("whole response appended to the prompt: exit 1: AssertionError");
  });

  it("fails an unterminated string literal (seed 004's code-generation failure) as a SyntaxError", async () => {
    const r = await scoreCode("    return 'oops\n", task, {timeoutMs: 5000});
    expect(r.correct).toBe(false);
    expect(r.why).toMatch(/SyntaxError: unterminated string literal/);
  });
});
