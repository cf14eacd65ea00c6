// The format registry: every input format ingest can read, in detection order (the first whose detect() matches a
// file parses it). To add a format: import it and append one entry. Keep this a plain list.
import type {Format} from "./types.ts";
import {modal} from "./modal.ts";
import {dockerRerun} from "./docker-rerun.ts";
import {dockerVerify} from "./docker-verify.ts";
import {separate} from "./separate.ts";
import {sglangServing} from "./sglang-serving.ts";
import {vllmServe} from "./vllm-serve.ts";
import {vllmThroughput} from "./vllm-throughput.ts";
import {vllmLatency} from "./vllm-latency.ts";
import {runGroupFormat} from "../run/run-format.ts";
import {llamaBenchJsonFormat} from "./llama-bench-json.ts";
import {llamaBenchJsonlFormat} from "./llama-bench-jsonl.ts";
import {llamaBenchCsvFormat} from "./llama-bench-csv.ts";
import {llamaBenchMdFormat} from "./llama-bench-md.ts";
import {llamaBenchyFormat, llamaBenchyJsonFormat} from "./llama-benchy.ts";
import {torchSweepFormat} from "./torch-sweep.ts";
import {trackerFiguresFormat} from "./tracker-figures.ts";
import {seedFigures} from "./seed-figures.ts";
import {lmEvalResultsFormat} from "./lm-eval-results.ts";
import {lmEvalSamplesFormat} from "./lm-eval-samples.ts";
import {predictionsFormat} from "./predictions.ts";
import {evalFiguresFormat} from "./eval-figures.ts";

export const FORMATS: Format[] = [
  modal,
  dockerRerun,
  dockerVerify,
  separate,
  sglangServing,
  vllmServe,
  vllmThroughput,
  vllmLatency,
  runGroupFormat,
  llamaBenchJsonFormat,
  llamaBenchJsonlFormat,
  llamaBenchCsvFormat,
  llamaBenchMdFormat,
  llamaBenchyFormat,
  llamaBenchyJsonFormat,
  torchSweepFormat,
  trackerFiguresFormat,
  seedFigures,
  lmEvalResultsFormat,
  lmEvalSamplesFormat,
  predictionsFormat,
  evalFiguresFormat
];

/** The registered format with this name, if any. */
export function formatByName(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}
