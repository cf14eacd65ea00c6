// The overview's numbers, all from summary.json (analysis writes it; the page must agree with it exactly), put in
// the order the vocabulary gives and in one shape per agent, so the page draws one agent or seven the same way.
import {CATEGORIES, CATEGORY_INFO, FLAG_KINDS, OUTCOMES} from "../runners/analysis/vocabulary.ts";
import {readSummaryJson} from "./site-read.ts";
import {normaliseSummary, type NoiseSummary, type SiteSummary} from "./summary-shape.ts";

export type OverviewAgent = {
  agent: string;
  total: number;
  evaluable: number;
  categories: {name: string; count: number; pct: number | null; evaluable: boolean}[];
  outcomes: {name: string; count: number; rate: number | null; low: number | null; high: number | null}[];
  mean: number | null;
  median: number | null;
  flags: {kind: string; count: number}[];
  compared: number;
  unstable: number;
  noise: NoiseSummary;
};

export type Overview = {
  hasSummary: boolean;
  threshold: number | null;
  regressionThreshold: number | null;
  duplicateThreshold: number | null;
  agents: OverviewAgent[];
};

export function overviewFrom(summary: SiteSummary | null): Overview {
  if (!summary) return {hasSummary: false, threshold: null, regressionThreshold: null, duplicateThreshold: null, agents: []};
  const agents = summary.agents.map((a) => ({
    agent: a.agent,
    total: a.total,
    evaluable: a.evaluable,
    categories: CATEGORIES.map((name) => ({
      name,
      count: a.categories[name]?.count ?? 0,
      pct: a.categories[name]?.pct ?? null,
      evaluable: CATEGORY_INFO[name].evaluable
    })),
    outcomes: OUTCOMES.map((name) => ({name, count: a.outcomes[name]?.count ?? 0, rate: a.outcomes[name]?.rate ?? null, low: a.outcomes[name]?.low ?? null, high: a.outcomes[name]?.high ?? null})),
    mean: a.mean,
    median: a.median,
    flags: FLAG_KINDS.map((kind) => ({kind, count: a.flags[kind] ?? 0})),
    compared: a.compared,
    unstable: a.unstable,
    noise: a.noise
  }));
  const {threshold, regressionThreshold, duplicateThreshold} = summary;
  return {hasSummary: true, threshold, regressionThreshold, duplicateThreshold, agents};
}

export async function overviewData(warehouse?: string): Promise<Overview> {
  const raw = await readSummaryJson(warehouse);
  return overviewFrom(raw === null ? null : normaliseSummary(raw));
}
