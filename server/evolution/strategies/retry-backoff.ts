/**
 * Transient failures (network errors, 5xx, 429, an unavailable model) get retries with exponential
 * backoff; a step that already retries gets more attempts and longer delays. Only errors marked
 * retryable qualify: another attempt at a 400 would fail alike.
 */
import type { RetryPolicy } from '@/server/engine/graph';
import { NO_USAGE, withNode, type Strategy } from './strategy';

const TRANSIENT = new Set(['HTTP_NETWORK', 'HTTP_STATUS', 'LLM_UNAVAILABLE', 'LLM_RATE_LIMITED', 'NODE_FAILED', 'NODE_TIMEOUT']);
const MAX_ATTEMPTS = 10;

export function isRateLimit(error: { code: string; message: string }): boolean {
  return error.code === 'LLM_RATE_LIMITED' || (error.code === 'HTTP_STATUS' && /answered 429\b/.test(error.message));
}

export function moreRetries(current: RetryPolicy | undefined, isRateLimited: boolean): RetryPolicy {
  const attempts = current?.maxAttempts ?? 1;
  // A rate limit clears over seconds, so its first delay is longer.
  const initialDelayMs = Math.max(current?.initialDelayMs ?? 0, isRateLimited ? 2000 : 500);
  return {
    maxAttempts: Math.min(MAX_ATTEMPTS, Math.max(4, attempts * 2)),
    initialDelayMs: attempts > 1 ? initialDelayMs * 2 : initialDelayMs,
    multiplier: Math.max(2, current?.multiplier ?? 2),
    maxDelayMs: Math.max(30_000, current?.maxDelayMs ?? 0),
    jitter: current?.jitter ?? 0.2,
  };
}

export const retryBackoffStrategy: Strategy = {
  id: 'retry-backoff',
  appliesTo: (failure) =>
    failure.node !== undefined && failure.error.retryable && TRANSIENT.has(failure.error.code) && (failure.node.policy?.retry?.maxAttempts ?? 1) < MAX_ATTEMPTS,
  propose(failure) {
    const node = failure.node;
    if (node === undefined) return { kind: 'refused', reason: 'no failed step', usage: NO_USAGE };
    const retry = moreRetries(node.policy?.retry, isRateLimit(failure.error));
    const before = node.policy?.retry?.maxAttempts ?? 1;
    const what = isRateLimit(failure.error) ? 'was rate limited (429)' : `failed with a transient error (${failure.error.code})`;
    return {
      kind: 'patch',
      graph: withNode(failure.graph, { ...node, policy: { continueOnFailure: false, ...node.policy, retry } }),
      note: `Step "${node.id}" ${what} after ${before} attempt${before === 1 ? '' : 's'}: it now retries up to ${retry.maxAttempts} attempts with exponential backoff from ${retry.initialDelayMs} ms (×${retry.multiplier}, at most ${retry.maxDelayMs / 1000} s).`,
      usage: NO_USAGE,
    };
  },
};
