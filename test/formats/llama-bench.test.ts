// llama-bench output in its three printed formats (JSON, JSONL, markdown), written as tools/llama-bench/llama-bench.cpp
// prints them (json_printer, jsonl_printer, markdown_printer at ggml-org/llama.cpp 0104b151), for a gpt-oss-120b run
// like seed 003's reference; keys checked against the source's get_fields().
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {llamaBenchCsvFormat} from "../../runners/formats/llama-bench-csv.ts";
import {llamaBenchJsonFormat} from "../../runners/formats/llama-bench-json.ts";
import {llamaBenchJsonlFormat} from "../../runners/formats/llama-bench-jsonl.ts";
import {llamaBenchMdFormat} from "../../runners/formats/llama-bench-md.ts";
import type {FileContext, Format} from "../../runners/formats/types.ts";

const FIXTURES = "test/formats/llama-bench-fixtures";
const read = (name: string) => readFileSync(`${FIXTURES}/${name}`, "utf8");
const ctx = (path: string): FileContext => ({path, folder: "llama", runSet: "llama", agent: null, sha256: "0".repeat(64)});
const jsonOf = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const detected = (path: string, text: string) => FORMATS.find((f) => f.detect({path, text, json: jsonOf(text)}).match)?.name;
const parse = (format: Format, name: string) => {
  const text = read(name);
  return format.parse({text, json: jsonOf(text)}, ctx(name));
};

/** test::get_fields() in tools/llama-bench/llama-bench.cpp (llama.cpp 0104b151), then json_printer's two arrays. */
const SOURCE_FIELDS = [
  "build_commit", "build_number", "cpu_info", "gpu_info", "backends", "model_filename", "model_type", "model_size",
  "model_n_params", "n_batch", "n_ubatch", "n_threads", "cpu_mask", "cpu_strict", "poll", "type_k", "type_v",
  "n_gpu_layers", "n_cpu_moe", "split_mode", "main_gpu", "no_kv_offload", "flash_attn", "devices", "tensor_split",
  "tensor_buft_overrides", "load_mode", "embeddings", "no_op_offload", "no_host", "fit_target", "fit_min_ctx",
  "n_prompt", "n_gen", "n_depth", "test_time", "avg_ns", "stddev_ns", "avg_ts", "stddev_ts", "samples_ns", "samples_ts"
];

describe("llama-bench fixtures", () => {
  it("carry exactly the keys llama-bench's printers write, in order", () => {
    for (const r of JSON.parse(read("gpt-oss-120b.json"))) expect(Object.keys(r)).toEqual(SOURCE_FIELDS);
    for (const line of read("gpt-oss-120b.jsonl").trim().split("\n")) expect(Object.keys(JSON.parse(line))).toEqual(SOURCE_FIELDS);
  });
});

