// The two ways a run executes. Serving: free port → server → health + one-request smoke test → benchmark client →
// stop the server's process group → port free again. Offline: one program. Each step's outcome is kept; the first
// failing step decides the run's status, and its error/log tail is the evidence.
import {readFile} from "node:fs/promises";
import {relative} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";
import {runLogged, spawnLogged, type ExecOutcome} from "../exec.ts";
import type {Engine, EngineContext, EngineOutput} from "./engines/index.ts";
import {isPortFree, waitPortFree} from "./port.ts";
import type {Timeouts} from "./plan.ts";
import type {RunStatus, StepRecord} from "./record.ts";

/** How often readiness is polled while a server starts. */
const READY_POLL_MS = 500;
/** One health request may take this long before it counts as "not ready yet". */
const HEALTH_REQUEST_MS = 2000;

export type FlowOptions = {
  warehouse: string;
  env: Record<string, string>;
  cwd: string;
  timeouts: Timeouts;
  signal: AbortSignal;
  onStep: (step: string) => void;
};

export type FlowResult = {
  status: RunStatus;
  error: string | null;
  logTail: string | null;
  serverLogTail: string | null;
  steps: StepRecord[];
  output: EngineOutput | null;
  /** true when the run was interrupted (Ctrl-C): the caller records nothing. */
  aborted: boolean;
};

function stepOf(name: string, out: ExecOutcome, warehouse: string): StepRecord {
  return {
    name,
    argv: out.argv,
    exit_code: out.exitCode,
    signal: out.signal,
    timed_out: out.timedOut,
    duration_s: out.durationMs / 1000,
    ok: out.ok,
    stdout: relative(warehouse, out.stdoutPath),
    stderr: relative(warehouse, out.stderrPath),
    error: out.error
  };
}

/** A step that ran no program (port check, readiness). */
function plainStep(name: string, started: number, ok: boolean, error: string | null): StepRecord {
  const duration_s = (Date.now() - started) / 1000;
  return {name, argv: null, exit_code: null, signal: null, timed_out: false, duration_s, ok, stdout: null, stderr: null, error};
}

/** Reads and parses the result the benchmark wrote; status no_result / bad_result when that fails. */
type ResultRead = {status: RunStatus; error: string | null; output: EngineOutput | null};

async function readResult(engine: Engine, ctx: EngineContext, bench: ExecOutcome): Promise<ResultRead> {
  let text: string;
  try {
    text = engine.resultOnStdout ? await readFile(bench.stdoutPath, "utf8") : await readFile(ctx.resultPath, "utf8");
  } catch {
    return {status: "no_result", error: `The benchmark exited 0 but wrote no result file (${ctx.resultPath}).`, output: null};
  }
  if (!text.trim()) return {status: "no_result", error: `The benchmark's result (${ctx.resultPath}) is empty.`, output: null};
  try {
    return {status: "success", error: null, output: engine.parseResult(text, ctx)};
  } catch (error) {
    return {status: "bad_result", error: `Result file could not be read: ${(error as Error).message}`, output: null};
  }
}

/** Runs an offline engine: one program, then its result. */
export async function runOffline(engine: Engine, ctx: EngineContext, options: FlowOptions): Promise<FlowResult> {
  options.onStep("benchmark");
  const bench = await runLogged([...ctx.launch.prefix, ...engine.benchArgv(ctx)], {
    logDir: ctx.runDir,
    name: "benchmark",
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeouts.offline_s * 1000,
    graceMs: options.timeouts.stop_grace_s * 1000,
    signal: options.signal
  });
  const steps = [stepOf("benchmark", bench, options.warehouse)];
  const base = {steps, serverLogTail: null, aborted: bench.stopped && options.signal.aborted};
  if (!bench.ok) {
    const status = bench.timedOut ? "timeout" : "client_failed";
    return {...base, status, error: bench.error, logTail: bench.stderrTail || bench.stdoutTail, output: null};
  }
  const result = await readResult(engine, ctx, bench);
  return {...base, ...result, logTail: result.output ? bench.stdoutTail || null : bench.stderrTail || bench.stdoutTail || null};
}

type Ready = {ok: true} | {ok: false; status: RunStatus; error: string};

