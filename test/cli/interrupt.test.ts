import {describe, expect, it, vi} from "vitest";
import {EXIT_INTERRUPTED, whenInterrupted} from "../../runners/cli/interrupt.ts";

describe("whenInterrupted(message)", () => {
  it("aborts on the first SIGINT or SIGTERM with the message, quits with 130 on the second, and lets go on release", () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const before = process.listenerCount("SIGINT");
    try {
      const stop = whenInterrupted("Stopping soon");
      expect(stop.signal.aborted).toBe(false);
      process.emit("SIGTERM");
      expect(stop.signal.aborted).toBe(true);
      expect(write).toHaveBeenCalledWith("\nStopping soon\n");
      expect(exit).not.toHaveBeenCalled();
      process.emit("SIGINT");
      expect(exit).toHaveBeenCalledWith(EXIT_INTERRUPTED);
      expect(EXIT_INTERRUPTED).toBe(130);
      stop.release();
      expect(process.listenerCount("SIGINT")).toBe(before);
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
  });
});
