// GSM8K-style scoring: the final number of a worked answer, read the way a person would read it. Reports write
// "#### 1,234", "The answer is $18.", "**72** apples" or "\boxed{42}"; a scorer that misses these reports the
// parser's accuracy, not the model's. Pure functions; `why` says which rule found the number.

export type NumberExtraction = {value: number | null; text: string | null; rule: string};

const NUMBER = String.raw`-?\$?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
const NUMBER_RE = new RegExp(NUMBER, "g");

/** Tolerance when comparing numbers (answers like 0.1 + 0.2). */
export const NUMBER_TOLERANCE = 1e-6;

/** Parses "1,234.50", "$18", "-3", "42." into a number; null when it is not one. */
export function parseNumber(text: string): number | null {
  const cleaned = text.replace(/[$,\s]/g, "").replace(/\.$/, "");
  if (!/^-?\d+(?:\.\d+)?$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

function lastNumberIn(text: string): string | null {
  const all = text.match(NUMBER_RE);
  return all?.length ? all[all.length - 1] : null;
}

// In order of how explicitly the response marks its final answer.
const RULES: Array<{rule: string; re: RegExp}> = [
  {rule: "#### marker", re: /####\s*([^\n]*)/g},
  {rule: "\\boxed{}", re: /\\boxed\{([^{}]*)\}/g},
  {rule: '"the answer is"', re: /answer\s*(?:is|:|=)\s*:?\s*([^\n]*)/gi}
];

/** The final numeric answer of a response (or of a GSM8K reference, whose answer follows "####"). */
export function extractFinalNumber(response: string): NumberExtraction {
  for (const {rule, re} of RULES) {
    const matches = [...response.matchAll(re)];
    for (let i = matches.length - 1; i >= 0; i--) {
      const text = lastNumberInFirst(matches[i][1]);
      if (text) return {value: parseNumber(text), text: text.trim(), rule};
    }
  }
  const text = lastNumberIn(response);
  return text ? {value: parseNumber(text), text: text.trim(), rule: "last number in the response"} : {value: null, text: null, rule: "no number found"};
}

// After a marker, the answer is the first number ("The answer is 18 dollars, not 20" → 18).
function lastNumberInFirst(segment: string): string | null {
  const m = segment.match(new RegExp(NUMBER));
  return m ? m[0] : null;
}

export type NumberScore = {extracted: string | null; correct: boolean | null; why: string};

/** Scores a response against a reference (a number, or a GSM8K solution ending in "#### n"). */
export function scoreNumber(response: string, reference: string | number): NumberScore {
  const ref = typeof reference === "number" ? {value: reference, text: String(reference), rule: "number"} : extractFinalNumber(reference);
  if (ref.value === null) return {extracted: null, correct: null, why: `reference has no number (${JSON.stringify(String(reference).slice(0, 60))})`};
  const got = extractFinalNumber(response);
  if (got.value === null) return {extracted: null, correct: false, why: "no number found in the response"};
  const correct = Math.abs(got.value - ref.value) <= NUMBER_TOLERANCE * Math.max(1, Math.abs(ref.value));
  return {
    extracted: String(got.value),
    correct,
    why: `${got.rule}: ${JSON.stringify(got.text)} → ${got.value} ${correct ? "=" : "≠"} reference ${ref.value}`
  };
}
