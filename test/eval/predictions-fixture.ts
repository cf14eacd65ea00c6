// A small predictions file in BenchBook's format, authored for the tests: every scorer, tricky answers, one
// hostile code sample and one invalid line.
export const HE_PROMPT = 'def add(a: int, b: int) -> int:\n    """Return a + b."""\n';
export const HE_TEST = "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n";

export const PREDICTIONS = [
  {dataset: "gsm8k", id: "g1", prompt: "Janet's ducks…", response: "She makes 9 * $2 = $18 a day.\n#### 18", reference: "Janet sells 9 eggs…\n#### 18"},
  {dataset: "gsm8k", id: "g2", prompt: "A robe…", response: "The answer is 3 bolts.", reference: 3},
  {dataset: "gsm8k", id: "g3", prompt: "How many…", response: "I cannot tell.", reference: 7},
  {dataset: "arc_challenge", id: "a1", prompt: "Which…", response: "The answer is (C).", reference: "C", choices: ["w", "x", "y", "z"]},
  {dataset: "arc_challenge", id: "a2", prompt: "Which…", response: "Hmm, hard to say.", reference: "A", choices: ["w", "x", "y", "z"]},
  {dataset: "humaneval", id: "HumanEval/x1", prompt: HE_PROMPT, response: "    return a + b\n", tests: HE_TEST, entry_point: "add"},
  {dataset: "humaneval", id: "HumanEval/x2", prompt: HE_PROMPT, response: "    while True:\n        pass\n", tests: HE_TEST, entry_point: "add"},
  {dataset: "mbpp", id: "mbpp/1", prompt: "Write add.", response: "```python\ndef add(a, b):\n    return a - b\n```", tests: ["assert add(1, 2) == 3"]},
  {dataset: "function_calling", id: "f1", prompt: "Weather in Paris?", response: '{"name": "get_weather", "arguments": {"city": "Paris"}}', functions: [{name: "get_weather", parameters: {type: "object", properties: {city: {type: "string"}}, required: ["city"]}}]},
  {dataset: "mt_bench", id: "m1", prompt: "Write a poem.", response: "Roses are red…"}
];

export const PREDICTIONS_TEXT = PREDICTIONS.map((p) => JSON.stringify(p)).join("\n") + '\n{"dataset": "gsm8k", "id": "bad"}\n';
