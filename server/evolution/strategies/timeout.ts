/**
 * A step that timed out gets a longer timeout: twice the 95th percentile of its successful attempts in
 * earlier runs (what it usually needs, with room), or twice the current one without history; capped, and
 * always longer than the timeout that was hit. Timeouts are transient, so a step without retries also
 * gets a few, with backoff.
 */
import type { RetryPolicy } from '@/server/engine/graph';
import { seconds, withNode, type Strategy } from './strategy';

export const TIMEOUT_CAP_MS = 10 * 60_000;
/** The engine's timeout when a step sets none is the node type's; the evolver starts from this. */
const ASSUMED_TIMEOUT_MS = 30_000;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 30_000, jitter: 0.2 };

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function longerTimeout(currentMs: number, pastDurationsMs: readonly number[]): number {
  const fromHistory = pastDurationsMs.length === 0 ? 0 : Math.ceil(percentile(pastDurationsMs, 0.95) * 2);
  // History says the step is usually quick, yet it hit the timeout: this run needed more than usual.
  const proposed = fromHistory > currentMs ? fromHistory : currentMs * 2;
  return Math.min(TIMEOUT_CAP_MS, proposed);
}

export const timeoutStrategy: Strategy = {
  id: 'timeout',
  appliesTo: (failure) => failure.node !== undefined && failure.error.code === 'NODE_TIMEOUT' && (failure.node.policy?.timeoutMs ?? ASSUMED_TIMEOUT_MS) < TIMEOUT_CAP_MS,
  propose(failure) {
    const node = failure.node;
    if (node === undefined) return { kind: 'refused', reason: 'no failed step', usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 } };
    const current = node.policy?.timeoutMs ?? ASSUMED_TIMEOUT_MS;
    const timeoutMs = longerTimeout(current, failure.pastDurationsMs);
    const hasRetries = (node.policy?.retry?.maxAttempts ?? 1) > 1;
    const policy = { continueOnFailure: false, ...node.policy, timeoutMs, ...(hasRetries ? {} : { retry: DEFAULT_RETRY }) };
    const basis = failure.pastDurationsMs.length === 0
      ? 'no successful attempt to learn from, so twice the current timeout'
      : `its successful attempts took up to ${seconds(percentile(failure.pastDurationsMs, 0.95))} (p95 of ${failure.pastDurationsMs.length})`;
    const retries = hasRetries ? '' : ` and retry up to ${DEFAULT_RETRY.maxAttempts} attempts with exponential backoff`;
    return {
      kind: 'patch',
      graph: withNode(failure.graph, { ...node, policy }),
      note: `Step "${node.id}" timed out after ${seconds(current)}: timeout raised to ${seconds(timeoutMs)} (${basis})${retries}.`,
      usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 },
    };
  },
};
