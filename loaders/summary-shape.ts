// Reads analysis's summary.json (validated with zod: a file on disk is a boundary) into the shape the overview uses.
import {z} from "zod";
import {formatZodIssues} from "../runners/errors.ts";

const num = z.number().nullable().optional().transform((x) => x ?? null);

const Interval = z.object({count: z.number(), rate: num, low: num, high: num});
const Count = z.object({count: z.number(), pct: num});

const AgentSummary = z.object({
  agent: z.string(),
  total: z.number(),
  evaluable: z.number(),
  categories: z.record(z.string(), Count),
  outcomes: z.record(z.string(), Interval),
  mean: num,
  median: num,
  flags: z.record(z.string(), z.number())
});

const Noise = z
  .object({pairs: z.number(), median_abs_pct: num, p90_abs_pct: num, over_threshold: num})
  .nullable()
  .optional()
  .transform((x) => x ?? null);

const Summary = z.object({threshold: num, agents: z.array(AgentSummary), noise: Noise});
export type SiteSummary = z.infer<typeof Summary>;

export function normaliseSummary(raw: unknown, path = "summary.json"): SiteSummary {
  const parsed = Summary.safeParse(raw);
  if (!parsed.success) throw new Error(formatZodIssues(path, parsed.error.issues));
  return parsed.data;
}
