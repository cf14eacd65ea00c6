import {setAsideArrow} from "../../loaders/set-aside.ts";

process.stdout.write(await setAsideArrow());
