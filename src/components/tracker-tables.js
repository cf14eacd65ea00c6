// The engine tracker's tables: current best, the comparison matrix (with "not run" cells and links into the run
// log), variance analysis, decode roofline and the run log itself. Every string from data becomes a text node (h).
import {h} from "./dom.js";
import {pct, value} from "./format.js";

/** Anchor id of a run in the run log; matrix cells and best rows link to it. */
export function runAnchor(runId) {
  return `run-${String(runId).replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

/** Two decimals, as llama-bench and llama-benchy print `t/s` ("%.2f ± %.2f"): figures read as the tools wrote them. */
const fixed2 = (x) => (x == null || !Number.isFinite(x) ? "" : x.toFixed(2));

/** "4340.70 ± 12.22", "~579", "52.37": the mean (approximate figures as published, with a tilde) and std if known. */
export function meanStd(mean, std, approx = false) {
  if (mean == null) return "";
  return `${approx ? `~${mean}` : fixed2(mean)}${std != null ? ` ± ${fixed2(std)}` : ""}`;
}

const FLAG_TEXT = {"high-cv": "high variance", "low-prefill-cv": "suspiciously low prefill variance (warmed cache?)"};

function table(id, head, rows) {
  return h(
    "div",
    {class: "bb-scroll"},
    h(
      "table",
      {id, class: "bb-table"},
      h("thead", null, h("tr", null, head.map((c) => h("th", null, c)))),
      h("tbody", null, rows)
    )
  );
}

/** Current best per workload, with the configuration holding it and its gain over the baseline configuration. */
export function bestTable(view) {
  const rows = view.best.map((b) =>
    h(
      "tr",
      {"data-test": b.test},
      h("td", null, b.test),
      h("td", null, b.unit),
      h("td", {class: "num", "data-col": "baseline"}, meanStd(b.baseline_mean, null, b.baseline_approx)),
      h("td", {class: "num", "data-col": "best"}, meanStd(b.best_mean, null, b.best_approx)),
      h("td", {"data-col": "config"}, h("a", {href: `#${runAnchor(b.best_run_id)}`}, b.best_config)),
      h("td", {class: "num", "data-col": "gain"}, b.gain_pct == null ? "–" : pct(b.gain_pct)),
      h("td", {class: "num"}, (b.date ?? "").slice(0, 10))
    )
  );
  const head = ["Workload", "Unit", "Baseline", "Best", "Configuration", "Gain vs baseline", "Date"];
  return table("tracker-best", head, rows);
}

/** Workloads the matrix shows by default: throughputs and time to first token (other latencies are in Variance). */
export function defaultMatrixTests(view) {
  return view.workloads.filter((w) => w.kind !== "latency" || w.test.startsWith("ttft@")).map((w) => w.test);
}

const statusSuffix = (status) => (status !== "complete" ? `, ${status}` : "");

/** Configurations × workloads; empty cells say "not run" and carry the configuration's status note. */
export function matrixTable(view, tests = defaultMatrixTests(view)) {
  const cells = new Map(view.cells.map((c) => [`${c.config}\u0000${c.test}`, c]));
  const workloads = view.workloads.filter((w) => tests.includes(w.test));
  const rows = view.rows.map((r) =>
    h(
      "tr",
      {"data-config": r.config, "data-role": r.role, class: `bb-role-${r.role}`},
      h("th", {scope: "row"}, r.config, " ", h("span", {class: "muted"}, `(${r.role}${statusSuffix(r.status)})`)),
      workloads.map((w) => {
        const c = cells.get(`${r.config}\u0000${w.test}`);
        if (!c) return h("td", {class: "bb-not-run", "data-test": w.test, title: r.status_note ?? r.status}, "not run");
        const runs = c.runs > 1 ? `${c.runs} runs (best shown)` : "1 run";
        const title = [runs, c.cv_pct != null ? `CV ${c.cv_pct.toFixed(1)}%` : "", c.note ?? ""]
          .filter(Boolean)
          .join(" · ");
        return h(
          "td",
          {class: `num${c.flags.length ? " bb-flagged" : ""}`, "data-test": w.test, title},
          h("a", {href: `#${runAnchor(c.run_id)}`}, meanStd(c.mean, c.std, c.approx))
        );
      })
    )
  );
  return table("tracker-matrix", ["Configuration", ...workloads.map((w) => `${w.test} (${w.unit})`)], rows);
}

