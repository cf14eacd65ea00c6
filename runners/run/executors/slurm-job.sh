#!/bin/sh
# Batch script of one BenchBook run, submitted by runners/run/executors/slurm.ts. Fixed text: every value arrives as
# an argument and nothing is interpolated. $1 = the node binary, $2 = slurm-job.js, $3 = the job file (JSON).
exec "$1" "$2" "$3"
