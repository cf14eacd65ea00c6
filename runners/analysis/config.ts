// The analysis thresholds and the optional benchbook.config.json that overrides them (and, per commit, the primary
// metric, with a reason the pages show). Defaults live here as named constants so every rule reads the same numbers.
import {readFile} from "node:fs/promises";
import {z} from "zod";
import {formatZodIssues, InputError, isEnoent} from "../errors.ts";
import {metricInfo} from "../model/metrics.ts";

/** Agent-vs-human difference (%) beyond which the agent wins or loses; ±threshold itself is a match (issue 4). */
export const DEFAULT_THRESHOLD_PCT = 5;

/** Human worse than baseline by more than this (%) on a shared metric raises `suspicious_regression` (issue 4). */
export const DEFAULT_REGRESSION_THRESHOLD_PCT = 20;

/**
 * Float slack when comparing a percentage with a threshold, so that 105 vs 100 (5.000000000000004 in binary) is
 * the inclusive ±5.0 match the rule promises rather than a win.
 */
export const THRESHOLD_EPSILON = 1e-9;

const Override = z
  .object({
    primary_metric: z.string().refine((m) => metricInfo(m) !== null, {message: "a metric name from the catalogue (runners/model/metrics.ts)"}),
    reason: z.string().min(1, "a reason the pages can show")
  })
  .strict();

/** The shape of benchbook.config.json (see benchbook.config.example.json). */
export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    threshold: z.number().positive().optional(),
    regression_threshold: z.number().positive().optional(),
    duplicate_threshold: z.number().positive().optional(),
    /** Per commit (8-hex short hash): the primary metric to judge it on, and why. */
    commits: z.record(z.string().regex(/^[0-9a-f]{8}$/, "an 8-hex commit"), Override).optional()
  })
  .strict();
export type AnalysisConfigFile = z.infer<typeof ConfigSchema>;

export type PrimaryOverride = {metric: string; reason: string};

/** Everything the rules read, resolved: CLI options over the config file over the defaults. */
export type AnalysisSettings = {
  threshold: number;
  regressionThreshold: number;
  duplicateThreshold: number;
  overrides: Map<string, PrimaryOverride>;
  /** Path of the config file used, for summary.json (null when none). */
  configPath: string | null;
};

/** Reads and validates a config file; errors name the file and field. */
export async function loadConfigFile(path: string): Promise<AnalysisConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isEnoent(error)) throw new InputError(path, "config file not found");
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(json, {reportInput: true});
  if (!parsed.success) throw new InputError(path, `invalid config\n${formatZodIssues(path, parsed.error.issues)}`);
  return parsed.data;
}

/** Resolves settings: explicit options win over the file, the file over the defaults. */
export function resolveSettings(
  file: AnalysisConfigFile | null,
  options: {threshold?: number; regressionThreshold?: number; configPath?: string | null} = {}
): AnalysisSettings {
  const overrides = new Map<string, PrimaryOverride>();
  for (const [commit, o] of Object.entries(file?.commits ?? {})) overrides.set(commit, {metric: o.primary_metric, reason: o.reason});
  const threshold = options.threshold ?? file?.threshold ?? DEFAULT_THRESHOLD_PCT;
  return {
    threshold,
    regressionThreshold: options.regressionThreshold ?? file?.regression_threshold ?? DEFAULT_REGRESSION_THRESHOLD_PCT,
    // Repeats that disagree by more than the verdict threshold could flip a verdict on their own.
    duplicateThreshold: file?.duplicate_threshold ?? threshold,
    overrides,
    configPath: options.configPath ?? null
  };
}