/** Every measured figure with its CV% and flags (each run separately). */
export function varianceTable(view, thresholds) {
  // Flagged cells first: they are what this table is read for; the rest scrolls below them.
  const ordered = [...view.variance.filter((v) => v.flags.length), ...view.variance.filter((v) => !v.flags.length)];
  const rows = ordered.map((v) =>
    h(
      "tr",
      {"data-test": v.test, "data-config": v.config, "data-flags": v.flags.join(" ")},
      h("td", null, v.config),
      h("td", null, v.test),
      h("td", {class: "num"}, meanStd(v.mean, null, v.approx)),
      h("td", {class: "num"}, v.std == null ? "–" : `±${fixed2(v.std)}`),
      h("td", {class: "num", "data-col": "cv"}, v.cv_pct == null ? "–" : `${v.cv_pct.toFixed(1)}%`),
      h("td", null, v.n ?? "–"),
      h("td", {"data-col": "flags"}, v.flags.map((f) => FLAG_TEXT[f] ?? f).join("; ")),
      h("td", null, h("a", {href: `#${runAnchor(v.run_id)}`}, "run"))
    )
  );
  return h(
    "div",
    null,
    h(
      "p",
      {class: "muted"},
      `Flags: CV above ${thresholds.highCvPct}% is high variance; prefill CV below ${thresholds.lowPrefillCvPct}% is ` +
        "suspiciously low (a warmed prefix cache keeps prompt processing unnaturally constant)."
    ),
    table("tracker-variance", ["Configuration", "Workload", "Mean", "Std", "CV%", "n", "Flags", ""], rows)
  );
}

/** Decode figures as a share of the memory-bandwidth limit, where model size and GPU are known. */
export function rooflineTable(view) {
  const rows = view.variance
    .filter((v) => v.kind === "decode")
    .map((v) =>
      h(
        "tr",
        {"data-test": v.test, "data-config": v.config},
        h("td", null, v.config),
        h("td", null, v.test),
        h("td", {class: "num"}, meanStd(v.mean, v.std, v.approx)),
        h("td", {class: "num"}, v.roofline_tok_s == null ? "–" : value(v.roofline_tok_s)),
        h(
          "td",
          {class: "num", "data-col": "roofline"},
          v.roofline_pct == null ? "unknown (model size or GPU bandwidth missing)" : `${v.roofline_pct.toFixed(1)}%`
        )
      )
    );
  return table("tracker-roofline", ["Configuration", "Workload", "tok/s", "Roofline tok/s", "% of roofline"], rows);
}

const prettyJson = (text) => JSON.stringify(JSON.parse(text), null, 2);

const ENV_FIELDS = [
  ["engine", "engine"],
  ["engine_version", "version"],
  ["engine_commit", "commit"],
  ["tool", "tool"],
  ["model", "model"],
  ["quantization", "quantization"],
  ["dtype", "dtype"],
  ["gpu", "GPU"],
  ["gpu_count", "GPUs"],
  ["driver", "driver"],
  ["cuda", "CUDA"],
  ["hostname", "host"],
  ["enforce_eager", "enforce_eager"],
  ["cuda_graphs", "CUDA graphs"],
  ["compile", "torch.compile"],
  ["kv_cache", "KV cache"],
  ["max_num_seqs", "max_num_seqs"],
  ["max_num_batched_tokens", "max_num_batched_tokens"],
  ["max_model_len", "max_model_len"],
  ["tensor_parallel_size", "TP"],
  ["prefix_caching", "prefix caching"],
  ["batch_size", "batch"],
  ["file", "file"],
  ["source_section", "source"]
];

function requestedUsed(label, req, used) {
  if (req == null && used == null) return null;
  return h("li", null, `${label}: requested ${req ?? "—"}, used ${used ?? "not logged"}`);
}

/** The run log: every run with its environment and results; each has an anchor (#run-…) others link to. */
export function runLog(view) {
  return h(
    "div",
    {id: "tracker-runs"},
    view.runs.map((r) =>
      h(
        "section",
        {class: "card bb-run", id: runAnchor(r.run_id), "data-run": r.run_id},
        h(
          "h3",
          null,
          h("a", {href: `#${runAnchor(r.run_id)}`}, r.config),
          " ",
          h("span", {class: "muted"}, `${r.role} · ${r.status}${r.date ? ` · ${r.date}` : ""}`)
        ),
        r.status_note ? h("p", {class: "note"}, r.status_note) : null,
        r.flags ? h("p", {class: "warning bb-run-flags"}, r.flags) : null,
        h(
          "ul",
          null,
          requestedUsed("attention", r.attention_requested, r.attention_used),
          requestedUsed("MoE kernel", r.moe_kernel_requested, r.moe_kernel_used),
          r.fp4_native != null ? h("li", null, `native FP4: ${r.fp4_native ? "yes" : "no"}`) : null,
          ENV_FIELDS.filter(([k]) => r[k] != null && r[k] !== "").map(([k, label]) => {
            return h("li", null, `${label}: ${r[k]}`);
          })
        ),
        r.results.length
          ? h(
              "p",
              null,
              r.results.map((x, i) => [i ? " · " : "", `${x.test} ${meanStd(x.mean, x.std, x.approx)} ${x.unit}`])
            )
          : h("p", {class: "muted"}, "no results (not run)"),
        r.settings_json
          ? h("details", null, h("summary", null, "all settings"), h("pre", null, prettyJson(r.settings_json)))
          : null,
        h("p", {class: "muted"}, `run id: ${r.run_id}`)
      )
    )
  );
}
