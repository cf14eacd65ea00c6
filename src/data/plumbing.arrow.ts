import {plumbingArrow} from "../../loaders/plumbing.ts";

process.stdout.write(await plumbingArrow());
