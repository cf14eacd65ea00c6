// Seed 003's published tables (../shared/seeds/003_2a138f990aa97561.txt), as the tracker page must show them from
// data/seeds/seed-003-tracker.json. Shared by the loader test and the browser test.

export const SEED_TRACKER = "MXFP4 v2: gpt-oss-120b on NVIDIA GB10";

/** The report's "Current Best Results" table: workload → [baseline, best, config, date]. */
export const SEED_CURRENT_BEST: Record<string, [number, number, string, string]> = {
  tg32: [31.63, 31.63, "Upstream Baseline", "2026-01-09"],
  tg128: [31.62, 31.62, "Upstream Baseline", "2026-01-09"],
  tg256: [31.12, 31.12, "Upstream Baseline", "2026-01-09"],
  pp512: [2209, 2209, "Upstream Baseline", "2026-01-09"],
  pp1024: [3386, 3386, "Upstream Baseline", "2026-01-09"],
  pp2048: [4341, 4341, "Upstream Baseline", "2026-01-09"],
  pp4096: [4008, 4008, "Upstream Baseline", "2026-01-09"],
  "ttft@pp2048": [555, 555, "Upstream Baseline", "2026-01-09"]
};

/** The report's "Comparison Matrix" (tg32, tg128, tg256, pp2048, TTFT); null = "-" (not run). */
export const SEED_MATRIX_TESTS = ["tg32", "tg128", "tg256", "pp2048", "ttft@pp2048"];
export const SEED_MATRIX: Record<string, (number | null)[]> = {
  "Upstream Baseline": [31.6, 31.6, 31.1, 4341, 555],
  "PR #31740 + Baseline": [31.9, null, null, 4702, 579],
  "PR #31740 Native": [null, null, null, null, null],
  "CUTLASS GEMM": [null, null, null, null, null],
  "CUTLASS + MXFP8": [null, null, null, null, null],
  "+ Eagle3 short": [null, null, null, null, null],
  "+ Eagle3 long": [null, null, null, null, null],
  "+ Eagle3 throughput": [null, null, null, null, null],
  "llama.cpp": [57.85, null, null, 2449, null],
  SGLang: [52.37, null, null, null, 49.87]
};

/** A figure agrees with the report when it differs by less than one unit of the report's last printed digit. */
export function agrees(value: number, published: number): boolean {
  const decimals = (String(published).split(".")[1] ?? "").length;
  return Math.abs(value - published) < 10 ** -decimals;
}
