import {trackerData} from "../../loaders/tracker.ts";
import {emitJson} from "../../loaders/warehouse.ts";

emitJson(await trackerData());
