import {evaluationData} from "../../loaders/evaluation.ts";
import {emitJson} from "../../loaders/warehouse.ts";

emitJson(await evaluationData());
