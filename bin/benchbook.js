#!/usr/bin/env node
// The `benchbook` executable: registers tsx so the TypeScript sources run as they are, then hands over to the CLI.
import {register} from "tsx/esm/api";
register();
const {main} = await import("../runners/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
