/**
 * A step that timed out gets a longer timeout: the larger of three times the timeout it hit and twice the
 * 95th percentile of its successful attempts in earlier runs, capped. The attempt that was cut needed
 * more than the timeout by an amount nobody saw, so doubling it is a guess with no room: three times
 * still leaves half again over an attempt that needed up to twice the old timeout. Timeouts are
 * transient, so a step without retries also gets a few, with backoff.
 */
import type { RetryPolicy } from '@/server/engine/graph';
import { formatDuration } from '@/lib/figures';
import { withNode, type Strategy } from './strategy';

export const TIMEOUT_CAP_MS = 10 * 60_000;
/** The engine's timeout when a step sets none is the node type's; the evolver starts from this. */
const ASSUMED_TIMEOUT_MS = 30_000;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 30_000, jitter: 0.2 };

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export const OVER_TIMEOUT_HIT = 3;
export const OVER_HISTORY_P95 = 2;

export function longerTimeout(currentMs: number, pastDurationsMs: readonly number[]): number {
  const fromHistory = pastDurationsMs.length === 0 ? 0 : Math.ceil(percentile(pastDurationsMs, 0.95) * OVER_HISTORY_P95);
  return Math.min(TIMEOUT_CAP_MS, Math.max(currentMs * OVER_TIMEOUT_HIT, fromHistory));
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
    const past = failure.pastDurationsMs;
    const rule = `${OVER_TIMEOUT_HIT}× the timeout it hit, since the cut attempt needed more than ${formatDuration(current)} and how much more is unknown`;
    const basis = past.length === 0
      ? `${rule}; no successful attempt in earlier runs to learn from`
      : `the larger of ${rule}, and ${OVER_HISTORY_P95}× the ${formatDuration(percentile(past, 0.95))} its successful attempts in earlier runs took (p95 of ${past.length})`;
    const capped = timeoutMs === TIMEOUT_CAP_MS ? `, capped at ${formatDuration(TIMEOUT_CAP_MS)}` : '';
    const retries = hasRetries ? '' : `; it also retries up to ${DEFAULT_RETRY.maxAttempts} attempts with exponential backoff`;
    return {
      kind: 'patch',
      graph: withNode(failure.graph, { ...node, policy }),
      note: `Step "${node.id}" timed out after ${formatDuration(current)}: timeout raised to ${formatDuration(timeoutMs)} (${basis}${capped})${retries}.`,
      usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 },
    };
  },
};
