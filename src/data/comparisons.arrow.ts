import {explorerArrow} from "../../loaders/explorer.ts";

process.stdout.write(await explorerArrow());
