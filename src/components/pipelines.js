// The coverage matrix (commit × source · version: measured, failed, absent) and the repeat-agreement chart.
import * as Plot from "@observablehq/plot";
import {h} from "./dom.js";

export const STATE_COLORS = {measured: "#1a9850", failed: "#d73027"};

/** Commit × (source · version) cells; commits beyond `maxCommits` are left out (the caller says so). */
export function coverageMatrix(rows, {width, variants}) {
  if (!rows.length) return h("p", {class: "muted"}, "No measurement in this warehouse.");
  const col = (d) => `${d.source} · ${d.variant}${d.agent ? ` (${d.agent})` : ""}`;
  const order = (d) => `${d.source}\u0000${variants.indexOf(d.variant)}\u0000${d.agent ?? ""}`;
  const columns = [...new Map(rows.map((d) => [col(d), order(d)])).entries()].sort((a, b) => a[1].localeCompare(b[1])).map(([c]) => c);
  const commits = [...new Set(rows.map((d) => d.commit))];
  const longest = (list) => Math.max(8, ...list.map((s) => String(s).length));
  return Plot.plot({
    width: Math.min(Math.max(width ?? 640, 0), 200 + 90 * columns.length),
    height: 140 + 14 * commits.length,
    // Room for the longest commit name on the left and the last rotated column label on the right.
    marginLeft: 12 + 6.5 * longest(commits),
    marginTop: 20 + 5 * longest(columns),
    marginRight: 4 * longest(columns),
    x: {domain: columns, axis: "top", tickRotate: -45, label: null},
    y: {domain: commits, label: null, tickSize: 0},
    color: {domain: Object.keys(STATE_COLORS), range: Object.values(STATE_COLORS), legend: true},
    marks: [
      Plot.cell(rows, {x: col, y: "commit", fill: "state", inset: 1, tip: true, title: (d) => `${d.commit} ${d.subject ?? ""}\n${col(d)}: ${d.measured} of ${d.measurements} measurement(s) with metrics`}),
      Plot.text(rows.filter((d) => d.measurements > 1), {x: col, y: "commit", text: (d) => String(d.measurements), fill: "white", fontSize: 9})
    ]
  });
}

/** One dot per pair of repeated measurements: how far apart (signed, + = the later one better), by metric. */
export function repeatChart(rows, {width, threshold}) {
  if (!rows.length) return h("p", {class: "muted"}, "No version was measured more than once in different files (a number in the matrix above counts measurements, which can come from one file listing a run twice).");
  const lim = Math.min(100, Math.max(10, ...rows.map((d) => Math.abs(d.diff_pct))));
  return Plot.plot({
    width,
    height: 80 + 34 * new Set(rows.map((d) => d.metric)).size,
    marginLeft: 150,
    x: {label: "difference between repeats (%, + = later run better; clipped at ±100)", domain: [-lim, lim], grid: true, clamp: true},
    y: {label: null},
    color: {legend: true, domain: [true, false], range: ["#4575b4", "#fdae61"], tickFormat: (d) => (d ? "same source" : "across sources")},
    marks: [
      threshold != null ? Plot.rectX([threshold], {x1: (t) => -t, x2: (t) => t, fill: "#4575b4", fillOpacity: 0.08}) : null,
      Plot.ruleX([0]),
      Plot.dot(rows, {x: (d) => Math.max(-100, Math.min(100, d.diff_pct)), y: "metric", stroke: "same_source", r: 4, tip: true, title: (d) => `${d.commit} ${d.variant}${d.agent ? ` (${d.agent})` : ""} ${d.metric}\n${d.source_a} ${d.batch_a ?? ""}: ${d.value_a}\n${d.source_b} ${d.batch_b ?? ""}: ${d.value_b}\n${d.diff_pct.toFixed(1)}%`})
    ].filter(Boolean)
  });
}
