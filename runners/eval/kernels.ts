// Which quantised-GEMM kernel vLLM actually used, read from its own log lines. Seed 004 lost a factor of 9 in
// throughput to `quantization="awq"` forcing the slow AWQ kernel while the fast Marlin one was available; the
// config said "awq", only the log said which kernel ran. Messages are vLLM's (awq_marlin.py, gptq_marlin.py,
// config.py `_verify_quantization`).

/** Slow kernel → the fast kernel vLLM can convert the same checkpoint to on CUDA GPUs of compute capability ≥ 8.0. */
export const FAST_KERNEL: Record<string, string> = {awq: "awq_marlin", gptq: "gptq_marlin"};

export type KernelSelection = {
  /** Kernel vLLM reports it runs (null when the log says nothing). */
  selected: string | null;
  /** A faster kernel vLLM said it could have used (null when none was mentioned or known). */
  fastAvailable: string | null;
  /** The log lines the answer was read from, for the page. */
  evidence: string[];
};

const USING = /The model is convertible to (\w+) during runtime\.\s*Using (\w+) kernel/;
const FORCED = /Detected that the model can run with (\w+), however you specified quantization=(\w+) explicitly/;
const NOT_OPTIMIZED = /(\w+) quantization is not fully optimized yet/;

/** Reads vLLM's startup log (any amount of text) for the kernel it selected. */
export function kernelFromLog(log: string): KernelSelection {
  let selected: string | null = null;
  let fastAvailable: string | null = null;
  const evidence: string[] = [];
  for (const line of log.split(/\r?\n/)) {
    let m = USING.exec(line);
    if (m) {
      selected = m[2];
      evidence.push(line.trim());
      continue;
    }
    m = FORCED.exec(line);
    if (m) {
      selected = m[2];
      fastAvailable = m[1];
      evidence.push(line.trim());
      continue;
    }
    m = NOT_OPTIMIZED.exec(line);
    if (m) {
      selected ??= m[1];
      evidence.push(line.trim());
    }
  }
  if (selected && !fastAvailable && FAST_KERNEL[selected]) fastAvailable = FAST_KERNEL[selected];
  return {selected, fastAvailable, evidence};
}

/** The faster kernel that exists for `kernel`, or null when it already is the fast one (or unknown). */
export function fasterKernel(kernel: string | null | undefined): string | null {
  return kernel ? (FAST_KERNEL[kernel.toLowerCase()] ?? null) : null;
}

/**
 * The kernel a run used: from vLLM's log when it has the lines, else from the requested quantization (vLLM honours
 * an explicit `quantization="awq"` and runs the slow kernel, so the request alone is evidence).
 */
export function resolveKernel(quantization: string | null | undefined, log = ""): KernelSelection {
  const fromLog = kernelFromLog(log);
  if (fromLog.selected) return fromLog;
  const q = quantization?.toLowerCase() ?? null;
  if (!q || q === "none") return {selected: null, fastAvailable: null, evidence: []};
  return {
    selected: q,
    fastAvailable: fasterKernel(q),
    evidence: [`quantization="${q}" requested explicitly (vLLM runs the requested kernel)`]
  };
}
