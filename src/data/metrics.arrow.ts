import {metricsArrow} from "../../loaders/explorer.ts";

process.stdout.write(await metricsArrow());
