// A version launched in a container (`prefix: [docker, run, --rm, --gpus, all, -v, …, image, python3]`) sees none of
// the runner's environment: the version's `env`, CUDA_VISIBLE_DEVICES from `gpus`. `-e NAME` without a value makes
// docker and podman take NAME from their own environment, which the runner sets, so the names are added to the run.
import {basename} from "node:path";

const RUNTIMES = new Set(["docker", "podman", "nerdctl"]);

/** `prefix` with `-e NAME` for each of `names` after `run` when it starts a container; else `prefix` as it is. */
export function withContainerEnv(prefix: readonly string[], names: readonly string[]): string[] {
  const run = prefix.indexOf("run");
  if (!RUNTIMES.has(basename(prefix[0] ?? "")) || run !== 1 || !names.length) return [...prefix];
  return [...prefix.slice(0, run + 1), ...names.flatMap((n) => ["-e", n]), ...prefix.slice(run + 1)];
}
