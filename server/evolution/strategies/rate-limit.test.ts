import { describe, expect, it } from 'vitest';
import { lineGraph } from '../testing/make-graph';
import { makeFailure } from '../testing/make-failure';
import { rateLimitStrategy } from './rate-limit';

const limited = { code: 'HTTP_STATUS', message: 'GET https://api.example.com answered 429 (expected 200)', retryable: true };

describe('rate-limit strategy', () => {
  it("halves the run's maxParallel after a 429", async () => {
    const failure = makeFailure(lineGraph([{ id: 'fetch', type: 'http', config: { url: 'https://api.example.com' } }], { maxParallel: 6 }), 'fetch', limited);
    expect(rateLimitStrategy.appliesTo(failure)).toBe(true);
    const outcome = await rateLimitStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    expect(outcome.graph.settings.maxParallel).toBe(3);
    expect(outcome.graph.nodes).toEqual(failure.graph.nodes);
  });

  it("halves a map step's concurrency instead when the map was limited", async () => {
    const graph = lineGraph([{ id: 'each', type: 'map', config: { masteryId: 'm1', items: '{{ input.items }}', concurrency: 8 } }]);
    const failure = makeFailure(graph, 'each', { code: 'LLM_RATE_LIMITED', message: 'rate limited', retryable: true });
    const outcome = await rateLimitStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    expect(outcome.graph.nodes.find((n) => n.id === 'each')?.config).toMatchObject({ concurrency: 4 });
    expect(outcome.graph.settings.maxParallel).toBe(4);
  });

  it('does not apply to a 503 or when only one step runs at a time already', () => {
    const one = lineGraph([{ id: 'fetch', type: 'http', config: { url: 'https://api.example.com' } }], { maxParallel: 1 });
    expect(rateLimitStrategy.appliesTo(makeFailure(one, 'fetch', limited))).toBe(false);
    expect(rateLimitStrategy.appliesTo(makeFailure(lineGraph([{ id: 'fetch', type: 'http', config: { url: 'https://x.example' } }]), 'fetch', { ...limited, message: 'answered 503' }))).toBe(false);
  });
});
