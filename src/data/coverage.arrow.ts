import {coverageArrow} from "../../loaders/pipelines.ts";

process.stdout.write(await coverageArrow());
