// llama-bench's default output: the markdown table of markdown_printer (`| model | size | params | backend | ngl |
// test | t/s |`, rows like `| pp2048 @ d4096 | 2293.59 ± 8.99 |`) and its footer `build: <commit> (<number>)`.
// Columns other than model/size/params/backend/test/t/s appear only when set off their defaults; they are kept.
import {InputError} from "../errors.ts";
import {describeSkipped, skippedRows, type Skipped} from "./skipped.ts";
import {parseWorkload} from "../sweeps/workload.ts";
import {llamaBenchTables, type LlamaBenchRecord} from "./llama-bench-record.ts";
import {findPipeTables, meanStd} from "./llama-bench-table.ts";
import type {Format} from "./types.ts";

export const LLAMA_BENCH_MD = "llama-bench-md";

/** markdown_printer's display names back to get_fields() names (get_field_display_name, inverted). */
const FIELD_OF: Record<string, string> = {
  model: "model_type",
  backend: "backends",
  ngl: "n_gpu_layers",
  sm: "split_mode",
  threads: "n_threads",
  nkvo: "no_kv_offload",
  fa: "flash_attn",
  lm: "load_mode",
  embd: "embeddings",
  nopo: "no_op_offload",
  noh: "no_host",
  dev: "devices",
  ts: "tensor_split",
  ot: "tensor_buft_overrides",
  mmap: "use_mmap"
};
const INT_FIELDS = new Set(["n_gpu_layers", "n_threads", "n_batch", "n_ubatch", "main_gpu", "n_cpu_moe", "flash_attn"]);

/** The printer writes sizes in binary units and parameter counts in decimal ones. */
const SIZE_UNITS: Record<string, number> = {KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4};
const COUNT_UNITS: Record<string, number> = {K: 1e3, M: 1e6, B: 1e9, T: 1e12};

function scaled(cell: string, units: Record<string, number>): number | undefined {
  const m = /^([\d.]+)\s*([A-Za-z]+)$/.exec(cell.trim());
  return m && units[m[2]] ? Math.round(Number(m[1]) * units[m[2]]) : undefined;
}

const isLlamaBenchHeader = (h: string[]) =>
  h.includes("model") && h.includes("test") && h.includes("t/s") && (h.includes("size") || h.includes("params"));

export const llamaBenchMdFormat: Format = {
  name: LLAMA_BENCH_MD,
  description: "llama.cpp llama-bench markdown table (default -o md): | model | size | params | … | test | t/s |",
  detect({text, json}) {
    if (json !== undefined) return {match: false};
    const tables = findPipeTables(text, isLlamaBenchHeader);
    if (!tables.length) return {match: false};
    return {match: true, broken: tables.every((t) => t.rows.length === 0)};
  },
  parse({text}, ctx) {
    const tables = findPipeTables(text, isLlamaBenchHeader);
    if (!tables.length) {
      throw new InputError(ctx.path, "expected a llama-bench table (model, size/params, test, t/s), found none");
    }
    const lines = text.split(/\r?\n/);
    // llama-bench -v / CUDA builds print the devices on stderr; when captured with 2>&1 they name the GPUs.
    // By index: appended runs print the same devices again.
    const devices = new Map([...text.matchAll(/^\s*Device (\d+):\s*([^,\n]+),\s*compute capability/gm)].map((m) => [m[1], m[2].trim()]));
    const records: LlamaBenchRecord[] = [];
    const skipped: Skipped[] = [];
    tables.forEach((table, t) => {
      // Each run appended to the file ends with its own `build:` line, before the next run's table.
      const after = lines.slice(table.endLine, tables[t + 1]?.headerLine ?? lines.length).join("\n");
      const build = /^build:\s*([0-9a-f]+|unknown)\s*\((\d+)\)/m.exec(after);
      // stderr between the rows: an error there is a configuration that produced no row.
      for (const b of table.between) {
        if (/error|failed/i.test(b.text)) skipped.push({line: b.line, text: b.text, reason: "llama-bench reported an error between the table's rows"});
      }
      for (const {cells, line} of table.rows) {
        const w = parseWorkload(cells.test ?? "");
        const ts = meanStd(cells["t/s"] ?? "");
        if (!w || w.kind === "latency" || !ts) {
          const found = `${JSON.stringify(cells.test)} and ${JSON.stringify(cells["t/s"])}`;
          skipped.push({line, text: found, reason: `not a llama-bench row: expected a test like pp512/tg128 and "mean ± std" t/s, found ${found}`});
          continue;
        }
        const rec: Record<string, unknown> = {
          build_commit: build?.[1] ?? "unknown",
          build_number: build ? Number(build[2]) : undefined,
          model_type: cells.model,
          model_size: scaled(cells.size ?? "", SIZE_UNITS),
          model_n_params: scaled(cells.params ?? "", COUNT_UNITS),
          n_prompt: w.n_prompt,
          n_gen: w.n_gen,
          n_depth: w.n_depth,
          avg_ts: ts.mean,
          stddev_ts: ts.std ?? undefined
        };
        for (const [name, value] of Object.entries(cells)) {
          if (["model", "size", "params", "test", "t/s"].includes(name)) continue;
          const field = FIELD_OF[name] ?? name;
          rec[field] = INT_FIELDS.has(field) && /^-?\d+$/.test(value) ? Number(value) : value;
        }
        records.push(rec as LlamaBenchRecord);
      }
    });
    skipped.sort((a, b) => a.line - b.line);
    if (!records.length) {
      throw new InputError(ctx.path, `llama-bench table has no readable rows:\n${describeSkipped(ctx.path, skipped) || "(no row below the header)"}`);
    }
    const rows = llamaBenchTables(records, ctx, LLAMA_BENCH_MD, {gpu: devices.size ? [...devices.values()].join(", ") : null});
    return {tables: {...rows, data_quality: skippedRows(ctx, skipped)}};
  }
};
