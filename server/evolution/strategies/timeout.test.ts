import { describe, expect, it } from 'vitest';
import { nodeRegistry } from '@/server/nodes';
import { assertValidGraph } from '@/server/engine/validate';
import { lineGraph } from '../testing/make-graph';
import { makeFailure } from '../testing/make-failure';
import { longerTimeout, percentile, timeoutStrategy, TIMEOUT_CAP_MS } from './timeout';

const timedOut = { code: 'NODE_TIMEOUT', message: 'Node "fetch" (http): timed out after 2000 ms', retryable: true };
const graph = lineGraph([{ id: 'fetch', type: 'http', config: { url: 'https://example.com/data' }, policy: { timeoutMs: 2000 } }]);

describe('timeout strategy', () => {
  it('takes p95 × 2 of the successful attempts when that is longer than 3× the timeout that was hit', () => {
    const history = [1800, 1900, 2100, 3500, 1700, 1600, 2000, 1900, 2200, 2400];
    expect(percentile(history, 0.95)).toBe(3500);
    expect(longerTimeout(2000, history)).toBe(7000);
  });

  it('triples the timeout that was hit without history, or when history says the step is usually quick', () => {
    expect(longerTimeout(2000, [])).toBe(6000);
    expect(longerTimeout(2000, [100, 120, 90])).toBe(6000);
    expect(longerTimeout(400_000, [])).toBe(TIMEOUT_CAP_MS);
  });

  it('leaves room over an attempt cut at the timeout that needed up to twice it, never landing on exactly 2×', () => {
    // An endpoint slow by exactly twice the timeout (the demo's 4 s behind 2 s) must fit, with headroom.
    for (const timeoutMs of [400, 2000, 30_000]) {
      const slowestCut = timeoutMs * 2;
      expect(longerTimeout(timeoutMs, [29])).toBeGreaterThanOrEqual(slowestCut * 1.5);
    }
  });

  it('writes short durations in milliseconds and states the rule in the note', async () => {
    const quick = makeFailure(graph, 'fetch', timedOut, { pastDurationsMs: [29] });
    const outcome = await timeoutStrategy.propose(quick, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    expect(outcome.graph.nodes.find((n) => n.id === 'fetch')?.policy).toMatchObject({ timeoutMs: 6000 });
    expect(outcome.note).toContain('timed out after 2.00 s: timeout raised to 6.00 s');
    expect(outcome.note).toContain('3× the timeout it hit, since the cut attempt needed more than 2.00 s');
    expect(outcome.note).toContain('2× the 29 ms its successful attempts in earlier runs took (p95 of 1)');
    expect(outcome.note).not.toMatch(/\b0 s\b/);
  });

  it('proposes a longer timeout and retries on the failed step only, and the graph still validates', async () => {
    const failure = makeFailure(graph, 'fetch', timedOut, { pastDurationsMs: [2600, 2700, 3200] });
    expect(timeoutStrategy.appliesTo(failure)).toBe(true);
    const outcome = await timeoutStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    const fetch = outcome.graph.nodes.find((n) => n.id === 'fetch');
    expect(fetch?.policy).toMatchObject({ timeoutMs: 6400, retry: { maxAttempts: 3 } });
    expect(outcome.graph.nodes.filter((n) => n.id !== 'fetch')).toEqual(failure.graph.nodes.filter((n) => n.id !== 'fetch'));
    expect(outcome.graph.settings).toEqual(failure.graph.settings);
    expect(outcome.note).toContain('timeout raised to 6.40 s');
    expect(outcome.usage.costUsd).toBe(0);
    expect(() => assertValidGraph(outcome.graph, nodeRegistry)).not.toThrow();
  });

  it('does not apply to other errors', () => {
    expect(timeoutStrategy.appliesTo(makeFailure(graph, 'fetch', { code: 'HTTP_STATUS', message: 'answered 503', retryable: true }))).toBe(false);
  });
});