/** Polls the health endpoint until 200, then sends the smoke request; fails early when the server exits. */
async function waitReady(
  engine: Engine,
  ctx: EngineContext,
  server: {readonly exited: boolean},
  options: FlowOptions
): Promise<Ready | "aborted"> {
  const base = `http://${ctx.host.includes(":") ? `[${ctx.host}]` : ctx.host}:${ctx.port}`;
  const deadline = Date.now() + options.timeouts.server_start_s * 1000;
  for (;;) {
    if (options.signal.aborted) return "aborted";
    if (server.exited) return {ok: false, status: "server_failed", error: "The server exited before it became ready."};
    if (Date.now() > deadline) {
      const error = `The server did not answer ${engine.healthPath} with 200 within ${options.timeouts.server_start_s} s.`;
      return {ok: false, status: "server_timeout", error};
    }
    try {
      const response = await fetch(base + (engine.healthPath ?? "/health"), {signal: AbortSignal.timeout(HEALTH_REQUEST_MS)});
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(READY_POLL_MS);
  }
  if (!engine.smokeRequest) return {ok: true};
  options.onStep("smoke");
  const {path, body} = engine.smokeRequest(ctx);
  try {
    const response = await fetch(base + path, {
      method: "POST",
      headers: {"content-type": "application/json"},
      body: JSON.stringify(body),
      signal: AbortSignal.any([AbortSignal.timeout(options.timeouts.smoke_s * 1000), options.signal])
    });
    const text = await response.text();
    if (!response.ok) {
      return {ok: false, status: "smoke_failed", error: `Smoke request ${path} answered HTTP ${response.status}: ${text.slice(0, 500)}`};
    }
    const json = JSON.parse(text) as {choices?: unknown[]};
    if (!Array.isArray(json.choices) || !json.choices.length) {
      return {ok: false, status: "smoke_failed", error: `Smoke request ${path} answered without choices: ${text.slice(0, 500)}`};
    }
    return {ok: true};
  } catch (error) {
    if (options.signal.aborted) return "aborted";
    return {ok: false, status: "smoke_failed", error: `Smoke request ${path} failed: ${(error as Error).message}`};
  }
}

/** Runs a serving engine: server, readiness, smoke test, client, stop. */
export async function runServing(engine: Engine, ctx: EngineContext, options: FlowOptions): Promise<FlowResult> {
  const steps: StepRecord[] = [];
  const fail = (status: RunStatus, error: string | null, logTail: string | null, serverLogTail: string | null, aborted = false) =>
    ({status, error, logTail, serverLogTail, steps, output: null, aborted}) satisfies FlowResult;
  // The client's command first: one that cannot be made (a bad option) must fail before a server holds the GPU.
  const clientArgv = [...ctx.launch.prefix, ...engine.benchArgv(ctx)];
  if (!(await isPortFree(ctx.host, ctx.port))) {
    const error = `Port ${ctx.port} on ${ctx.host} is already in use; the server was not started.`;
    steps.push(plainStep("port", Date.now(), false, error));
    return fail("port_in_use", error, null, null);
  }
  options.onStep("server");
  const graceMs = options.timeouts.stop_grace_s * 1000;
  const server = spawnLogged([...ctx.launch.prefix, ...engine.serverArgv!(ctx)], {
    logDir: ctx.runDir,
    name: "server",
    cwd: options.cwd,
    env: options.env,
    graceMs
  });
  const stopServer = async () => {
    const out = await server.stop();
    // Stopped by us is the normal end of a server; exiting on its own is the failure.
    steps.unshift({...stepOf("server", out, options.warehouse), ok: out.stopped, error: out.stopped ? null : out.error});
    await waitPortFree(ctx.host, ctx.port, graceMs + 5000);
    return out;
  };
  const readyStarted = Date.now();
  const ready = await waitReady(engine, ctx, server, options);
  if (ready === "aborted") {
    await stopServer();
    return fail("server_failed", "interrupted", null, null, true);
  }
  steps.push(plainStep("ready", readyStarted, ready.ok, ready.ok ? null : ready.error));
  if (!ready.ok) {
    const out = await stopServer();
    const error = `${ready.error}${out.stderrTail ? `\n${out.stderrTail}` : ""}`;
    return fail(ready.status, error, out.stderrTail || null, out.stderrTail || null);
  }
  options.onStep("client");
  const client = await runLogged(clientArgv, {
    logDir: ctx.runDir,
    name: "client",
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeouts.client_s * 1000,
    graceMs,
    signal: options.signal
  });
  const serverDied = server.exited;
  steps.push(stepOf("client", client, options.warehouse));
  const serverOut = await stopServer();
  const serverTail = serverOut.stderrTail || serverOut.stdoutTail || null;
  if (client.stopped && options.signal.aborted) return fail("client_failed", "interrupted", null, serverTail, true);
  if (serverDied) {
    const how = serverOut.error?.split("\n")[0] ?? `exit code ${serverOut.exitCode}`;
    const error = `The server died while the benchmark ran (${how}).${serverTail ? `\n${serverTail}` : ""}`;
    return fail("server_crashed", error, client.stderrTail || client.stdoutTail || null, serverTail);
  }
  const clientTail = client.stderrTail || client.stdoutTail || null;
  if (!client.ok) return fail(client.timedOut ? "timeout" : "client_failed", client.error, clientTail, serverTail);
  const result = await readResult(engine, ctx, client);
  return {...result, steps, serverLogTail: serverTail, logTail: result.output ? client.stdoutTail || null : clientTail, aborted: false};
}
