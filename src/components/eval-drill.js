// Per-dataset drill-down: the dataset's scores with their flags, and for a chosen score its samples: the response,
// the extracted answer, the reference, and why it was scored as it was. Responses are untrusted text: set as text.
import {h} from "./dom.js";
import {flagBadge, interval} from "./eval-tables.js";

const pct1 = (x) => (x == null ? "–" : `${(x * 100).toFixed(1)}%`);
/** Longest response excerpt shown inline (the full text opens in a details element). */
const EXCERPT = 300;

export function datasetScores(data, dataset) {
  const rows = data.scores.filter((s) => s.dataset === dataset);
  return h(
    "table",
    {id: "eval-drill-scores", class: "eval-table"},
    h("thead", null, h("tr", null, ["Run", "Metric", "Score", "95% CI", "n", "Few-shot", "Extraction", "Flags", "Note"].map((c) => h("th", null, c)))),
    h(
      "tbody",
      null,
      rows.map((s) =>
        h(
          "tr",
          {"data-eval": s.eval_id},
          h("td", null, s.run_label),
          h("td", null, s.metric ?? "–"),
          h("td", null, pct1(s.score)),
          h("td", null, interval(s)),
          h("td", null, s.n == null ? "?" : `${s.n}${s.n_expected ? ` of ${s.n_expected}` : ""}`),
          h("td", null, s.few_shot == null ? "–" : String(s.few_shot)),
          h("td", null, s.extraction_rate == null ? "–" : pct1(s.extraction_rate)),
          h("td", null, s.flags.map((f) => [flagBadge(f, data.flagTitles), " "])),
          h("td", null, s.note ?? "")
        )
      )
    )
  );
}

function excerpt(text) {
  if (text == null) return "–";
  if (text.length <= EXCERPT) return h("span", {class: "eval-text"}, text);
  return h("details", null, h("summary", null, `${text.slice(0, EXCERPT)}…`), h("pre", {class: "eval-text"}, text));
}

export function sampleTable(samples) {
  if (!samples.length) {
    return h("p", {id: "eval-no-samples", class: "note"}, "No per-sample outputs for this score in the warehouse (scores typed in from a report, or lm-eval run without --log_samples).");
  }
  return h(
    "table",
    {id: "eval-samples", class: "eval-table"},
    h("thead", null, h("tr", null, ["Sample", "Result", "Extracted", "Reference", "Why", "Response"].map((c) => h("th", null, c)))),
    h(
      "tbody",
      null,
      samples.map((s) =>
        h(
          "tr",
          {"data-sample": s.sample_id, class: s.correct === true ? "eval-ok" : s.correct === false ? "eval-bad" : "eval-unscored"},
          h("td", null, s.sample_id),
          h("td", null, s.correct === true ? "✓ correct" : s.correct === false ? `✗ ${s.status.replace("_", " ")}` : s.status.replace("_", " ")),
          h("td", null, excerpt(s.extracted)),
          h("td", null, excerpt(s.reference)),
          h("td", null, s.why ?? ""),
          h("td", null, excerpt(s.response))
        )
      )
    )
  );
}
