/** Every strategy, in the order tried when a team has no approvals to go by: free heuristics first. */
import type { Strategy } from './strategy';
import { timeoutStrategy } from './timeout';
import { retryBackoffStrategy } from './retry-backoff';
import { rateLimitStrategy } from './rate-limit';
import { jsonFormatStrategy } from './json-format';
import { guardExpressionStrategy } from './guard-expression';
import { llmPatchStrategy } from './llm-patch';

export const STRATEGIES: readonly Strategy[] = [
  timeoutStrategy,
  retryBackoffStrategy,
  rateLimitStrategy,
  jsonFormatStrategy,
  guardExpressionStrategy,
  llmPatchStrategy,
];

/** Most approved first for this error class; ties keep the default order (heuristics before the model). */
export function rankStrategies(strategies: readonly Strategy[], approvals: ReadonlyMap<string, number>): Strategy[] {
  return strategies
    .map((strategy, index) => ({ strategy, index, approved: approvals.get(strategy.id) ?? 0 }))
    .sort((a, b) => b.approved - a.approved || a.index - b.index)
    .map(({ strategy }) => strategy);
}
