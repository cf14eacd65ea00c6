// Docker build verification `docker/<commit>_result.json`: a flat record of one benchmark of the human image (often
// with a small stand-in model such as facebook/opt-125m). Source `docker_verify`, version `human`.
import {z} from "zod";
import {commitParts, FileRows, flatMetricValues, versionStatus} from "../model/measurement.ts";
import {isObject, validate} from "../model/validate.ts";
import type {Format, FileContext, ParseResult} from "./types.ts";

const text = z.string().nullable().optional();

const DockerVerify = z
  .object({
    commit_hash: z.string().regex(/^[0-9a-fA-F]{7,40}$/, "a commit hash"),
    status: z.string(),
    error: text,
    benchmark_type: text,
    model: text,
    original_model: text,
    fix_applied: z.union([z.string(), z.array(z.string())]).nullable().optional(),
    note: text,
    timestamp: text,
    duration_s: z.number().nullable().optional(),
    v1_engine: z.boolean().nullable().optional()
  })
  .catchall(z.unknown());

function detect({path, text: body, json}: {path: string; text: string; json: unknown}) {
  if (isObject(json)) {
    const flat = typeof json.commit_hash === "string" && "status" in json;
    const other = "instance" in json || "results" in json || "result" in json || "baseline_metrics" in json;
    return {match: flat && !other};
  }
  // Not valid JSON, but written by the same harness: `{"commit_hash": "…", "status": …` (bfdb1ba5).
  const looksLikeOne = json === undefined && /^\s*\{\s*"commit_hash"\s*:/.test(body) && body.includes('"status"');
  return {match: false, broken: looksLikeOne || (json === undefined && /(^|\/)docker\/[0-9a-f]{7,40}_result\.json$/.test(path))};
}

/** Parses one docker build-verification record (the human version). */
export function parseDockerVerify(file: {text: string; json: unknown}, ctx: FileContext): ParseResult {
  const data = validate(DockerVerify, file.json, ctx.path);
  const rows = new FileRows(ctx, "docker_verify");
  const {commit, commit_full} = commitParts(data.commit_hash);
  const id = rows.measurement({
    variant: "human",
    commit,
    commit_full,
    status: "pending",
    error: data.error ?? null,
    model: data.model ?? null,
    executed_model: data.model ?? null,
    benchmark_mode: data.benchmark_type ?? null,
    timestamp: data.timestamp ?? null,
    duration_s: data.duration_s ?? null,
    extra: {
      original_model: data.original_model,
      fix_applied: Array.isArray(data.fix_applied) ? data.fix_applied.join("; ") : data.fix_applied,
      note: data.note,
      v1_engine: data.v1_engine
    }
  });
  rows.addMetrics(id, flatMetricValues(data, ctx.path), "structured", "");
  rows.setStatus(id, versionStatus({hasMetrics: rows.metricCount(id) > 0, fileStatus: data.status}));
  return {tables: rows.tables()};
}

export const dockerVerify: Format = {
  name: "docker_verify",
  description: "Docker build verification docker/<commit>_result.json (flat, human version)",
  detect,
  parse: parseDockerVerify
};