describe("llama-bench JSON (-o json)", () => {
  it("is recognised by the registry as llama-bench-json", () => {
    expect(detected("a.json", read("gpt-oss-120b.json"))).toBe("llama-bench-json");
  });

  it("gives one configuration and one sweep row per test, with llama-bench's own mean and std", () => {
    const {tables} = parse(llamaBenchJsonFormat, "gpt-oss-120b.json");
    expect(tables.sweep_configs).toHaveLength(1);
    const cfg = tables.sweep_configs[0];
    expect(cfg).toMatchObject({
      engine: "llama.cpp",
      engine_commit: "f5acfb2ff",
      engine_version: "b7000",
      config: "llama.cpp f5acfb2ff",
      tracker: "gpt-oss 120B MXFP4 MoE",
      model: "/models/gpt-oss-120b-mxfp4.gguf",
      model_size_bytes: 63387346944,
      model_params: 116829156672,
      gpu: "NVIDIA GB10",
      attention_requested: "flash_attn=on",
      kv_cache: "f16/f16",
      date: "2026-01-09T18:02:11Z"
    });
    const byTest = Object.fromEntries(tables.sweeps.map((r) => [r.test, r]));
    expect(Object.keys(byTest)).toEqual(["pp2048", "tg32", "pp2048 @ d4096", "tg32 @ d4096"]);
    expect(byTest.pp2048).toMatchObject({kind: "prefill", metric: "pp2048_tok_s", n_prompt: 2048, n_gen: 0, n_depth: 0, mean: 2449.631255, std: 16.377165, n: 5, unit: "tok/s"});
    expect(byTest["tg32 @ d4096"]).toMatchObject({kind: "decode", metric: "tg32_tok_s", n_prompt: 0, n_gen: 32, n_depth: 4096, mean: 54.804771, std: 0.144068});
    expect(JSON.parse(byTest.pp2048.samples as string)).toEqual([2443.07, 2459.74, 2438.33, 2433.89, 2473.13]);
    // CV% = std / mean
    expect(byTest.pp2048.cv_pct).toBeCloseTo((16.377165 / 2449.631255) * 100, 10);
    // Decode rows carry the weights as bytes per token for the roofline; prefill rows do not.
    expect(byTest.tg32.bytes_per_token).toBe(63387346944);
    expect(byTest.pp2048.bytes_per_token).toBeNull();
  });

  it("reads the older examples/llama-bench records (flash_attn bool, use_mmap, no n_depth)", () => {
    const old = [{build_commit: "3f1ae2e3", build_number: 3412, gpu_info: "NVIDIA H100 80GB HBM3", model_type: "llama 8B Q4_0", model_size: 4653375488, model_n_params: 8030261248, n_gpu_layers: 99, flash_attn: false, use_mmap: true, n_prompt: 512, n_gen: 0, test_time: "2024-07-01T10:00:00Z", avg_ns: 60000000, stddev_ns: 100000, avg_ts: 8533.33, stddev_ts: 14.2}];
    const {tables} = llamaBenchJsonFormat.parse({text: JSON.stringify(old), json: old}, ctx("old.json"));
    expect(tables.sweeps[0]).toMatchObject({test: "pp512", n_depth: 0, mean: 8533.33, n: null});
    expect(tables.sweep_configs[0]).toMatchObject({attention_requested: "flash_attn=off", gpu: "NVIDIA H100 80GB HBM3"});
  });

  it("names configurations by the settings that differ between them", () => {
    const recs = JSON.parse(read("gpt-oss-120b.json")).slice(0, 2);
    const other = recs.map((r: Record<string, unknown>) => ({...r, flash_attn: 0}));
    const all = [...recs, ...other];
    const {tables} = llamaBenchJsonFormat.parse({text: JSON.stringify(all), json: all}, ctx("fa.json"));
    expect(tables.sweep_configs.map((c) => c.config)).toEqual(["llama.cpp f5acfb2ff fa=1", "llama.cpp f5acfb2ff fa=0"]);
    expect(tables.sweeps).toHaveLength(4);
  });

  it("rejects a record without avg_ts, naming the record and field", () => {
    const bad = JSON.parse(read("gpt-oss-120b.json"));
    delete bad[1].avg_ts;
    expect(() => llamaBenchJsonFormat.parse({text: "", json: bad}, ctx("bad.json"))).toThrow(/bad\.json: \[1\]\.avg_ts/);
  });

  it("flags a file cut inside its first record as broken (quarantine), not as unrecognised", () => {
    const text = read("gpt-oss-120b.json").slice(0, 900);
    expect(llamaBenchJsonFormat.detect({path: "t.json", text, json: undefined})).toEqual({match: true, broken: true});
  });

  it("reads the finished records of a run cut short, and notes where the array ends", () => {
    const full = read("gpt-oss-120b.json");
    const secondStarts = full.indexOf("\n  {", 10);
    const thirdStarts = full.indexOf("\n  {", secondStarts + 5);
    const text = full.slice(0, thirdStarts + 200);
    expect(llamaBenchJsonFormat.detect({path: "cut.json", text, json: undefined})).toEqual({match: true, broken: false});
    const {tables} = llamaBenchJsonFormat.parse({text, json: undefined}, ctx("cut.json"));
    expect(tables.sweeps.map((r) => r.test)).toEqual(["pp2048", "tg32"]);
    expect(tables.data_quality.map((d) => d.reason)).toEqual(["the array ends early: the run stopped after 2 finished tests"]);
  });
});

