import {measurementsArrow} from "../../loaders/explorer.ts";

process.stdout.write(await measurementsArrow());
