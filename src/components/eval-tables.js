// Evaluation tables: models × presets × datasets with score, interval, n and every trust flag written next to the
// score (never behind a click), and the runs with their preset and system figures. Text from data files is only
// ever set as text (h() from dom.js).
import {h} from "./dom.js";

const pct1 = (x) => (x == null || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(x * 100 >= 10 || x === 0 ? 0 : 1)}%`);
const num = (x, digits = 2) => (x == null || !Number.isFinite(x) ? "–" : Number(x.toFixed(digits)).toString());

/** "13–29%": a Wilson interval in whole percent. */
export function interval(s) {
  return s.ci_low == null || s.ci_high == null ? "no interval" : `${Math.round(s.ci_low * 100)}–${Math.round(s.ci_high * 100)}%`;
}

const SEVERITY_ORDER = {critical: 0, warning: 1, info: 2};
function worst(flags) {
  return flags.reduce((w, f) => (w == null || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[w] ? f.severity : w), null);
}

/** A flag as a visible badge: its short title, with the full message as the tooltip and in the list below. */
export function flagBadge(flag, titles) {
  return h("span", {class: `eval-flag eval-flag-${flag.severity}`, title: flag.message, "data-flag": flag.code}, titles[flag.code]?.title ?? flag.code);
}

/** Runs that have scores, as table rows (label, model, preset). */
function scoredRuns(data) {
  const ids = new Set(data.scores.map((s) => s.run_id));
  return data.runs.filter((r) => ids.has(r.run_id));
}

/** Datasets present in the scores, in the vocabulary's order, unknown ones after. */
export function datasetsIn(data) {
  const present = new Set(data.scores.map((s) => s.dataset));
  const known = data.datasets.filter((d) => present.has(d.id)).map((d) => d.id);
  return [...known, ...[...present].filter((d) => !known.includes(d)).sort()];
}

/**
 * The models × presets × datasets matrix: one column per run (model · preset), one row per dataset (there are more
 * datasets than runs, and rows read down). Cells: score, interval, n of the benchmark's size, every flag.
 */
export function scoreMatrix(data) {
  const datasets = datasetsIn(data);
  const info = (id) => data.datasets.find((d) => d.id === id);
  const runs = scoredRuns(data);
  const head = h(
    "tr",
    null,
    h("th", null, "Dataset"),
    runs.map((r) => h("th", {scope: "col", "data-run": r.run_label}, r.run_label ?? r.model, h("div", {class: "eval-sub"}, [r.model, r.preset].filter(Boolean).join(" · "))))
  );
  const rows = datasets.map((d) =>
    h(
      "tr",
      {"data-dataset": d},
      h(
        "th",
        {scope: "row"},
        info(d)?.label ?? d,
        info(d) ? h("div", {class: "eval-sub"}, [info(d).size ? `${info(d).size} items` : null, info(d).choices ? `${info(d).choices} choices` : null].filter(Boolean).join(" · ")) : null
      ),
      runs.map((r) => {
        const cell = data.scores.filter((s) => s.run_id === r.run_id && s.dataset === d);
        if (!cell.length) return h("td", {class: "eval-none", "data-run": r.run_label}, "not run");
        const w = worst(cell.flatMap((s) => s.flags));
        return h(
          "td",
          {class: `eval-cell${w ? ` eval-${w}` : ""}`, "data-run": r.run_label},
          cell.map((s) =>
            h(
              "div",
              {class: "eval-score", "data-eval": s.eval_id},
              h("strong", null, pct1(s.score)),
              s.metric && s.metric !== info(d)?.metric ? h("span", {class: "eval-metric"}, ` ${s.metric}`) : null,
              h("div", {class: "eval-sub"}, `${interval(s)} · n = ${s.n ?? "?"}${s.n_expected ? ` of ${s.n_expected}` : ""}`),
              s.extraction_rate != null || s.few_shot != null
                ? h("div", {class: "eval-sub"}, [s.extraction_rate != null ? `answers found in ${pct1(s.extraction_rate)}` : null, s.few_shot != null ? `${s.few_shot}-shot` : null].filter(Boolean).join(" · "))
                : null,
              s.flags.length ? h("div", {class: "eval-flags"}, s.flags.map((f) => flagBadge(f, data.flagTitles))) : null
            )
          )
        );
      })
    )
  );
  return h("table", {id: "eval-scores", class: "eval-table"}, h("thead", null, head), h("tbody", null, rows));
}

/** Every flag with its full message, grouped by score: what the badges in the matrix mean, in words. */
export function flagList(data) {
  const flagged = data.scores.filter((s) => s.flags.length);
  if (!flagged.length) return h("p", {id: "eval-flag-list"}, "No score raised a trust flag.");
  const critical = flagged.filter((s) => s.flags.some((f) => f.severity === "critical")).length;
  const items = flagged.map((s) =>
    h(
      "li",
      {"data-eval": s.eval_id},
      h("strong", null, `${s.run_label} · ${s.dataset_label} ${pct1(s.score)}`),
      h("ul", null, s.flags.map((f) => h("li", {class: `eval-flag-text eval-flag-text-${f.severity}`}, flagBadge(f, data.flagTitles), " ", f.message)))
    )
  );
  return h(
    "details",
    {open: true, id: "eval-flag-details"},
    h("summary", null, `What the flags say: ${flagged.length} flagged scores, ${critical} critical`),
    h("ul", {id: "eval-flag-list", class: "eval-flag-list"}, items)
  );
}

/** Runs with their preset fields, system figures and the kernel vLLM actually selected. */
export function runTable(data) {
  const cols = [
    ["Run", (r) => r.run_label ?? r.model],
    ["Model", (r) => r.model_id ?? r.model],
    ["Preset", (r) => r.preset ?? "–"],
    ["Quantization", (r) => r.quantization ?? "–"],
    ["Kernel (from log)", (r) => [r.kernel_selected ?? "–", ...r.flags.map((f) => [" ", flagBadge(f, data.flagTitles)])]],
    ["GPU mem. util.", (r) => (r.gpu_memory_utilization == null ? "–" : pct1(r.gpu_memory_utilization))],
    ["Max seqs", (r) => num(r.max_num_seqs, 0)],
    ["Batch", (r) => num(r.batch_size, 0)],
    ["Prefix caching", (r) => (r.prefix_caching == null ? "–" : r.prefix_caching ? "on" : "off")],
    ["Memory (GB)", (r) => num(r.memory_used_gb)],
    ["Throughput (tok/s)", (r) => num(r.throughput_tok_s)],
    ["GPU util.", (r) => (r.gpu_util_pct == null ? "–" : `${num(r.gpu_util_pct, 0)}%`)],
    ["Scores", (r) => String(r.datasets)]
  ];
  return h(
    "table",
    {id: "eval-runs", class: "eval-table"},
    h("thead", null, h("tr", null, cols.map(([c]) => h("th", null, c)))),
    h(
      "tbody",
      null,
      data.runs.map((r) =>
        h(
          "tr",
          {"data-run": r.run_label, title: r.kernel_evidence ?? null},
          cols.map(([, f]) => h("td", null, f(r)))
        )
      )
    )
  );
}
