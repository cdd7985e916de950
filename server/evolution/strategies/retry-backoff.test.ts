import { describe, expect, it } from 'vitest';
import { lineGraph } from '../testing/make-graph';
import { makeFailure } from '../testing/make-failure';
import { moreRetries, retryBackoffStrategy } from './retry-backoff';

const graph = (policy?: Record<string, unknown>) => lineGraph([{ id: 'fetch', type: 'http', config: { url: 'https://example.com' }, ...(policy ? { policy } : {}) }]);

describe('retry-backoff strategy', () => {
  it('adds retries with exponential backoff to a step that failed with a 503 and had none', async () => {
    const failure = makeFailure(graph(), 'fetch', { code: 'HTTP_STATUS', message: 'GET https://example.com answered 503 (expected a 2xx status)', retryable: true });
    expect(retryBackoffStrategy.appliesTo(failure)).toBe(true);
    const outcome = await retryBackoffStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    expect(outcome.graph.nodes.find((n) => n.id === 'fetch')?.policy?.retry).toEqual({ maxAttempts: 4, initialDelayMs: 500, multiplier: 2, maxDelayMs: 30_000, jitter: 0.2 });
    expect(outcome.note).toContain('transient error (HTTP_STATUS)');
  });

  it('waits longer first after a 429, and doubles attempts and delay of a step that already retries', () => {
    expect(moreRetries(undefined, true).initialDelayMs).toBe(2000);
    expect(moreRetries({ maxAttempts: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 10_000, jitter: 0.1 }, false)).toEqual({
      maxAttempts: 6, initialDelayMs: 2000, multiplier: 2, maxDelayMs: 30_000, jitter: 0.1,
    });
  });

  it('leaves alone errors another attempt cannot fix, and steps already at the maximum', () => {
    expect(retryBackoffStrategy.appliesTo(makeFailure(graph(), 'fetch', { code: 'HTTP_STATUS', message: 'answered 404', retryable: false }))).toBe(false);
    const maxed = graph({ retry: { maxAttempts: 10 } });
    expect(retryBackoffStrategy.appliesTo(makeFailure(maxed, 'fetch', { code: 'HTTP_NETWORK', message: 'reset', retryable: true }))).toBe(false);
  });
});
