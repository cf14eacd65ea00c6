// Ctrl-C for the long commands (ingest, run, score), the same in each: the first SIGINT or SIGTERM stops the work at
// its next safe point and keeps what is done; a second one quits at once.

/** Exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Listens for SIGINT and SIGTERM until `release()`. `signal` aborts on the first; `message` (if any) is printed then.
 * A second signal exits with EXIT_INTERRUPTED without waiting for the work.
 */
export function whenInterrupted(message: string | null): {signal: AbortSignal; release(): void} {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    if (message) process.stderr.write(`\n${message}\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    release() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  };
}
