// Reads analysis's summary.json (runners/analysis/analyze.ts `Summary`), validated with zod because it is a file on
// disk, into the list the overview draws: one entry per agent, in name order, numbers exactly as analysis wrote them.
import {z} from "zod";
import {formatZodIssues} from "../runners/errors.ts";

const num = z.number().nullable();

const Rate = z.object({count: z.number(), rate: num, ci95: z.tuple([z.number(), z.number()]).nullable()});
const Noise = z.object({pairs: z.number(), median_pct: num, p90_pct: num, max_pct: num, over_threshold: z.number(), threshold_pct: z.number()});

const AgentSummary = z.object({
  commits: z.number(),
  categories: z.record(z.string(), z.object({count: z.number(), pct: num})),
  evaluable: z.number(),
  compared: z.number(),
  unstable: z.number(),
  outcomes: z.record(z.string(), Rate),
  agent_vs_human_pct: z.object({n: z.number(), mean: num, median: num}),
  noise: Noise,
  flags: z.record(z.string(), z.number()),
  failures: z.record(z.string(), z.number())
});

const Summary = z.object({
  settings: z.object({threshold_pct: z.number(), regression_threshold_pct: z.number(), duplicate_threshold_pct: z.number()}),
  agents: z.record(z.string(), AgentSummary)
});

export type NoiseSummary = z.infer<typeof Noise>;

export type SiteAgent = {
  /** Agent name; analysis keys comparisons without an agent as "" (shown as "(no agent)"). */
  agent: string;
  total: number;
  evaluable: number;
  compared: number;
  unstable: number;
  categories: Record<string, {count: number; pct: number | null}>;
  outcomes: Record<string, {count: number; rate: number | null; low: number | null; high: number | null}>;
  mean: number | null;
  median: number | null;
  noise: NoiseSummary;
  flags: Record<string, number>;
  failures: Record<string, number>;
};

export type SiteSummary = {threshold: number; regressionThreshold: number; duplicateThreshold: number; agents: SiteAgent[]};

/** Label for analysis's "" agent key. */
export const NO_AGENT = "(no agent)";

export function normaliseSummary(raw: unknown, path = "summary.json"): SiteSummary {
  const parsed = Summary.safeParse(raw);
  if (!parsed.success) throw new Error(formatZodIssues(path, parsed.error.issues));
  const s = parsed.data;
  const agents = Object.entries(s.agents)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agent, a]) => ({
      agent: agent || NO_AGENT,
      total: a.commits,
      evaluable: a.evaluable,
      compared: a.compared,
      unstable: a.unstable,
      categories: a.categories,
      outcomes: Object.fromEntries(
        Object.entries(a.outcomes).map(([o, r]) => [o, {count: r.count, rate: r.rate, low: r.ci95?.[0] ?? null, high: r.ci95?.[1] ?? null}])
      ),
      mean: a.agent_vs_human_pct.mean,
      median: a.agent_vs_human_pct.median,
      noise: a.noise,
      flags: a.flags,
      failures: a.failures
    }));
  return {
    threshold: s.settings.threshold_pct,
    regressionThreshold: s.settings.regression_threshold_pct,
    duplicateThreshold: s.settings.duplicate_threshold_pct,
    agents
  };
}
