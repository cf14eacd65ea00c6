import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ingestPaths, type IngestSummary} from "../../runners/ingest/ingest.ts";
import {processFile} from "../../runners/ingest/file.ts";
import {Db, sqlString, tablePath, type Row} from "../../runners/warehouse/db.ts";

let dir: string;
let warehouse: string;
let summary: IngestSummary;
let db: Db;

const q = (sql: string, params: unknown[] = []): Promise<Row[]> =>
  db.all(sql.replace(/\{(\w+)\}/g, (_, t: string) => `read_parquet(${sqlString(tablePath(warehouse, t))})`), params as never);

const GOOD_DOCKER = {commit_hash: "3a243095e5e7b655b63ab08fbd5936cb40850415", status: "success", throughput_tok_s: 7125.0};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "benchbook-malformed-"));
  const root = join(dir, "iso_bench_results_3way_codex");
  const put = async (rel: string, data: string | Uint8Array) => {
    await mkdir(join(root, rel, ".."), {recursive: true});
    await writeFile(join(root, rel), data);
  };
  await put("docker/3a243095_result.json", JSON.stringify(GOOD_DOCKER));
  // truncated mid-file
  await put("modal/299ebb62/benchmark_result.json", '{"instance": {"commit_hash": "299ebb62b269ce167eb1c71b5e39a1dc1f65ce1c"}, "result": {"status": "success", "baseline_metrics": {"ttft_mean": 25.7');
  // wrong type in a field
  await put("separate/3476ed08_human_result.json", JSON.stringify({human_commit: "3476ed08", status: "success", metrics: {ttft_mean_ms: "fast"}}));
  // Python's json.dump writes bare NaN; a vLLM result with a NaN std and an "inf" rate
  await put(
    "vllm/serve-agent.json",
    '{"date": "20250101-000000", "backend": "vllm", "model_id": "m", "num_prompts": 10, "request_rate": "inf", "completed": 10, "request_throughput": 5.0, "mean_ttft_ms": 20.5, "std_ttft_ms": NaN, "p99_itl_ms": "inf"}'
  );
  // empty files
  await put("docker/empty_result.json", "");
  await put("notes/empty.txt", "");
  // a huge log that is not a results file
  await put("logs/huge.txt", "INFO step\n".repeat(3_000_000));
  // a folder of unrelated JSON
  await put("unrelated/package.json", JSON.stringify({name: "x", version: "1.0.0"}));
  await put("unrelated/list.json", "[1, 2, 3]");
  await put("unrelated/progress.json", JSON.stringify({timestamp: "20251230_053007", total_commits: 5, results: [{commit: "660470e5", status: "no_baseline_wheel"}]}));
  // binary
  await put("data/blob.parquet", new Uint8Array([80, 65, 82, 49, 0, 0, 1, 2]));
  warehouse = join(dir, "wh");
  summary = await ingestPaths([root], {warehouse});
  db = await Db.open();
}, 120_000);

afterAll(async () => {
  db?.close();
  await rm(dir, {recursive: true, force: true});
});

describe("processFile(bytes, ctx, formats)", () => {
  it("keeps a format's parse warnings as data_quality notes", () => {
    const format = {
      name: "demo",
      description: "demo",
      detect: () => ({match: true}),
      parse: () => ({tables: {}, warnings: ["line 3: skipped, no value"]})
    };
    const r = processFile(Buffer.from("x"), {path: "d.txt", folder: "", runSet: "rs", agent: null, sha256: "0"}, [format]);
    expect(r.tables.data_quality).toEqual([
      {run_set: "rs", measurement_id: null, file: "d.txt", field: "(file)", metric: null, value_text: "", reason: "line 3: skipped, no value"}
    ]);
  });
});

