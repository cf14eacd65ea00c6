// Number and label formatting shared by the report pages, so a value reads the same on every page.

/** Signed percentage with one decimal: "+8.7%", "−4.5%", "" for null. */
export function pct(x) {
  if (x == null || !Number.isFinite(x)) return "";
  const s = Math.abs(x).toFixed(1);
  return `${x > 0 ? "+" : x < 0 ? "−" : "±"}${s}%`;
}

/** A rate 0–1 as a whole percentage: "68%". */
export function rate(x) {
  return x == null || !Number.isFinite(x) ? "–" : `${Math.round(x * 100)}%`;
}

/** A measured value with at most 4 significant digits and its unit. */
export function value(x, unit) {
  if (x == null || !Number.isFinite(x)) return "";
  const v = Math.abs(x) >= 1000 ? x.toFixed(0) : Number(x.toPrecision(4)).toString();
  return unit ? `${v} ${unit}` : v;
}

/** Label lookup from the vocabulary lists ({name, label}), falling back to the raw string. */
export function labeller(list) {
  const map = new Map((list ?? []).map((d) => [d.name, d.label]));
  return (name) => (name == null ? "–" : map.get(name) ?? name);
}

/** Colours of outcomes, fixed so every chart and badge agrees. */
export const OUTCOME_COLORS = {win: "#1a9850", match: "#4575b4", loss: "#d73027", failed: "#7f7f7f"};

/** Link to a commit's detail view in the explorer. */
export function commitHref(commit) {
  return `./explorer.html?commit=${encodeURIComponent(commit)}#detail`;
}

/** Arrow rows → plain objects (Arrow Row proxies do not spread). */
export function plain(rows) {
  return Array.from(rows, (r) => (typeof r.toJSON === "function" ? r.toJSON() : {...r}));
}
