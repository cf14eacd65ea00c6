// Result files are read by the same registered formats ingest uses (one parser per format in the whole codebase):
// this adapter runs a named format on a result file and keeps what a run needs, the metrics and the executed config.
import {createHash} from "node:crypto";
import {basename, dirname} from "node:path";
import type {Format} from "../../formats/types.ts";
import type {EngineContext, EngineOutput, ExecutedConfig, MetricValue} from "./index.ts";

/** Parses `text` with `format`; throws when the format does not recognise it or it yields no metrics. */
export function parseWithFormat(format: Format, text: string, ctx: EngineContext): EngineOutput {
  const name = format.name;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const detection = format.detect({path: ctx.resultPath, text, json});
  if (!detection.match || detection.broken) throw new Error(`${basename(ctx.resultPath)} is not a valid ${name} result file`);
  const sha256 = createHash("sha256").update(text).digest("hex");
  const file = {path: basename(ctx.resultPath), folder: basename(dirname(ctx.resultPath)), runSet: ctx.task.id, agent: null, sha256};
  const {tables, warnings = []} = format.parse({text, json}, file);
  // Sweep formats (llama-bench, torch) report one mean per workload in `sweeps`; they become this run's metrics.
  const metrics: MetricValue[] = tables.metrics?.length
    ? tables.metrics.map((r) => ({metric: String(r.metric), value: Number(r.value), unit: String(r.unit ?? ""), better: String(r.better ?? "")}))
    : (tables.sweeps ?? [])
        .filter((r) => typeof r.metric === "string" && typeof r.mean === "number")
        .map((r) => ({metric: String(r.metric), value: Number(r.mean), unit: String(r.unit ?? ""), better: String(r.better ?? "")}));
  if (!metrics.length) throw new Error(`${basename(ctx.resultPath)}: the ${name} result has no metrics`);
  const m = (tables.measurements ?? [])[0] ?? {};
  const executed: ExecutedConfig = {};
  const pick = <K extends keyof ExecutedConfig>(key: K, ...cols: string[]) => {
    for (const c of cols) if (m[c] !== undefined && m[c] !== null) return void (executed[key] = m[c] as ExecutedConfig[K]);
  };
  pick("model", "executed_model", "model");
  pick("dataset_name", "dataset_name");
  pick("input_len", "input_len");
  pick("output_len", "output_len");
  pick("num_prompts", "num_prompts");
  pick("request_rate", "request_rate");
  pick("max_concurrency", "max_concurrency");
  pick("benchmark_mode", "benchmark_mode");
  return {metrics, executed, warnings};
}
