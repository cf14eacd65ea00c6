// The explorer's chart (agent vs human per commit with the ± threshold band) and its per-commit detail view: every
// measurement found for the commit, which combination each agent's verdict used and why, and the alternatives.
import * as Plot from "@observablehq/plot";
import {h} from "./dom.js";
import {OUTCOME_COLORS, pct, value} from "./format.js";

/** Commits drawn with their names on the axis; above this the axis shows ranks and the tooltip names the commit. */
const LABELLED_COMMITS = 60;

/** Above this many comparisons the chart shows their distribution (a histogram) rather than one mark each. */
const MARKS_PER_COMPARISON_MAX = 500;

/**
 * Agent-vs-human improvement per (agent, commit), sorted, with the ±threshold band shaded: bars with commit names
 * for a few commits, dots for hundreds, a histogram for thousands (drawing 20,000 marks would stall every filter).
 */
export function verdictChart(rows, {threshold, width}) {
  const data = [];
  for (const d of rows) if (d.agent_vs_human_pct != null) data.push({agent: d.agent, commit: d.commit, subject: d.subject, outcome: d.outcome, primary_metric: d.primary_metric, agent_vs_human_pct: d.agent_vs_human_pct});
  if (!data.length) return h("p", {class: "muted"}, "No agent-vs-human comparison among the rows selected.");
  const band = threshold == null ? [] : [Plot.ruleY([-threshold, threshold], {stroke: "#4575b4", strokeDasharray: "4,3", strokeOpacity: 0.6})];
  const color = {domain: ["win", "match", "loss"], range: [OUTCOME_COLORS.win, OUTCOME_COLORS.match, OUTCOME_COLORS.loss], legend: true};
  if (data.length > MARKS_PER_COMPARISON_MAX) return histogram(data, {threshold, width, color});
  data.sort((a, b) => a.agent_vs_human_pct - b.agent_vs_human_pct);
  data.forEach((d, i) => (d.rank = i + 1));
  const labelled = data.length <= LABELLED_COMMITS;
  const key = (d) => `${d.commit} · ${d.agent}`;
  const agents = new Set(data.map((d) => d.agent));
  return Plot.plot({
    // A few bars need no more than ~40 px each; a full-width chart of two bars reads as a block.
    width: labelled ? Math.min(width, 120 + 40 * data.length) : width,
    height: 320,
    marginBottom: labelled ? 90 : 40,
    x: labelled
      ? {domain: data.map(key), label: null, tickRotate: -60, tickFormat: (k) => (agents.size > 1 ? k : k.split(" · ")[0])}
      : {label: `${data.length} comparisons, sorted`, ticks: 0},
    y: {label: "agent vs human (%, positive = agent better)", grid: true},
    color,
    marks: [
      threshold != null ? Plot.rectY([threshold], {y1: (t) => -t, y2: (t) => t, fill: "#4575b4", fillOpacity: 0.1}) : null,
      ...band,
      Plot.ruleY([0]),
      labelled
        ? Plot.barY(data, {x: key, y: "agent_vs_human_pct", fill: "outcome", tip: true, title: tipText})
        : Plot.dot(data, {x: "rank", y: "agent_vs_human_pct", fill: "outcome", r: 2, tip: true, title: tipText})
    ].filter(Boolean)
  });
}

/** Distribution of agent vs human (1% bins, clipped at ±100%), coloured by outcome, with the match band. */
function histogram(data, {threshold, width, color}) {
  const clip = (x) => Math.max(-100, Math.min(100, x));
  return Plot.plot({
    width,
    height: 320,
    x: {label: `agent vs human (%, positive = agent better; ${data.length.toLocaleString("en-US")} comparisons, clipped at ±100)`, grid: true},
    y: {label: "comparisons", grid: true},
    color,
    marks: [
      threshold != null ? Plot.rectX([threshold], {x1: (t) => -t, x2: (t) => t, fill: "#4575b4", fillOpacity: 0.1}) : null,
      Plot.rectY(data, Plot.binX({y: "count"}, {x: (d) => clip(d.agent_vs_human_pct), fill: "outcome", thresholds: 100, tip: true})),
      Plot.ruleY([0]),
      Plot.ruleX([0])
    ].filter(Boolean)
  });
}

function tipText(d) {
  return `${d.commit} (${d.agent}) ${d.subject ?? ""}\nagent vs human ${pct(d.agent_vs_human_pct)} on ${d.primary_metric ?? "?"}\n${d.outcome ?? ""}`;
}

