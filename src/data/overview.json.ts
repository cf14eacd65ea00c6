import {emitJson} from "../../loaders/warehouse.ts";
import {overviewData} from "../../loaders/overview.ts";

emitJson(await overviewData());
