// Ports of serving runs: a taken port is a failure with its own status (not a server that "never started"), and the
// next version must not start before the previous server has let go of the port.
import {createServer} from "node:net";
import {setTimeout as sleep} from "node:timers/promises";

/** How often a freed port is re-checked after a server stops. */
const PORT_POLL_MS = 200;

/** true when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({host, port, exclusive: true}, () => server.close(() => resolve(true)));
  });
}

/** Waits until host:port is free; false when it is still taken after timeoutMs. */
export async function waitPortFree(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isPortFree(host, port)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(PORT_POLL_MS);
  }
}