const CONFIG_FIELDS = [
  ["dataset", "dataset_name", "declared_dataset_name"],
  ["input len", "input_len", "declared_input_len"],
  ["output len", "output_len", "declared_output_len"],
  ["prompts", "num_prompts", "declared_num_prompts"],
  ["request rate", "request_rate", "declared_request_rate"]
];

/** "executed (declared …)" per config field, marking differences. */
function configCell(m) {
  const parts = [];
  for (const [label, executed, declared] of CONFIG_FIELDS) {
    const e = m[executed];
    const d = m[declared];
    if (e == null && d == null) continue;
    const differs = e != null && d != null && String(e) !== String(d);
    parts.push(h("div", {class: differs ? "bb-drift" : null}, `${label}: ${e ?? "?"}`, d != null && differs ? ` (declared ${d})` : d != null && e == null ? ` (declared ${d}, not logged)` : ""));
  }
  return parts.length ? parts : "–";
}

/** The verdicts for one commit (one per agent), the measurements behind them, and every other measurement found. */
export function commitDetail({commit, verdicts, measurements, metrics, flags}) {
  if (!commit) return h("p", {class: "muted"}, "Select a row in the table to see the measurements behind it.");
  const metricsOf = new Map();
  for (const x of metrics) {
    const list = metricsOf.get(x.measurement_id) ?? [];
    list.push(x);
    metricsOf.set(x.measurement_id, list);
  }
  const chosenBy = new Map();
  for (const v of verdicts) {
    for (const variant of ["baseline", "human", "agent"]) {
      const id = v[`${variant}_measurement_id`];
      if (id) chosenBy.set(id, [...(chosenBy.get(id) ?? []), v.agent]);
    }
  }
  const subject = verdicts.find((v) => v.subject)?.subject ?? measurements.find((m) => m.subject)?.subject ?? "";
  return h(
    "div",
    {class: "bb-detail", "data-commit": commit},
    h("h3", null, h("code", null, commit), " ", h("span", {class: "bb-subject"}, subject)),
    verdicts.map((v) => verdictBlock(v, metricsOf)),
    flags.length ? h("div", {class: "bb-flags"}, h("h4", null, `Flags (${flags.length})`), h("ul", null, flags.map((f) => h("li", null, h("b", null, f.kind), f.agent ? ` (${f.agent})` : "", ": ", f.detail ?? "")))) : null,
    h("h4", null, `Every measurement of this commit (${measurements.length})`),
    h("p", {class: "muted"}, "★ = used by a verdict above; the others are the alternatives analysis considered (other sources, batches or repeats)."),
    measurementTable(measurements, metricsOf, chosenBy)
  );
}

function verdictBlock(v, metricsOf) {
  const unit = [v.agent_measurement_id, v.human_measurement_id].map((id) => metricsOf.get(id)?.find((x) => x.metric === v.primary_metric)?.unit).find(Boolean);
  return h(
    "div",
    {class: "bb-verdict", "data-agent": v.agent},
    h("div", null, h("b", null, v.agent), " · ", h("span", {class: "bb-badge", style: {background: OUTCOME_COLORS[v.outcome] ?? "#bbb"}}, v.outcome ?? "no verdict"), " ", h("span", null, v.category), v.stable === false ? h("span", {class: "bb-unstable"}, " · unstable") : null),
    v.category_reason ? h("div", {class: "muted"}, v.category_reason) : null,
    v.primary_metric
      ? h(
          "div",
          null,
          `${v.primary_metric}: baseline ${value(v.baseline_value, unit) || "–"} → human ${value(v.human_value, unit) || "–"} → agent ${value(v.agent_value, unit) || "–"}; `,
          `human vs baseline ${pct(v.human_vs_baseline_pct) || "–"}, agent vs baseline ${pct(v.agent_vs_baseline_pct) || "–"}, `,
          h("b", null, `agent vs human ${pct(v.agent_vs_human_pct) || "–"}`)
        )
      : null,
    v.primary_metric_reason ? h("div", {class: "muted"}, `Why this metric: ${v.primary_metric_reason}`) : null,
    h("div", {class: "muted"}, `Chosen measurements: baseline ${v.baseline_measurement_id ?? "none"}, human ${v.human_measurement_id ?? "none"}, agent ${v.agent_measurement_id ?? "none"}`),
    v.conflicting_outcome ? h("div", {class: "bb-unstable"}, `Another comparable combination says ${v.conflicting_outcome} (${pct(v.conflicting_agent_vs_human_pct)}).`) : null,
    v.config_override ? h("div", null, `Primary metric set by benchbook.config.json: ${v.config_override}`) : null,
    otherMetricsTable(parseList(v.other_metrics)),
    alternativesTable(parseList(v.alternatives), unit)
  );
}

