// The contract every input format implements. Ingest walks files, asks each format whether it recognises the
// content (the path is only a hint), and the one that does turns the text into warehouse rows. Formats never
// touch the disk or the database: ingest (runners/ingest/) does that, so formats stay pure and testable.
import type {Row} from "../warehouse/db.ts";

/** What ingest knows about a file when it asks a format to read it. */
export type FileContext = {
  /** Path relative to the ingested root, with forward slashes (stored in `file` columns). */
  path: string;
  /** Name of the folder that contains the file (`separate` batches use it). */
  folder: string;
  /** Run set and agent for this ingest (from --run-set / --agent or derived from the root folder). */
  runSet: string;
  agent: string | null;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
};

/** Rows a file contributes, by warehouse table name (`measurements`, `metrics`, `data_quality`, `sweeps`, …). */
export type TableRows = Record<string, Row[]>;

export type Detection = {
  /** true when the content is this format (a JSON object with this format's keys, a llama-bench table, …). */
  match: boolean;
  /** true when the file looks like a results file of this format but is malformed: it goes to quarantine. */
  broken?: boolean;
};

export type ParseResult = {tables: TableRows; warnings?: string[]};

export interface Format {
  /** Stable name, stored in the `files` table (`modal`, `separate`, `vllm-serve`, `llama-bench-json`, …). */
  name: string;
  /** Short human description for `--help` and the README. */
  description: string;
  /**
   * Looks at a file. `json` is the parsed value when the text is valid JSON (else undefined); `text` is always given.
   * Must be cheap and must not throw.
   */
  detect(file: {path: string; text: string; json: unknown}): Detection;
  /** Parses the file into rows; throws InputError (file:line or field path, expected, found) when it cannot. */
  parse(file: {text: string; json: unknown}, ctx: FileContext): ParseResult;
}
