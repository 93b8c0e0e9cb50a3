import { computeCompletion, type CompletionInsights } from './completion.ts';
import { computeCompliance, type TargetCompliance } from './compliance.ts';
import { computeConnection, type ConnectionInsights } from './connection.ts';
import { assertValidInput, type InsightsInput } from './figures.ts';
import { computeMaturity, type MaturityInsights } from './maturity-targets.ts';
import { computeRankings, type Rankings } from './ranking.ts';

export interface Insights {
  today: string;
  connection: ConnectionInsights;
  completion: CompletionInsights;
  rankings: Rankings;
  maturity: MaturityInsights;
  compliance: TargetCompliance[];
}

/** Every KPI of the insights pages from one set of figures; only eligible agencies count. */
export function computeInsights(input: InsightsInput): Insights {
  assertValidInput(input);
  const { agencies, today, targets } = input;
  const completion = computeCompletion(agencies, today);
  return {
    today,
    connection: computeConnection(agencies, today),
    completion,
    rankings: computeRankings(completion.agencies),
    maturity: computeMaturity(agencies, targets, today),
    compliance: computeCompliance(agencies, targets),
  };
}