/** A JSON array column (alternatives, other_metrics); anything else reads as empty. */
function parseList(text) {
  if (!text) return [];
  try {
    const list = JSON.parse(text);
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function otherMetricsTable(list) {
  if (!list.length) return null;
  return h(
    "details",
    null,
    h("summary", null, `Other metrics the chosen measurements share (${list.length})`),
    h(
      "table",
      {class: "bb-mtable"},
      h("thead", null, h("tr", null, ["metric", "baseline", "human", "agent", "H vs B", "A vs B", "A vs H"].map((c) => h("th", null, c)))),
      h(
        "tbody",
        null,
        list.map((m) =>
          h(
            "tr",
            null,
            h("td", null, m.metric),
            [m.baseline, m.human, m.agent].map((x) => h("td", null, value(x, m.unit) || "–")),
            [m.human_vs_baseline_pct, m.agent_vs_baseline_pct, m.agent_vs_human_pct].map((x) => h("td", null, pct(x) || "–"))
          )
        )
      )
    )
  );
}

function alternativesTable(list, unit) {
  if (!list.length) return h("div", {class: "muted"}, "No other combination of measurements was considered.");
  return h(
    "details",
    {class: "bb-alternatives"},
    h("summary", null, `Alternatives considered (${list.length}) and why they were not chosen`),
    h(
      "table",
      {class: "bb-mtable"},
      h("thead", null, h("tr", null, ["family", "baseline · human · agent", "comparable?", "values", "A vs H", "outcome"].map((c) => h("th", null, c)))),
      h(
        "tbody",
        null,
        list.map((a) =>
          h(
            "tr",
            null,
            h("td", null, a.family ?? ""),
            h("td", {class: "bb-file"}, `${a.baseline_measurement_id ?? "—"} · ${a.human_measurement_id ?? "—"} · ${a.agent_measurement_id ?? "—"}`),
            h("td", null, a.comparable ? "yes" : `no: ${a.why ?? ""}`, a.baseline_why ? h("div", {class: "muted"}, `baseline: ${a.baseline_why}`) : null),
            h("td", null, `${a.primary_metric ?? ""} ${[a.baseline_value, a.human_value, a.agent_value].map((x) => value(x, unit) || "–").join(" → ")}`),
            h("td", null, pct(a.agent_vs_human_pct) || "–"),
            h("td", null, a.outcome ?? "")
          )
        )
      )
    )
  );
}

function measurementTable(measurements, metricsOf, chosenBy) {
  const head = ["", "version", "source / batch", "status", "model · mode", "executed config", "metrics", "errors and logs"];
  return h(
    "div",
    {class: "bb-scroll"},
    h(
      "table",
      {class: "bb-mtable"},
      h("thead", null, h("tr", null, head.map((c) => h("th", null, c)))),
      h(
        "tbody",
        null,
        measurements.map((m) => {
          const chosen = chosenBy.get(m.measurement_id);
          const xs = metricsOf.get(m.measurement_id) ?? [];
          return h(
            "tr",
            {class: chosen ? "bb-chosen" : null, "data-measurement": m.measurement_id},
            h("td", {title: chosen ? `used by ${chosen.join(", ")}` : "alternative"}, chosen ? "★" : ""),
            h("td", null, m.variant, m.variant === "agent" && m.agent ? h("div", {class: "muted"}, m.agent) : null),
            h("td", null, m.source, h("div", {class: "muted"}, m.batch ?? ""), h("div", {class: "muted bb-file"}, m.file ?? ""), m.timestamp ? h("div", {class: "muted"}, m.timestamp) : null),
            h("td", null, m.status ?? ""),
            h("td", null, m.model ?? "?", h("div", {class: "muted"}, m.benchmark_mode ?? "")),
            h("td", null, configCell(m)),
            h("td", null, xs.length ? xs.map((x) => h("div", null, `${x.metric} ${value(x.value, x.unit)}`)) : h("span", {class: "muted"}, "none")),
            h("td", {class: "bb-logs"}, logBlock("error", m.error), logBlock("benchmark log", m.raw_log_excerpt), logBlock("server log", m.server_log_excerpt), m.perf_command ? logBlock("declared command", m.perf_command) : null)
          );
        })
      )
    )
  );
}

/** A collapsible, scrolling text block (errors open, logs closed). Text only: never parsed as HTML. */
function logBlock(label, text) {
  if (!text) return null;
  const open = label === "error";
  return h("details", {open}, h("summary", null, `${label} (${text.length.toLocaleString("en-US")} chars)`), h("pre", {class: "bb-log"}, text));
}
