import {failuresArrow} from "../../loaders/failures.ts";

process.stdout.write(await failuresArrow());
