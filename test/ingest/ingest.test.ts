import {cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {deriveAgent, formatSummary, ingestPaths, type IngestSummary} from "../../runners/ingest/ingest.ts";
import {Db, sqlString, tablePath, type Row} from "../../runners/warehouse/db.ts";
import {TABLES} from "../../runners/warehouse/schema.ts";

const repoRoot = resolve(import.meta.dirname, "../..");
const corpus = resolve(repoRoot, "../shared/isobench/claude_code");

let dir: string;
let warehouse: string;
let summary: IngestSummary;
let db: Db;

async function q<T extends Row = Row>(sql: string, params: unknown[] = [], wh = warehouse): Promise<T[]> {
  const text = sql.replace(/\{(\w+)\}/g, (_, t: string) => `read_parquet(${sqlString(tablePath(wh, t))})`);
  return db.all<T>(text, params as never);
}

/** One metric of one measurement, picked by file and variant. */
async function metric(file: string, variant: string, name: string): Promise<{value: number; origin: string; unit: string}> {
  const rows = await q<{value: number; origin: string; unit: string}>(
    `SELECT x.value, x.origin, x.unit FROM {measurements} m JOIN {metrics} x USING (measurement_id)
     WHERE m.file = ? AND m.variant = ? AND x.metric = ?`,
    [file, variant, name]
  );
  expect(rows, `${file} ${variant} ${name}`).toHaveLength(1);
  return rows[0];
}

async function measurement(file: string, variant: string): Promise<Row> {
  const rows = await q(`SELECT * FROM {measurements} WHERE file = ? AND variant = ?`, [file, variant]);
  expect(rows, `${file} ${variant}`).toHaveLength(1);
  return rows[0];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-ingest-"));
  warehouse = join(dir, "wh");
  summary = await ingestPaths([corpus], {warehouse, agent: "claude_code"});
  db = await Db.open();
});

afterAll(async () => {
  db?.close();
  await rm(dir, {recursive: true, force: true});
});

