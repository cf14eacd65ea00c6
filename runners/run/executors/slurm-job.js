#!/usr/bin/env node
// What a Slurm job runs on its node (through slurm-job.sh): registers tsx so the TypeScript sources run as they are,
// as bin/benchbook.js does, then runs the one unit its job file names (slurm-job.ts).
import {register} from "tsx/esm/api";
register();
const {runJobFile} = await import("./slurm-job.ts");
process.exitCode = await runJobFile(process.argv[2]);
