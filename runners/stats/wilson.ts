// The Wilson score interval for a proportion: what an accuracy measured on a sample of a benchmark can be trusted
// to mean. Unlike the normal approximation it stays inside [0, 1] and is honest at 0%, 100% and small n.
// One implementation for the whole project (evaluation trust checks, analysis, pages).

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export type Interval = {low: number; high: number};

/**
 * Wilson score interval for `successes` out of `n` trials (Wilson 1927; Agresti & Coull 1998).
 * Returns null when n is not a positive number. `successes` may be fractional (a score × n).
 * @param {number} successes correct answers
 * @param {number} n trials
 * @param {number} [z=Z_95] standard-normal quantile of the interval
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval | null {
  if (!Number.isFinite(n) || n <= 0 || !Number.isFinite(successes) || successes < 0 || successes > n) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 and n the bound is exactly 0 or 1; floating point would leave 1e-18.
  return {low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half)};
}

/** Standard error of a proportion p measured on n samples (the binomial sqrt(p(1-p)/n)); null without n. */
export function proportionStderr(p: number, n: number): number | null {
  if (!Number.isFinite(n) || n <= 0 || !Number.isFinite(p) || p < 0 || p > 1) return null;
  return Math.sqrt((p * (1 - p)) / n);
}
