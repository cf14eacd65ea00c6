// The local executor: runs each (task, version, repeat) on this machine, strictly one after another, so that the
// three versions of a task are measured back to back on the same GPU with the same configuration.
import {runUnit} from "../run-unit.ts";
import type {Executor} from "./index.ts";

export const localExecutor: Executor = {
  name: "local",
  async *execute(units, ctx) {
    const shared = new Map<string, Promise<unknown>>();
    for (const [index, unit] of units.entries()) {
      if (ctx.signal.aborted) return;
      ctx.onProgress({type: "start", unit, index, total: units.length});
      const record = await runUnit(unit, {...ctx, shared});
      if (!record) return; // interrupted: nothing half-measured is recorded
      ctx.onProgress({type: "end", unit, record});
      yield record;
    }
  }
};