describe("ingestPaths(real corpus)", () => {
  it("reads every file: 335 parsed, 65 not results files, exactly one quarantined", () => {
    expect(summary).toMatchObject({files: 401, parsed: 335, unrecognised: 65, quarantined: 1, unchanged: 0});
  });

  it("quarantines only results/docker/bfdb1ba5_result.json, with the parse error and its position", async () => {
    const rows = await q(`SELECT file, format, reason, detail FROM {quarantine}`);
    expect(rows).toHaveLength(1);
    expect(rows[0].file).toBe("results/docker/bfdb1ba5_result.json");
    expect(rows[0].format).toBe("docker_verify");
    expect(rows[0].reason).toMatch(/not valid JSON: expected a value, found ", \\"timestamp.* at line 1, column 164/);
    expect(rows[0].detail).toContain('"throughput_tok_s": ,');
  });

  it("counts measurements per source and status exactly", async () => {
    const rows = await q<{source: string; status: string; n: number}>(
      `SELECT source, status, count(*)::INTEGER AS n FROM {measurements} GROUP BY ALL ORDER BY source, status`
    );
    expect(rows).toEqual([
      {source: "docker_rerun", status: "success", n: 6},
      {source: "docker_verify", status: "incompatible", n: 1},
      {source: "docker_verify", status: "success", n: 48},
      {source: "modal", status: "baseline_failed", n: 47},
      {source: "modal", status: "error", n: 113},
      {source: "modal", status: "exception", n: 30},
      {source: "modal", status: "no_perf_command", n: 2},
      {source: "modal", status: "success", n: 69},
      {source: "modal", status: "version_bug", n: 15},
      {source: "separate", status: "error", n: 58},
      {source: "separate", status: "skipped", n: 2},
      {source: "separate", status: "success", n: 127},
      {source: "separate", status: "timeout", n: 3}
    ]);
    expect(summary.perSource).toEqual({
      docker_rerun: {files: 2, measurements: 6, metrics: 50},
      docker_verify: {files: 49, measurements: 49, metrics: 91},
      modal: {files: 94, measurements: 276, metrics: 708},
      separate: {files: 190, measurements: 190, metrics: 1405}
    });
  });

  it("counts metric rows per origin: values recovered from raw logs are marked raw_log", async () => {
    const rows = await q<{origin: string; n: number}>(`SELECT origin, count(*)::INTEGER AS n FROM {metrics} GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      {origin: "raw_log", n: 719},
      {origin: "structured", n: 1535}
    ]);
  });

  it("takes a version's status from its own metrics, not the commit's status", async () => {
    // eefbf4a6's Modal status is `error`, yet its baseline measured latency_avg = 1749.87… ms.
    const file = "results/modal/eefbf4a6/benchmark_result.json";
    expect((await measurement(file, "baseline")).status).toBe("success");
    expect((await measurement(file, "human")).status).toBe("error");
    // 3b61cb45 is `success` for the commit, but its agent has no metrics and its own agent_error.
    const agent = await measurement("results/modal/3b61cb45/benchmark_result.json", "agent");
    expect(agent.status).toBe("error");
    expect(agent.error).toMatch(/^Incremental build failed: Git reset failed/);
  });

  it("reads a dozen values exactly as the files hold them", async () => {
    // Modal, structured (result.baseline_metrics.ttft_mean)
    expect(await metric("results/modal/299ebb62/benchmark_result.json", "baseline", "ttft_mean")).toEqual({value: 25.71, origin: "structured", unit: "ms"});
    // Modal, recovered from the raw log: `Output token throughput (tok/s): 124.10` (no structured throughput there)
    expect(await metric("results/modal/299ebb62/benchmark_result.json", "baseline", "output_throughput")).toEqual({value: 124.1, origin: "raw_log", unit: "tok/s"});
    expect(await metric("results/modal/299ebb62/benchmark_result.json", "human", "output_throughput")).toMatchObject({value: 124.17, origin: "raw_log"});
    // Modal latency_avg is written in ms (1349.45…); the catalogue's latency_avg is seconds
    expect((await metric("results/modal/6dd94dbe/benchmark_result.json", "baseline", "latency_avg")).value).toBeCloseTo(1.3494546385, 9);
    // Separate, `latency_avg_ms: 821.55…` and the log's `99% percentile latency: 0.8536… seconds`
    expect((await metric("results/22dd9c27_baseline_result.json", "baseline", "latency_avg")).value).toBeCloseTo(0.8215512847331411, 12);
    expect(await metric("results/22dd9c27_baseline_result.json", "baseline", "latency_p99")).toEqual({value: 0.8536187522408727, origin: "raw_log", unit: "s"});
    // Separate: the baseline ran another model and reports a flat throughput_tok_s (not output throughput)
    expect(await metric("results/separate_baseline/3476ed08_baseline_result.json", "baseline", "throughput")).toMatchObject({value: 5387.71, origin: "structured"});
    expect((await measurement("results/separate_baseline/3476ed08_baseline_result.json", "baseline")).model).toBe("Qwen/Qwen2.5-7B-Instruct");
    expect(await metric("results/separate_agent/3476ed08_human_result.json", "human", "output_throughput")).toMatchObject({value: 2127.85});
    expect(await metric("results/separate_agent/e3580537_agent_result.json", "agent", "output_throughput")).toMatchObject({value: 3107});
    // Docker verification: flat ttft_mean / throughput_req_s
    expect(await metric("results/docker/015069b0_result.json", "human", "ttft_mean")).toMatchObject({value: 156.38});
    expect(await metric("results/docker/015069b0_result.json", "human", "request_throughput")).toMatchObject({value: 23.45, unit: "req/s"});
    expect(await metric("results/docker/22dd9c27_result.json", "human", "latency_p50")).toMatchObject({value: 0.0677, unit: "s"});
    // Docker re-run
    expect(await metric("results/docker/9f1710f1/benchmark_result.json", "agent", "tpot_mean")).toMatchObject({value: 39.53, origin: "structured"});
    expect((await measurement("results/docker/9f1710f1/benchmark_result.json", "baseline")).duration_s).toBe(153.97);
  });

  it("records the executed configuration from the log next to the declared one (299ebb62: declared 1000/100, ran 512/128)", async () => {
    const m = await measurement("results/modal/299ebb62/benchmark_result.json", "baseline");
    expect(m).toMatchObject({
      perf_command: expect.stringContaining("--random-input-len 1000 --random-output-len 100"),
      declared_input_len: 1000,
      declared_output_len: 100,
      declared_num_prompts: 100,
      declared_request_rate: 1,
      input_len: 512,
      output_len: 128,
      num_prompts: 100,
      request_rate: 1,
      dataset_name: "random",
      executed_model: "Qwen/Qwen2.5-1.5B-Instruct",
      engine_version: "0.8.5.dev117+gf728ab8e3",
      install_method: "wheel",
      commit_full: "299ebb62b269ce167eb1c71b5e39a1dc1f65ce1c",
      parent_commit: "f728ab8e3578c22b42ed53e51b5e8ec35328d8b9"
    });
    expect(m.raw_log_excerpt).toContain("random_input_len=512");
  });

  it("keeps values ≤ 0 out of metrics and notes them in data_quality (a3223766 ran one output token)", async () => {
    const file = "results/modal/a3223766/benchmark_result.json";
    const inMetrics = await q(
      `SELECT x.metric FROM {measurements} m JOIN {metrics} x USING (measurement_id) WHERE m.file = ? AND x.metric LIKE 'tpot%'`,
      [file]
    );
    expect(inMetrics).toEqual([]);
    const notes = await q<{field: string; value_text: string}>(
      `SELECT field, value_text FROM {data_quality} WHERE file = ? AND field = 'result.baseline_metrics.tpot_mean'`,
      [file]
    );
    expect(notes).toEqual([{field: "result.baseline_metrics.tpot_mean", value_text: "0"}]);
    expect(summary.dataQuality).toBe(36);
  });

  it("sets agent only on agent rows and records the separate batch folder", async () => {
    const rows = await q<{variant: string; agent: string | null; n: number}>(
      `SELECT variant, agent, count(*)::INTEGER AS n FROM {measurements} GROUP BY ALL ORDER BY 1`
    );
    // agent: 94 Modal + 53 *_agent_result.json + 2 docker re-runs; baseline: 94 + 62 + 2;
    // human: 88 Modal (6 older files have no human) + 75 *_human_result.json + 49 docker verifications + 2 re-runs.
    expect(rows).toEqual([
      {variant: "agent", agent: "claude_code", n: 149},
      {variant: "baseline", agent: null, n: 158},
      {variant: "human", agent: null, n: 214}
    ]);
    const batches = await q(`SELECT DISTINCT batch FROM {measurements} WHERE source = 'separate' ORDER BY 1`);
    expect(batches.map((b) => b.batch)).toEqual(["results", "separate_agent", "separate_baseline"]);
  });

  it("keeps descriptive fields (skip_reason, fix_applied) in extra", async () => {
    const m = await measurement("results/separate_baseline/21d93c14_baseline_result.json", "baseline");
    expect(m.status).toBe("skipped");
    expect(JSON.parse(String(m.extra)).skip_reason).toBe("Requires tensor-parallel-size 8 (8 GPUs), only 1 H100 available");
  });

  it("reads the older Modal schema (patched_metrics = the agent's patch) as baseline and agent only", async () => {
    const rows = await q(`SELECT variant, status, error FROM {measurements} WHERE file = ? ORDER BY variant`, [
      "results/modal/2deb029d/benchmark_result.json"
    ]);
    expect(rows).toEqual([
      {variant: "agent", status: "baseline_failed", error: "Baseline benchmark produced no metrics"},
      {variant: "baseline", status: "baseline_failed", error: "Baseline benchmark produced no metrics"}
    ]);
  });

  it("holds no two rows with the same key in a table sorted on its key alone (the sort must be total for identical bytes)", async () => {
    const keyed = Object.entries(TABLES).filter(([table, schema]) => schema.unique && summary.warehouse.tables[table]);
    expect(keyed.map(([table]) => table)).toEqual(["measurements", "metrics"]);
    for (const [table, schema] of keyed) {
      const key = schema.orderBy.map((c) => `"${c}"`).join(", ");
      const rows = await q<{rows: number; keys: number}>(`SELECT count(*)::INTEGER AS rows, count(DISTINCT (${key}))::INTEGER AS keys FROM {${table}}`);
      expect(rows[0].rows, table).toBe(summary.warehouse.tables[table]);
      expect(rows[0].keys, table).toBe(rows[0].rows);
    }
  });

  it("writes Parquet with the schema version in its key-value metadata", async () => {
    const rows = await db.all(
      `SELECT decode(value) AS v FROM parquet_kv_metadata(${sqlString(tablePath(warehouse, "metrics"))}) WHERE decode(key) = 'benchbook_schema'`
    );
    expect(rows).toEqual([{v: "1"}]);
  });

  it("prints a one-paragraph summary", () => {
    const text = formatSummary(summary, warehouse);
    expect(text).not.toContain("\n");
    expect(text).toContain("335 parsed");
    expect(text).toContain("modal 94 files/276 measurements/708 metrics");
    expect(text).toContain("results/docker/bfdb1ba5_result.json");
  });

  it("says so when a folder held no files at all", async () => {
    const empty = join(dir, "empty-folder");
    await mkdir(empty);
    const wh = join(dir, "empty-wh");
    const text = formatSummary(await ingestPaths([empty], {warehouse: wh}), wh);
    expect(text).toMatch(/^Read 0 files \(0\.0 kB\) in \d+\.\d s: 0 parsed, 0 unchanged since the last ingest, 0 not results files, 0 quarantined\. /);
    expect(text).toContain(`New rows: 0 measurements, 0 metrics, 0 data-quality notes. Warehouse ${wh} now holds no tables (no files were found).`);
  });
});

describe("ingestPaths(idempotence and incremental ingest)", () => {
  it("gives byte-identical tables when the same inputs are ingested again from scratch", async () => {
    const again = join(dir, "again");
    await ingestPaths([corpus], {warehouse: again, agent: "claude_code"});
    for (const t of ["measurements", "metrics", "data_quality", "quarantine", "files"]) {
      expect(Buffer.compare(await readFile(tablePath(warehouse, t)), await readFile(tablePath(again, t))), t).toBe(0);
    }
  });

  it("reads a file named twice on the command line once (a folder and a file in it, one run set)", async () => {
    const src = join(dir, "twice");
    await cp(join(corpus, "results/docker/015069b0_result.json"), join(src, "015069b0_result.json"));
    await cp(join(corpus, "results/docker/0ec82edd_result.json"), join(src, "0ec82edd_result.json"));
    const s = await ingestPaths([src, join(src, "015069b0_result.json")], {warehouse: join(dir, "twice-wh"), runSet: "rs"});
    expect(s).toMatchObject({files: 2, parsed: 2});
  });

  it("refuses two different folders of one name without --run-set, naming both; separate commands keep them apart", async () => {
    for (const who of ["alice", "bob"]) {
      await cp(join(corpus, "results/docker/015069b0_result.json"), join(dir, "same-name", who, "results", "015069b0_result.json"));
      await cp(join(corpus, "results/modal/299ebb62/benchmark_result.json"), join(dir, "same-name", who, "results", "benchmark_result.json"));
    }
    await cp(join(corpus, "results/docker/0ec82edd_result.json"), join(dir, "same-name/bob/results/0ec82edd_result.json"));
    const wh = join(dir, "same-name-wh");
    const alice = join(dir, "same-name/alice/results");
    const bob = join(dir, "same-name/bob/results");
    await expect(ingestPaths([alice, bob], {warehouse: wh})).rejects.toThrow(
      `benchbook ingest: ${alice} and ${bob} are both folders named results, whose default run set would be one`
    );
    await expect(readFile(tablePath(wh, "files"))).rejects.toThrow(/ENOENT/);
    // The same folder twice (a folder and a file in it) is not two folders.
    expect(await ingestPaths([alice, join(alice, "benchmark_result.json")], {warehouse: join(dir, "same-name-once")})).toMatchObject({files: 2});
    // Two commands, each with its run set and agent: a path both folders hold is read from each.
    await ingestPaths([alice], {warehouse: wh, runSet: "alice", agent: "alice"});
    const s = await ingestPaths([bob], {warehouse: wh, runSet: "bob", agent: "bob"});
    expect(s).toMatchObject({files: 3, parsed: 3});
    const rows = await q(`SELECT run_set, file FROM {files} ORDER BY run_set, file`, [], wh);
    expect(rows).toEqual([
      {run_set: "alice", file: "015069b0_result.json"},
      {run_set: "alice", file: "benchmark_result.json"},
      {run_set: "bob", file: "015069b0_result.json"},
      {run_set: "bob", file: "0ec82edd_result.json"},
      {run_set: "bob", file: "benchmark_result.json"}
    ]);
    const agents = await q(`SELECT run_set, agent FROM {measurements} WHERE variant = 'agent' ORDER BY run_set`, [], wh);
    expect(agents).toEqual([
      {run_set: "alice", agent: "alice"},
      {run_set: "bob", agent: "bob"}
    ]);
  });

  it("stops, naming both files, when one --run-set would hold two different files at one path", async () => {
    const wh = join(dir, "clash-wh");
    const alice = join(dir, "same-name/alice/results");
    const bob = join(dir, "same-name/bob/results");
    await expect(ingestPaths([alice, bob], {warehouse: wh, runSet: "rs"})).rejects.toThrow(
      `benchbook ingest: ${join(alice, "015069b0_result.json")} and ${join(bob, "015069b0_result.json")} would both be 015069b0_result.json in run set rs`
    );
    // Nothing was committed.
    await expect(readFile(tablePath(wh, "files"))).rejects.toThrow(/ENOENT/);
  });

  it("does not read a file with the same content hash twice, and a changed file replaces its own rows", async () => {
    const src = join(dir, "iso_bench_results_3way_claude_code");
    await cp(join(corpus, "results/modal/299ebb62"), join(src, "modal/299ebb62"), {recursive: true});
    await cp(join(corpus, "results/docker/015069b0_result.json"), join(src, "docker/015069b0_result.json"));
    const wh = join(dir, "inc");
    const first = await ingestPaths([src], {warehouse: wh});
    expect(first).toMatchObject({files: 2, parsed: 2, measurements: 4});
    const before = await readFile(tablePath(wh, "metrics"));

    const second = await ingestPaths([src], {warehouse: wh});
    expect(second).toMatchObject({files: 2, parsed: 0, unchanged: 2, measurements: 0});
    expect(Buffer.compare(before, await readFile(tablePath(wh, "metrics")))).toBe(0);
    // --force parses them again and gives the same warehouse
    expect(await ingestPaths([src], {warehouse: wh, force: true})).toMatchObject({parsed: 2, unchanged: 0});
    expect(Buffer.compare(before, await readFile(tablePath(wh, "metrics")))).toBe(0);

    // Change one value: only that file is read again, and its old rows are gone.
    const path = join(src, "docker/015069b0_result.json");
    await writeFile(path, (await readFile(path, "utf8")).replace('"ttft_mean": 156.38', '"ttft_mean": 999.5'));
    const third = await ingestPaths([src], {warehouse: wh});
    expect(third).toMatchObject({parsed: 1, unchanged: 1});
    const ttft = await q(
      `SELECT x.value FROM {measurements} m JOIN {metrics} x USING (measurement_id) WHERE m.file = ? AND x.metric = 'ttft_mean'`,
      ["docker/015069b0_result.json"],
      wh
    );
    expect(ttft).toEqual([{value: 999.5}]);
    const counts = await q(`SELECT count(*)::INTEGER AS n FROM {measurements}`, [], wh);
    expect(counts).toEqual([{n: 4}]);
    // run set and agent come from the folder name
    const agents = await q(`SELECT DISTINCT run_set, agent FROM {measurements} WHERE variant = 'agent'`, [], wh);
    expect(agents).toEqual([{run_set: "iso_bench_results_3way_claude_code", agent: "claude_code"}]);
  });
});

describe("ingestPaths(symbolic links)", () => {
  it("follows links out of the folder once each, skips links into it or back up, and quarantines a broken one", async () => {
    const base = join(dir, "links");
    const root = join(base, "study");
    await cp(join(corpus, "results/modal/299ebb62"), join(root, "run-1/299ebb62"), {recursive: true});
    await cp(join(corpus, "results/docker/015069b0_result.json"), join(base, "outside/015069b0_result.json"));
    await cp(join(corpus, "results/cf2f084d_human_result.json"), join(base, "single/cf2f084d_human_result.json"));
    await symlink("run-1", join(root, "latest")); // inside: run-1 is read under its own path only
    await symlink(".", join(root, "loop"));
    await symlink("../outside", join(root, "shared")); // outside: read, once
    await symlink("../outside", join(root, "shared-again"));
    await symlink("../study", join(base, "outside/up"));
    await symlink(".", join(base, "outside/self"));
    await symlink("../single/cf2f084d_human_result.json", join(root, "cf2f084d_human_result.json"));
    await symlink("../nowhere.json", join(root, "broken.json"));
    const wh = join(dir, "links-wh");
    const s = await ingestPaths([root], {warehouse: wh});
    expect(s).toMatchObject({files: 4, parsed: 3, quarantined: 1, measurements: 5});
    expect((await q<{file: string; outcome: string}>(`SELECT file, outcome FROM {files} ORDER BY file`, [], wh)).map((r) => `${r.file} ${r.outcome}`)).toEqual([
      "broken.json quarantined",
      "cf2f084d_human_result.json parsed",
      "run-1/299ebb62/benchmark_result.json parsed",
      "shared/015069b0_result.json parsed"
    ]);
    expect(s.quarantine[0].reason).toMatch(/^broken\.json: the file could not be read \(ENOENT/);
  });
});

describe("ingestPaths(interrupted)", () => {
  it("commits the files read before the signal, and the re-run reads only the rest", async () => {
    const wh = join(dir, "interrupted");
    const stop = new AbortController();
    const totals = new Set<number>();
    const first = await ingestPaths([join(corpus, "results/docker")], {
      warehouse: wh,
      signal: stop.signal,
      onProgress: ({done, total}) => {
        totals.add(total);
        if (done === 10) stop.abort();
      }
    });
    // The progress callback reports files finished: the signal after the tenth stops the ingest there. The files are
    // counted before any is read, so the total is known from the first report on, and the summary has it.
    expect(first).toMatchObject({interrupted: true, parsed: 10, files: 52});
    expect([...totals]).toEqual([52]);
    expect(formatSummary(first, wh)).toMatch(/^Interrupted: the files read so far are in the warehouse/);
    const second = await ingestPaths([join(corpus, "results/docker")], {warehouse: wh});
    expect(second).toMatchObject({interrupted: false, unchanged: 10, parsed: 41, quarantined: 1});
    const [row] = await q(`SELECT count(*)::INTEGER AS n FROM {files}`, [], wh);
    expect(row.n).toBe(52);
  });
});

describe("ingestPaths(many quarantined files)", () => {
  it("names the first few in the summary and counts the rest, all of them in quarantine.parquet", async () => {
    const root = join(dir, "many-broken");
    const broken = await readFile(join(corpus, "results/docker/bfdb1ba5_result.json"));
    await mkdir(join(root, "docker"), {recursive: true});
    for (const k of [7, 2, 5, 0, 6, 1, 4, 3]) await writeFile(join(root, "docker", `${k}000000a_result.json`), broken);
    const wh = join(dir, "many-broken-wh");
    const s = await ingestPaths([root], {warehouse: wh});
    expect(s.quarantined).toBe(8);
    expect(s.quarantine.map((x) => x.file)).toEqual([0, 1, 2, 3, 4].map((k) => `docker/${k}000000a_result.json`));
    expect(formatSummary(s, wh)).toContain("| and 3 more (every one, with its reason, in quarantine.parquet).");
    const [row] = await q(`SELECT count(*)::INTEGER AS n FROM {quarantine}`, [], wh);
    expect(row.n).toBe(8);
  });
});

describe("ingestPaths(checkpoints)", () => {
  it("commits every N files without changing the result", async () => {
    const wh = join(dir, "checkpointed");
    let commits = 0;
    const onCommit = () => commits++;
    const s = await ingestPaths([join(corpus, "results/docker")], {warehouse: wh, checkpointFiles: 7, runSet: "claude_code", onCommit});
    expect(s).toMatchObject({files: 52, parsed: 51, quarantined: 1});
    // 52 files, one at a time on the main thread: a checkpoint after every 7th, and the last commit.
    expect(commits).toBe(8);
    const one = join(dir, "one-commit");
    commits = 0;
    await ingestPaths([join(corpus, "results/docker")], {warehouse: one, runSet: "claude_code", onCommit});
    expect(commits).toBe(1);
    for (const t of ["measurements", "metrics", "quarantine", "files"]) {
      expect(Buffer.compare(await readFile(tablePath(wh, t)), await readFile(tablePath(one, t))), t).toBe(0);
    }
  });
});

describe("deriveAgent(folder)", () => {
  it.each([
    ["omniperf_results_3way_claude_code", "claude_code"],
    ["iso_bench_results_3way_claude_code", "claude_code"],
    ["claude_code", "claude_code"],
    ["iso_bench_results_3way_codex", "codex"]
  ])("%s → %s", (folder, agent) => expect(deriveAgent(folder)).toBe(agent));
});
