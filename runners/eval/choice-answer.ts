// Multiple-choice scoring (ARC, HellaSwag, MMLU): which option a free-text response chose, by letter or by the
// option's text. Seed 004 got 0% and 7% because answers were never extracted; so every response that yields no
// choice is counted and the extraction rate is reported next to the score.

export const LETTERS = "ABCDEFGHIJ";

export type ChoiceExtraction = {index: number | null; rule: string};

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

/** The option a response chose: index into the options (0 = A), or null when it cannot be told. */
export function extractChoice(response: string, nChoices: number, options: string[] = []): ChoiceExtraction {
  const letters = LETTERS.slice(0, Math.max(nChoices, options.length) || 4);
  const L = `[${letters}${letters.toLowerCase()}]`;
  const at = (c: string, rule: string): ChoiceExtraction => ({index: letters.indexOf(c.toUpperCase()), rule});
  const text = response.replace(/\*\*/g, "").trim();
  // "The answer is (B)", "Answer: B", "correct option is C": the last explicit statement wins (models revise).
  // Upper case only: "the answer is a bird" names no option.
  const U = `[${letters}]`;
  const explicit = [...text.matchAll(new RegExp(String.raw`(?:[Aa]nswer|[Oo]ption|[Cc]hoice)\s*(?:is|:)?\s*(?:[Oo]ption\s*)?[\(\[]?(${U})[\)\]]?(?![A-Za-z])`, "g"))];
  if (explicit.length) return at(explicit[explicit.length - 1][1], '"answer is X"');
  // A bare letter: "B", "(B)", "B.", "B) Paris".
  const bare = new RegExp(String.raw`^[\(\[]?(${L})[\)\]\.:]?(?:\s|$)`).exec(text);
  if (bare && (text.length <= 3 || /^[\(\[]?[A-J][\)\]\.:]/i.test(text))) return at(bare[1], "leading letter");
  // One distinct parenthesised letter anywhere: "I would pick (C) here".
  const paren = new Set([...text.matchAll(new RegExp(String.raw`\((${U})\)`, "g"))].map((m) => m[1]));
  if (paren.size === 1) return at([...paren][0], "parenthesised letter");
  // The option's own text, when exactly one option appears in the response.
  if (options.length) {
    const body = ` ${norm(text)} `;
    const hits = options.map((o, i) => ({i, o: norm(o)})).filter(({o}) => o && body.includes(` ${o} `));
    // "New York" also names "York": drop options contained in another named option.
    const maximal = hits.filter((h) => !hits.some((o) => o !== h && o.o.includes(h.o)));
    if (maximal.length === 1) return {index: maximal[0].i, rule: "option text"};
    if (maximal.length > 1) return {index: null, rule: `ambiguous: ${maximal.length} options named`};
  }
  return {index: null, rule: "no letter or option text found"};
}

/** Reads a reference given as a letter ("B"), a 0-based index (1 or "1") or an option's text. */
export function referenceIndex(reference: string | number, options: string[] = []): number | null {
  if (typeof reference === "number") return Number.isInteger(reference) && reference >= 0 ? reference : null;
  const r = reference.trim();
  if (/^[A-Ja-j]$/.test(r)) return LETTERS.indexOf(r.toUpperCase());
  if (/^\d+$/.test(r)) return Number(r);
  const i = options.findIndex((o) => norm(o) === norm(r));
  return i >= 0 ? i : null;
}

export type ChoiceScore = {extracted: string | null; correct: boolean | null; why: string};

/** Scores a multiple-choice response. */
export function scoreChoice(response: string, reference: string | number, options: string[] = [], nChoices = options.length || 4): ChoiceScore {
  const ref = referenceIndex(reference, options);
  if (ref === null) return {extracted: null, correct: null, why: `reference ${JSON.stringify(reference)} is not a letter, index or option`};
  const got = extractChoice(response, nChoices, options);
  if (got.index === null) return {extracted: null, correct: false, why: `not extracted: ${got.rule}`};
  const correct = got.index === ref;
  return {
    extracted: LETTERS[got.index],
    correct,
    why: `${got.rule}: chose ${LETTERS[got.index]} ${correct ? "=" : "≠"} reference ${LETTERS[ref]}`
  };
}
