import {flagsArrow} from "../../loaders/explorer.ts";

process.stdout.write(await flagsArrow());
