import {repeatsArrow} from "../../loaders/pipelines.ts";

process.stdout.write(await repeatsArrow());
