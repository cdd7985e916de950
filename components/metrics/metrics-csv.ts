/** The Metrics page's tables and daily series as CSV files: raw figures (cost in US dollars, durations in ms). */
import type { RouterOutputs } from '@/components/trpc/types';
import { toCsv } from './csv';

type Summary = RouterOutputs['metrics']['summary'];

export function masteriesCsv(masteries: Summary['masteries']): string {
  return toCsv(
    ['Mastery', 'Runs', 'Succeeded', 'Failed', 'Success rate', 'p50 duration (ms)', 'p95 duration (ms)', 'Tokens', 'Cost (USD)'],
    masteries.map((m) => [m.name, m.runs, m.succeeded, m.failed, m.successRate, m.p50Ms, m.p95Ms, m.tokens, m.costUsd]),
  );
}

export function agentsCsv(agents: Summary['agents']): string {
  return toCsv(
    ['Agent', 'LLM calls', 'Succeeded', 'Success rate', 'p50 latency (ms)', 'p95 latency (ms)', 'Tokens', 'Tokens estimated', 'Cost (USD)'],
    agents.map((a) => [a.name, a.calls, a.succeeded, a.successRate, a.p50Ms, a.p95Ms, a.tokens, a.isEstimated, a.costUsd]),
  );
}

export function dailyCsv(daily: Summary['daily']): string {
  return toCsv(['Day (UTC)', 'Runs', 'Tokens', 'Cost (USD)'], daily.map((d) => [d.day, d.runs, d.tokens, d.costUsd]));
}
