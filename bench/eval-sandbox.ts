// How much the evaluation sandbox costs per code sample: the same trivial program run N times with Debian's python3
// directly (our own program, not a sample) and through runInSandbox (namespaces, setpriv, prlimit, temp dir).
// Prints ms per sample and the overhead ratio. Usage: npx tsx bench/eval-sandbox.ts [N=20]
import {execa} from "execa";
import {runInSandbox, SANDBOX_PYTHON} from "../runners/eval/sandbox.ts";

const N = Number(process.argv[2] ?? 20);
const PROGRAM = "def add(a, b):\n    return a + b\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n\ncheck(add)\n";

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < N; i++) await fn();
  return (performance.now() - t) / N;
}

const direct = await time(() => execa(SANDBOX_PYTHON, ["-I", "-B", "-c", PROGRAM]));
let failures = 0;
const sandboxed = await time(async () => {
  const r = await runInSandbox(PROGRAM);
  if (r.outcome !== "passed") failures++;
});
console.log(`samples: ${N} (sequential)`);
console.log(`python3 directly:   ${direct.toFixed(1)} ms/sample`);
console.log(`in the sandbox:     ${sandboxed.toFixed(1)} ms/sample (${failures} not passed)`);
console.log(`overhead ratio:     ${(sandboxed / direct).toFixed(2)}x; 164 HumanEval samples ≈ ${((164 * sandboxed) / 1000).toFixed(1)} s`);
