// Throughput against prompt length (prefill) and against output length (decode), one line per configuration, with
// ±1 std whiskers: how each configuration scales, as seed 003's pp512…pp4096 / tg16…tg256 sweeps did by hand.
import * as Plot from "@observablehq/plot";

/** Chart of `kind` ("prefill" → x = prompt tokens, "decode" → x = generated tokens) from a tracker view's cells. */
export function throughputChart(view, kind, {width} = {}) {
  const x = kind === "prefill" ? "n_prompt" : "n_gen";
  const workloads = new Map(view.workloads.map((w) => [w.test, w]));
  const points = view.cells
    .filter((c) => c.kind === kind && (workloads.get(c.test)?.n_depth ?? 0) === 0)
    .map((c) => {
      const spread = c.std ?? 0;
      return {...c, x: workloads.get(c.test)[x], low: c.mean - spread, high: c.mean + spread};
    })
    .filter((p) => p.x > 0);
  return Plot.plot({
    width,
    height: 320,
    marginLeft: 60,
    // Sweeps double their lengths (512, 1024 …), so a log-2 axis ticked at the measured lengths reads directly.
    x: {
      type: "log",
      base: 2,
      ticks: [...new Set(points.map((p) => p.x))],
      tickFormat: "d",
      label: kind === "prefill" ? "Prompt tokens →" : "Generated tokens →",
      grid: true
    },
    y: {label: "↑ tokens/s", grid: true, zero: true},
    color: {legend: true},
    marks: [
      Plot.ruleX(points, {x: "x", y1: "low", y2: "high", stroke: "config"}),
      Plot.line(points, {x: "x", y: "mean", stroke: "config", sort: "x"}),
      Plot.dot(points, {
        x: "x",
        y: "mean",
        stroke: "config",
        fill: "config",
        tip: true,
        title: (d) => `${d.config}\n${d.test}: ${d.mean.toFixed(2)} tok/s`
      })
    ],
    ariaLabel: `${kind} throughput`
  });
}
