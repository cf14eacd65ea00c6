// What a person watching `benchbook run` sees: the current task, version, repeat, step and elapsed time (redrawn in
// place on a terminal, one line per event otherwise), and a summary per task version at the end.
import {decodeMetric, prefillMetric} from "../model/metrics.ts";
import {summarize} from "../sweeps/stats.ts";
import type {ProgressEvent} from "./executors/index.ts";
import type {RunRecord} from "./record.ts";
import type {RunSummary} from "./runner.ts";

/** Metrics shown first when a run has them (the headline number of each benchmark kind); torch/llama-bench: tg128, pp512. */
export const HEADLINE_METRICS = [
  "output_throughput",
  "throughput",
  "total_token_throughput",
  "latency_avg",
  "tpot_mean",
  "ttft_mean",
  decodeMetric(128),
  prefillMetric(512)
];

/** The headline metric among `names` (first of HEADLINE_METRICS present, else the first name). */
export function headlineMetric(names: Iterable<string>): string | null {
  const have = new Set(names);
  return HEADLINE_METRICS.find((m) => have.has(m)) ?? [...have].sort()[0] ?? null;
}
/** Terminal redraw interval. */
const TICK_MS = 1000;

type Out = {write(s: string): unknown; isTTY?: boolean};

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export class Progress {
  private readonly started: number;
  private current: {label: string; step: string; since: number} | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: Out,
    private readonly total: number,
    private readonly now: () => number = Date.now
  ) {
    this.started = now();
    if (out.isTTY) this.timer = setInterval(() => this.draw(), TICK_MS);
    this.timer?.unref();
  }

  event(e: ProgressEvent): void {
    const {unit} = e;
    const label = `${unit.task.id} ${unit.version} r${unit.repeat}/${unit.task.repeats}`;
    if (e.type === "start") {
      this.current = {label: `[${e.index + 1}/${e.total}] ${label}`, step: "starting", since: this.now()};
      if (!this.out.isTTY) this.out.write(`→ ${this.current.label}\n`);
    } else if (e.type === "step" && this.current) {
      this.current.step = e.step;
    } else if (e.type === "end") {
      const r = e.record;
      const mark = r.status === "success" ? "✓" : "✗";
      const line = `${mark} ${label} ${r.status} in ${r.duration_s.toFixed(1)} s${r.error ? `: ${r.error.split("\n")[0].slice(0, 160)}` : ""}`;
      this.clearLine();
      this.out.write(`${line}\n`);
      this.current = null;
    }
    this.draw();
  }

  private clearLine(): void {
    if (this.out.isTTY) this.out.write("\r\x1b[K");
  }

  private draw(): void {
    if (!this.out.isTTY || !this.current) return;
    const elapsed = formatDuration(this.now() - this.current.since);
    const total = formatDuration(this.now() - this.started);
    this.clearLine();
    this.out.write(`${this.current.label} · ${this.current.step} · ${elapsed} (total ${total}, ${this.total} runs planned)`);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.current) this.clearLine();
  }

  /** The end-of-run summary: one line per task version, with the headline metric's mean ± std and CV. */
  summary(s: RunSummary, warehouse: string): string {
    const lines = [
      `${s.recorded.length} run(s) recorded, ${s.skipped} already recorded (skipped) of ${s.planned} planned, in ${formatDuration(this.now() - this.started)}.`
    ];
    const groups = new Map<string, RunRecord[]>();
    for (const r of s.recorded) groups.set(`${r.task_id} ${r.version}`, [...(groups.get(`${r.task_id} ${r.version}`) ?? []), r]);
    for (const [key, runs] of groups) lines.push(`  ${key.padEnd(28)} ${summaryOf(runs)}`);
    if (s.interrupted) lines.push(`Interrupted. Finished runs are kept; continue with: benchbook run <plan> --warehouse ${warehouse} --resume`);
    lines.push(`Warehouse: ${warehouse}`);
    return lines.join("\n");
  }
}

/** `3/3 ok · output_throughput 1234.5 ± 12.1 tok/s (CV 1.0%)` or the failure statuses. */
export function summaryOf(runs: RunRecord[]): string {
  const ok = runs.filter((r) => r.status === "success");
  const failures = runs.filter((r) => r.status !== "success").map((r) => r.status);
  let text = `${ok.length}/${runs.length} ok`;
  if (failures.length) text += ` (${[...new Set(failures)].join(", ")})`;
  const headline = headlineMetric(ok.flatMap((r) => r.metrics.map((m) => m.metric)));
  if (headline) {
    const values = ok.flatMap((r) => r.metrics.filter((m) => m.metric === headline));
    const st = summarize(values.map((v) => v.value));
    const unit = values[0]?.unit ?? "";
    const std = st.std !== null ? ` ± ${st.std.toFixed(2)}` : "";
    const cv = st.cv_pct !== null ? ` (CV ${st.cv_pct.toFixed(1)}%)` : "";
    text += ` · ${headline} ${st.mean!.toFixed(2)}${std} ${unit}${cv}`;
  }
  return text;
}
