// The overview's building blocks: one headline card per agent and the leaderboard chart (outcome rates with their
// 95% Wilson intervals, from summary.json), drawn the same way for one agent or seven.
import * as Plot from "@observablehq/plot";
import {h} from "./dom.js";
import {OUTCOME_COLORS, pct, rate} from "./format.js";

/** Headline card: the sentence, then win / match / loss / failed counts with rates and intervals. */
export function agentCard(a, outcomeLabel) {
  const stats = a.outcomes.map((o) =>
    h(
      "div",
      {class: "bb-stat"},
      h("span", {class: "bb-stat-label", style: {color: OUTCOME_COLORS[o.name] ?? "inherit"}}, outcomeLabel(o.name)),
      h("span", {class: "bb-stat-value", "data-outcome": o.name}, o.count),
      h("span", {class: "bb-stat-sub"}, rate(o.rate), o.low != null ? h("span", {class: "muted"}, ` (${rate(o.low)}–${rate(o.high)})`) : null)
    )
  );
  return h(
    "div",
    {class: "card bb-agent", "data-agent": a.agent},
    h("h2", null, a.agent),
    h("p", {class: "bb-headline"}, headline(a)),
    h("div", {class: "bb-stats"}, stats),
    h("p", {class: "muted"}, `${a.evaluable} evaluable of ${a.total} commits`, a.median != null ? ` · median agent vs human ${pct(a.median)}` : "")
  );
}

/** One sentence a reader takes away: how often the agent is at least as good as the human. */
export function headline(a) {
  if (!a.evaluable) return "No evaluable commit for this agent yet.";
  const get = (n) => a.outcomes.find((o) => o.name === n)?.count ?? 0;
  const ok = get("win") + get("match");
  const share = Math.round((100 * ok) / a.evaluable);
  return `Matches or beats the human patch on ${ok} of ${a.evaluable} evaluable commits (${share}%); no measurement from its patch on ${get("failed")}.`;
}

/** Leaderboard: one row per agent, outcome rates with 95% intervals, one panel per outcome. */
export function leaderboardChart(agents, outcomeLabel, {width} = {}) {
  const rows = agents.flatMap((a) => a.outcomes.filter((o) => o.rate != null).map((o) => ({agent: a.agent, ...o, label: outcomeLabel(o.name)})));
  return Plot.plot({
    width,
    height: 70 + 30 * agents.length,
    marginLeft: 130,
    x: {domain: [0, 1], tickFormat: "%", ticks: [0, 0.5, 1], label: "share of evaluable commits, with 95% interval", grid: true},
    y: {domain: agents.map((a) => a.agent), label: null},
    fx: {label: null, domain: [...new Set(rows.map((r) => r.label))]},
    color: {domain: Object.keys(OUTCOME_COLORS), range: Object.values(OUTCOME_COLORS)},
    marks: [
      Plot.frame({stroke: "#ddd"}),
      Plot.ruleY(rows, {fx: "label", y: "agent", x1: "low", x2: "high", stroke: "name", strokeWidth: 3, strokeOpacity: 0.45}),
      Plot.dot(rows, {fx: "label", y: "agent", x: "rate", fill: "name", r: 5, tip: true, title: (d) => `${d.agent}: ${d.count} (${rate(d.rate)}, 95% CI ${rate(d.low)}–${rate(d.high)})`})
    ]
  });
}
