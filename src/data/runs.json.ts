import {emitJson} from "../../loaders/warehouse.ts";
import {runsPage} from "../../loaders/runs.ts";

const {measurements} = await runsPage();
emitJson({measurements});
