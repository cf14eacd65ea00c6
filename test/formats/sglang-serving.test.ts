import {describe, expect, it} from "vitest";
import {FORMATS} from "../../runners/formats/index.ts";
import {parseSglangServing, sglangServing} from "../../runners/formats/sglang-serving.ts";
import {processFile} from "../../runners/ingest/file.ts";
import {ctx, values} from "./helpers.ts";

// Keys as python/sglang/bench_serving.py appends them to --output-file, one JSON object per line.
const line = (rate: number | string, ttft: number) =>
  JSON.stringify({
    backend: "sglang",
    dataset_name: "random",
    request_rate: rate,
    max_concurrency: 64,
    random_input_len: 1024,
    random_output_len: 1024,
    random_range_ratio: 0.0,
    duration: 264.25,
    completed: 996,
    total_input_tokens: 342460,
    total_output_tokens: 218257,
    total_output_tokens_retokenized: 103837,
    request_throughput: 3.77,
    input_throughput: 1295.95,
    output_throughput: 825.94,
    mean_e2e_latency_ms: 2098.07,
    median_e2e_latency_ms: 606.86,
    std_e2e_latency_ms: 3000.1,
    p99_e2e_latency_ms: 15100.2,
    mean_ttft_ms: ttft,
    median_ttft_ms: 606.88,
    p99_ttft_ms: 15089.74,
    mean_tpot_ms: 1.76,
    median_tpot_ms: -0.0,
    mean_itl_ms: 0.0
  });