describe("llama-bench JSONL (-o jsonl)", () => {
  it("is recognised by the registry as llama-bench-jsonl and gives the same rows as JSON", () => {
    expect(detected("a.jsonl", read("gpt-oss-120b.jsonl"))).toBe("llama-bench-jsonl");
    const jsonl = parse(llamaBenchJsonlFormat, "gpt-oss-120b.jsonl").tables.sweeps;
    const json = parse(llamaBenchJsonFormat, "gpt-oss-120b.json").tables.sweeps;
    const strip = (rows: typeof json) => rows.map(({sweep_id: _a, run_id: _b, file: _c, format: _d, ...rest}) => rest);
    expect(strip(jsonl)).toEqual(strip(json));
  });

  it("keeps the good lines of an interrupted run and reports the cut line with its number", () => {
    const lines = read("gpt-oss-120b.jsonl").trim().split("\n");
    const text = [...lines.slice(0, 3), lines[3].slice(0, 120)].join("\n");
    const r = llamaBenchJsonlFormat.parse({text, json: undefined}, ctx("cut.jsonl"));
    expect(r.tables.sweeps).toHaveLength(3);
    // The warehouse keeps the skipped line, once: where, what was there, why (no second note through a warning).
    expect(r.warnings ?? []).toEqual([]);
    expect(r.tables.data_quality).toEqual([
      expect.objectContaining({
        file: "cut.jsonl",
        field: "line 4",
        value_text: lines[3].slice(0, 120),
        reason: "not valid JSON: unexpected end of input (the file is truncated) at column 121"
      })
    ]);
  });
});

describe("llama-bench CSV (-o csv)", () => {
  // csv_printer: get_fields() joined by commas, then each test's get_values() quoted ("1"/"0" for booleans); the
  // samples arrays are the JSON printers' alone.
  const records = read("gpt-oss-120b.jsonl").trim().split("\n").map((l) => JSON.parse(l));
  const fields = Object.keys(records[0]).filter((k) => k !== "samples_ns" && k !== "samples_ts");
  const quoted = (v: unknown) => `"${(typeof v === "boolean" ? (v ? "1" : "0") : String(v)).replaceAll('"', '""')}"`;
  const csv = [fields.join(","), ...records.map((r) => fields.map((f) => quoted(r[f])).join(","))].join("\n") + "\n";

  it("is recognised by the registry and gives the rows the JSONL printer's records give, less the samples it lacks", () => {
    expect(detected("bench.csv", csv)).toBe("llama-bench-csv");
    const fromCsv = llamaBenchCsvFormat.parse({text: csv, json: undefined}, ctx("bench.csv")).tables.sweeps;
    const fromJsonl = parse(llamaBenchJsonlFormat, "gpt-oss-120b.jsonl").tables.sweeps;
    const strip = (rows: typeof fromCsv) => rows.map(({sweep_id: _a, run_id: _b, file: _c, format: _d, n: _n, samples: _s, ...rest}) => rest);
    expect(strip(fromCsv)).toEqual(strip(fromJsonl));
    expect(fromCsv.map((r) => [r.n, r.samples])).toEqual(fromCsv.map(() => [null, null]));
  });

  it("skips a row that fails the record's check, with its line and why", () => {
    const lines = csv.trim().split("\n");
    const text = [lines[0], lines[1], lines[2].replace(`"${records[1].avg_ts}"`, '"n/a"')].join("\n");
    const {tables} = llamaBenchCsvFormat.parse({text, json: undefined}, ctx("cut.csv"));
    expect(tables.sweeps).toHaveLength(1);
    expect(tables.data_quality.map((d) => [d.field, d.reason])).toEqual([["line 3", 'avg_ts: Invalid input: expected number, received string, found "n/a"']]);
  });
});