describe("processFile(bytes with a byte-order mark)", () => {
  it("reads a UTF-8 file that starts with a BOM", async () => {
    const {dockerVerify} = await import("../../runners/formats/docker-verify.ts");
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(GOOD_DOCKER))]);
    const r = processFile(bytes, {path: "d/3a243095_result.json", folder: "d", runSet: "rs", agent: null, sha256: "0"}, [dockerVerify]);
    expect(r.outcome).toBe("parsed");
    expect(r.tables.metrics.map((m) => [m.metric, m.value])).toEqual([["throughput", 7125]]);
  });
});

describe("ingestPaths(malformed inputs)", () => {
  it("never stops the batch: good files are read next to bad ones", () => {
    expect(summary).toMatchObject({files: 11, parsed: 2, quarantined: 3, unrecognised: 6}); // unrecognised counts the empty text file and the binary too;
    expect(summary.perSource).toMatchObject({docker_verify: {files: 1, measurements: 1, metrics: 1}, vllm: {files: 1, measurements: 1}});
  });

  it("quarantines a truncated file with the position where it ends", async () => {
    const [row] = await q(`SELECT * FROM {quarantine} WHERE file = 'modal/299ebb62/benchmark_result.json'`);
    expect(row.format).toBe("modal");
    expect(row.reason).toBe("modal/299ebb62/benchmark_result.json: not valid JSON: unexpected end of input (the file is truncated) at line 1, column 145");
  });

  it("quarantines a wrong type naming the field, what was expected and what was found", async () => {
    const [row] = await q(`SELECT * FROM {quarantine} WHERE file = 'separate/3476ed08_human_result.json'`);
    expect(row.format).toBe("separate");
    expect(row.reason).toMatch(/^separate\/3476ed08_human_result\.json: metrics\.ttft_mean_ms: .*found "fast"/);
  });

  it("quarantines an empty .json file, and counts an empty text file as empty", async () => {
    const [row] = await q(`SELECT reason FROM {quarantine} WHERE file = 'docker/empty_result.json'`);
    expect(row.reason).toBe("docker/empty_result.json: the file is empty (expected a JSON results object)");
    const outcomes = await q(`SELECT file, outcome FROM {files} WHERE outcome IN ('empty', 'binary', 'unrecognised') ORDER BY file`);
    expect(outcomes).toEqual([
      {file: "data/blob.parquet", outcome: "binary"},
      {file: "logs/huge.txt", outcome: "unrecognised"},
      {file: "notes/empty.txt", outcome: "empty"},
      {file: "unrelated/list.json", outcome: "unrecognised"},
      {file: "unrelated/package.json", outcome: "unrecognised"},
      {file: "unrelated/progress.json", outcome: "unrecognised"}
    ]);
  });

  it("reads bare NaN and \"inf\" as non-finite values: noted in data_quality, not in metrics", async () => {
    const metrics = await q(`SELECT x.metric, x.value FROM {measurements} m JOIN {metrics} x USING (measurement_id) WHERE m.file = 'vllm/serve-agent.json' ORDER BY 1`);
    expect(metrics).toEqual([
      {metric: "completed", value: 10},
      {metric: "request_throughput", value: 5},
      {metric: "ttft_mean", value: 20.5}
    ]);
    const notes = await q(`SELECT field, value_text FROM {data_quality} WHERE file = 'vllm/serve-agent.json' ORDER BY field`);
    expect(notes).toEqual([
      {field: "(file)", value_text: "NaN/Infinity"},
      {field: "p99_itl_ms", value_text: "inf"},
      {field: "std_ttft_ms", value_text: "NaN"}
    ]);
    const [m] = await q(`SELECT variant, agent, request_rate, run_set FROM {measurements} WHERE file = 'vllm/serve-agent.json'`);
    expect(m).toEqual({variant: "agent", agent: "codex", request_rate: Infinity, run_set: "iso_bench_results_3way_codex"});
  });

  it("records every file it looked at with its hash and outcome", async () => {
    const [row] = await q(`SELECT count(*)::INTEGER AS n, count(DISTINCT file_sha256)::INTEGER AS hashes FROM {files}`);
    expect(row.n).toBe(11);
    expect(row.hashes).toBe(10); // the two empty files share a hash
  });
});
