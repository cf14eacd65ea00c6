// Evaluation charts: the preset trade-off (accuracy on one dataset vs throughput, dot size = GPU memory, bar = 95%
// interval) and throughput per run by the kernel vLLM selected, where a slow kernel stands out.
import * as Plot from "@observablehq/plot";

/** Accuracy vs throughput vs memory for one dataset's scores joined with their runs. */
export function tradeoffChart(points, {width, chance, label}) {
  const rows = points.filter((p) => p.score != null && p.throughput_tok_s != null);
  if (!rows.length) return null;
  return Plot.plot({
    width,
    height: 360,
    marginLeft: 50,
    x: {label: "Throughput (tok/s) →", grid: true, domain: [0, Math.max(...rows.map((d) => d.throughput_tok_s)) * 1.15]},
    y: {label: `↑ ${label} (%)`, domain: [0, 100], grid: true},
    r: {range: [4, 18], label: "GPU memory (GB)"},
    color: {legend: true, label: "Model"},
    marks: [
      chance != null ? Plot.ruleY([chance * 100], {stroke: "#d73027", strokeDasharray: "4,3"}) : null,
      chance != null ? Plot.text([chance * 100], {y: (d) => d, frameAnchor: "right", dy: -6, text: () => `chance ${Math.round(chance * 100)}%`, fill: "#d73027"}) : null,
      Plot.ruleX(rows, {x: "throughput_tok_s", y1: (d) => (d.ci_low ?? d.score) * 100, y2: (d) => (d.ci_high ?? d.score) * 100, stroke: "model", strokeOpacity: 0.6}),
      Plot.dot(rows, {x: "throughput_tok_s", y: (d) => d.score * 100, r: (d) => d.memory_used_gb ?? 1, fill: "model", fillOpacity: 0.8, tip: true,
        title: (d) => `${d.run_label}\n${(d.score * 100).toFixed(1)}% (95% CI ${Math.round((d.ci_low ?? 0) * 100)}–${Math.round((d.ci_high ?? 0) * 100)}%), n = ${d.n ?? "?"}\n${d.throughput_tok_s} tok/s · ${d.memory_used_gb ?? "?"} GB`}),
      Plot.text(rows, {x: "throughput_tok_s", y: (d) => d.score * 100, text: (d) => d.preset ?? "", dy: -14})
    ]
  });
}

/** Throughput per run, coloured by the kernel vLLM selected; runs on a slow kernel are marked. */
export function kernelChart(runs, {width}) {
  const rows = runs.filter((r) => r.throughput_tok_s != null);
  if (!rows.length) return null;
  return Plot.plot({
    width,
    height: 40 + 28 * rows.length,
    marginLeft: 330,
    x: {label: "Output throughput (tok/s) →", grid: true, domain: [0, Math.max(...rows.map((r) => r.throughput_tok_s)) * 1.35]},
    y: {label: null},
    color: {legend: true, label: "Kernel", domain: [...new Set(rows.map((r) => r.kernel_selected ?? "unquantised / not logged"))]},
    marks: [
      Plot.barX(rows, {x: "throughput_tok_s", y: "run_label", fill: (r) => r.kernel_selected ?? "unquantised / not logged", sort: {y: "x"}}),
      Plot.text(rows, {x: "throughput_tok_s", y: "run_label", text: (r) => `${r.throughput_tok_s} tok/s${r.flags.length ? " · slow kernel" : ""}`, dx: 4, textAnchor: "start"}),
      Plot.ruleX([0])
    ]
  });
}