describe("parseSglangServing(file, ctx)", () => {
  const text = `${line(2, 2074.09)}\n${line("inf", 1900.5)}\n`;

  it("reads one measurement per line", () => {
    expect(sglangServing.detect({path: "online.jsonl", text, json: undefined}).match).toBe(true);
    const r = parseSglangServing({text, json: undefined}, ctx("sglang/human/online.jsonl"));
    expect(r.tables.measurements.map((m) => [m.source, m.variant, m.request_rate, m.input_len, m.max_concurrency])).toEqual([
      ["sglang", "human", 2, 1024, 64],
      ["sglang", "human", Infinity, 1024, 64]
    ]);
    expect(new Set(r.tables.measurements.map((m) => m.measurement_id)).size).toBe(2);
    expect(values(r)).toMatchObject({e2el_mean: 2098.07, e2el_p99: 15100.2, ttft_mean: 2074.09, output_throughput: 825.94, input_throughput: 1295.95});
    // -0.0 and 0.0 are not measurements
    expect(r.tables.data_quality.filter((d) => d.field === "line 1.mean_itl_ms")).toHaveLength(1);
  });

  it("takes the random_* lengths as the workload only for the random datasets (bench_serving writes them for every run)", () => {
    const sharegpt = (extra: string) => line(2, 100).replace('"dataset_name":"random"', `"dataset_name":"sharegpt"${extra}`);
    const r = parseSglangServing({text: `${sharegpt("")}\n${sharegpt(',"sharegpt_output_len":256')}\n`, json: undefined}, ctx("s.jsonl"));
    expect(r.tables.measurements.map((m) => [m.dataset_name, m.input_len ?? null, m.output_len ?? null])).toEqual([
      ["sharegpt", null, null],
      ["sharegpt", null, 256]
    ]);
  });

  it("reads the lengths each dataset uses, a trace replay's rate, speculative decoding's accept length, and the server's model", () => {
    const base = JSON.parse(line(2, 100));
    const lines = [
      {...base, dataset_name: "mmmu", random_output_len: 256},
      {...base, dataset_name: "custom", sharegpt_output_len: 200},
      {...base, dataset_name: "mooncake", request_rate: "trace", accept_length: 2.5, concurrency: 61.2, brand_new_ms: 3, server_info: {model_path: "Qwen/Qwen3-8B", version: "0.5.4"}}
    ];
    const r = parseSglangServing({text: lines.map((l) => JSON.stringify(l)).join("\n"), json: undefined}, ctx("s.jsonl"));
    expect(r.tables.measurements.map((m) => [m.dataset_name, m.input_len ?? null, m.output_len ?? null, m.request_rate ?? null])).toEqual([
      ["mmmu", null, 256, 2],
      ["custom", null, 200, 2],
      ["mooncake", null, null, null]
    ]);
    const trace = r.tables.measurements[2];
    expect(trace).toMatchObject({model: "Qwen/Qwen3-8B", engine_version: "0.5.4"});
    expect(JSON.parse(trace.extra as string)).toMatchObject({request_rate: "trace", concurrency: 61.2});
    expect(values(r, trace.measurement_id as string)).toMatchObject({spec_accept_length: 2.5});
    expect(r.tables.data_quality.filter((d) => d.field === "line 3.brand_new_ms").map((d) => d.reason)).toEqual([
      "key is not in the metric catalogue (runners/model/metrics.ts): kept here, not in metrics"
    ]);
  });

  // bench_serving's --request-rate defaults to float("inf") and the line is written with json.dumps: a bare Infinity.
  const pythonInf = line(2, 2074.09).replace('"request_rate":2', '"request_rate":Infinity');

  it("reads the bare Infinity json.dumps writes for the default request rate, in a one-line and a longer file", () => {
    for (const body of [`${pythonInf}\n`, `${pythonInf}\n${line(4, 1800)}\n`]) {
      const r = processFile(Buffer.from(body), ctx("online.jsonl"), FORMATS);
      expect(r).toMatchObject({outcome: "parsed", format: "sglang_serving"});
      expect(r.tables.measurements.map((m) => m.request_rate)).toEqual(body === `${pythonInf}\n` ? [Infinity] : [Infinity, 4]);
      // noted once, whether the whole text or its lines needed the rewrite
      expect(r.tables.data_quality.filter((d) => d.field === "(file)").map((d) => [d.value_text, d.reason])).toEqual([
        ["NaN/Infinity", "bare NaN/Infinity tokens (Python json.dump) are not JSON; they were read as non-finite values"]
      ]);
    }
  });

  it("keeps the runs of a file whose last line was cut short or holds a bad value, noting each skipped line", () => {
    const cut = `${line(1, 1)}\n${line(2, 2)}\n${line(4, 3).slice(0, 60)}\n`;
    const r = parseSglangServing({text: cut, json: undefined}, ctx("a.jsonl"));
    expect(r.tables.measurements).toHaveLength(2);
    expect(r.tables.data_quality.filter((d) => d.field === "line 3")).toEqual([
      expect.objectContaining({file: "a.jsonl", value_text: line(4, 3).slice(0, 60), reason: "not valid JSON: unexpected end of input (the file is truncated) at column 61"})
    ]);
    const typed = `${line(1, 1)}\n${line(2, 2).replace('"mean_ttft_ms":2', '"mean_ttft_ms":"fast"')}\n`;
    const t = parseSglangServing({text: typed, json: undefined}, ctx("b.jsonl"));
    expect(t.tables.measurements).toHaveLength(1);
    expect(t.tables.data_quality.filter((d) => d.field === "line 2").map((d) => [d.value_text, d.reason])).toEqual([
      [line(2, 2).replace('"mean_ttft_ms":2', '"mean_ttft_ms":"fast"').slice(0, 200), 'mean_ttft_ms: expected a number, found "fast"']
    ]);
  });

  it("quarantines a file none of whose lines can be read, naming each line and why", () => {
    const broken = `{"backend": "sglang", "mean_e2e_latency_ms": \n${line(2, 2).replace('"backend":"sglang"', '"backend":7')}\n`;
    expect(sglangServing.detect({path: "a.jsonl", text: broken, json: undefined}).match).toBe(true);
    expect(() => parseSglangServing({text: broken, json: undefined}, ctx("a.jsonl"))).toThrow(
      /^a\.jsonl: no readable result line:\na\.jsonl:1: not valid JSON: unexpected end of input \(the file is truncated\) at column 45\na\.jsonl:2: backend: Invalid input: expected string, received number, found 7$/
    );
  });
});
