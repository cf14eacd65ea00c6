// The worker-thread side of ingest's pool (see pool.ts): reads, parses and stages the files it is sent into its own
// stage files, and answers with the small per-file results. Rows never cross threads; only file paths do.
import {parentPort, workerData} from "node:worker_threads";
import {FORMATS} from "../formats/index.ts";
import {RowStage, STAGE_ROLL_CHARS} from "../warehouse/stage.ts";
import {ingestFile} from "./file.ts";
import type {ToMain, ToWorker, WorkerData} from "./pool.ts";

const {stageDir, name} = workerData as WorkerData;
const port = parentPort!;
let generation = 0;
let stage = new RowStage(stageDir, `${name}-${generation}-`, STAGE_ROLL_CHARS);

function send(message: ToMain): void {
  port.postMessage(message);
}

port.on("message", (message: ToWorker) => {
  if (message.type === "rotate") {
    const staged = stage.close();
    stage = new RowStage(stageDir, `${name}-${++generation}-`, STAGE_ROLL_CHARS);
    send({type: "staged", staged});
    return;
  }
  let file = "";
  try {
    const results = message.jobs.map((job) => {
      file = job.rel;
      return ingestFile(job, stage, FORMATS);
    });
    send({type: "results", results, finished: stage.takeFinished()});
  } catch (error) {
    send({type: "error", file, message: error instanceof Error ? (error.stack ?? error.message) : String(error)});
  }
});