describe("llama-bench configurations", () => {
  const record = JSON.parse(read("gpt-oss-120b.jsonl").trim().split("\n")[0]);
  const jsonl = (...records: object[]) => records.map((r) => JSON.stringify(r)).join("\n");

  it("keeps runs that differ only in a setting newer or older printers add (poll, mul_mat_q) as separate configurations", () => {
    for (const field of ["poll", "mul_mat_q", "cpu_strict", "fit_target"]) {
      const {tables} = llamaBenchJsonlFormat.parse({text: jsonl({...record, [field]: 0}, {...record, [field]: 50}), json: undefined}, ctx("p.jsonl"));
      expect(tables.sweep_configs.map((c) => c.config)).toEqual([`llama.cpp f5acfb2ff ${field}=0`, `llama.cpp f5acfb2ff ${field}=50`]);
    }
  });

  it("counts the GPUs of older printers' gpu_info, which joined them with /", () => {
    const {tables} = llamaBenchJsonlFormat.parse({text: jsonl({...record, gpu_info: "NVIDIA A100-SXM4-80GB/NVIDIA A100-SXM4-80GB"}), json: undefined}, ctx("g.jsonl"));
    expect(tables.sweep_configs[0]).toMatchObject({gpu_count: 2});
  });
});

describe("llama-bench markdown (default -o md)", () => {
  it("is recognised by the registry as llama-bench-md", () => {
    expect(detected("a.md", read("gpt-oss-120b.md"))).toBe("llama-bench-md");
  });

  it("reads test labels, mean ± std, size, params and the build footer", () => {
    const {tables} = parse(llamaBenchMdFormat, "gpt-oss-120b.md");
    expect(tables.sweeps.map((r) => [r.test, r.kind, r.n_prompt, r.n_gen, r.n_depth, r.mean, r.std])).toEqual([
      ["pp2048", "prefill", 2048, 0, 0, 2449.63, 16.38],
      ["tg32", "decode", 0, 32, 0, 57.82, 0.31],
      ["pp2048 @ d4096", "prefill", 2048, 0, 4096, 2293.65, 7.45],
      ["tg32 @ d4096", "decode", 0, 32, 4096, 54.8, 0.14]
    ]);
    const cfg = tables.sweep_configs[0];
    expect(cfg).toMatchObject({engine_commit: "f5acfb2ff", engine_version: "b7000", tracker: "gpt-oss 120B MXFP4 MoE", attention_requested: "flash_attn=on"});
    // "59.03 GiB" → bytes, to the printer's two decimals
    expect(Math.abs((cfg.model_size_bytes as number) - 63387346944)).toBeLessThan(0.005 * 1024 ** 3);
    expect(cfg.model_params).toBe(116830000000);
  });

  it("reads `pp512+tg128` (-pg) as a mixed workload with no catalogue metric", () => {
    const text = [
      "| model                          |       size |     params | backend    | ngl |            test |                  t/s |",
      "| ------------------------------ | ---------: | ---------: | ---------- | --: | --------------: | -------------------: |",
      "| llama 8B Q4_0                  |   4.33 GiB |     8.03 B | CUDA       |  99 |     pp512+tg128 |       595.41 ± 1.20 |",
      "",
      "build: 3f1ae2e3 (3412)"
    ].join("\n");
    const {tables} = llamaBenchMdFormat.parse({text, json: undefined}, ctx("pg.md"));
    expect(tables.sweeps[0]).toMatchObject({test: "pp512+tg128", kind: "mixed", metric: null, n_prompt: 512, n_gen: 128});
  });

  it("is not confused with llama-benchy's table", () => {
    const text = "| model | test | t/s | ttfr (ms) | est_ppt (ms) | e2e_ttft (ms) |\n|:--|--:|--:|--:|--:|--:|\n| m | pp2048 | 1.00 ± 0.10 | | | |";
    expect(llamaBenchMdFormat.detect({path: "x.md", text, json: undefined}).match).toBe(false);
  });

  // llama_bench() prints to stderr between the rows (`--progress`, a model that fails to load and is skipped), and
  // runs appended with `>>` each print their table and build line.
  const [header, rule, ...rest] = read("gpt-oss-120b.md").split("\n");
  const rows = rest.filter((l) => l.startsWith("|"));

  it("reads rows past llama-bench's stderr lines captured with 2>&1, noting an error among them", () => {
    const text = [
      "ggml_cuda_init: found 2 CUDA devices:",
      "  Device 0: NVIDIA H100 80GB HBM3, compute capability 9.0, VMM: yes",
      "  Device 1: NVIDIA H100 80GB HBM3, compute capability 9.0, VMM: yes",
      header,
      rule,
      "llama-bench: benchmark 1/3: starting",
      rows[0],
      "llama-bench: benchmark 2/3: starting",
      "main: error: failed to load model 'models/missing.gguf'",
      "llama-bench: benchmark 3/3: starting",
      rows[1],
      "",
      "build: f5acfb2ff (7000)"
    ].join("\n");
    const {tables} = llamaBenchMdFormat.parse({text, json: undefined}, ctx("progress.md"));
    expect(tables.sweeps.map((r) => r.test)).toEqual(["pp2048", "tg32"]);
    expect(tables.sweep_configs[0]).toMatchObject({engine_commit: "f5acfb2ff", gpu: "NVIDIA H100 80GB HBM3, NVIDIA H100 80GB HBM3", gpu_count: 2});
    expect(tables.data_quality.map((d) => [d.field, d.value_text, d.reason])).toEqual([
      ["line 9", "main: error: failed to load model 'models/missing.gguf'", "llama-bench reported an error between the table's rows"]
    ]);
  });

  it("reads every run appended to one file, each with its own build line", () => {
    const text = [header, rule, rows[0], "", "build: f5acfb2ff (7000)", header, rule, rows[1].replace("57.82 ± 0.31", "58.10 ± 0.20"), "", "build: 0104b151 (7010)"].join("\n");
    const {tables} = llamaBenchMdFormat.parse({text, json: undefined}, ctx("appended.md"));
    expect(tables.sweeps.map((r) => [r.test, r.mean])).toEqual([
      ["pp2048", 2449.63],
      ["tg32", 58.1]
    ]);
    expect(tables.sweep_configs.map((c) => c.engine_commit)).toEqual(["f5acfb2ff", "0104b151"]);
  });

  it("reads the `pp 512` / `tg 128` labels of older llama-bench as pp512 / tg128", () => {
    const text = [header, rule, rows[0].replace("         pp2048 ", "       pp 2048 "), rows[1].replace("           tg32 ", "          tg 32 "), "", "build: 0068da7f (2100)"].join("\n");
    const {tables} = llamaBenchMdFormat.parse({text, json: undefined}, ctx("old.md"));
    expect(tables.sweeps.map((r) => [r.test, r.n_prompt, r.n_gen])).toEqual([
      ["pp2048", 2048, 0],
      ["tg32", 0, 32]
    ]);
  });

  it("keeps an -ot override whose regular expression holds a `|` in its own cell", () => {
    const text = [
      "| model | size | params | backend | ngl | ot | test | t/s |",
      "| --- | ---: | ---: | --- | --: | --- | ---: | ---: |",
      "| gpt-oss 120B MXFP4 MoE | 59.03 GiB | 116.83 B | CUDA | 99 | blk\\.(1|2)\\.ffn_.*_exps\\.=CPU | pp512 | 1200.50 ± 3.10 |",
      "",
      "build: f5acfb2ff (7000)"
    ].join("\n");
    const {tables} = llamaBenchMdFormat.parse({text, json: undefined}, ctx("ot.md"));
    expect(tables.sweeps.map((r) => [r.test, r.mean])).toEqual([["pp512", 1200.5]]);
    expect(JSON.parse(tables.sweep_configs[0].settings_json as string).tensor_buft_overrides).toBe("blk\\.(1|2)\\.ffn_.*_exps\\.=CPU");
  });
});
