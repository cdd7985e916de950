import { describe, expect, it } from 'vitest';
import { builtInNodeTypes } from '@/server/nodes';
import { createHarness } from './testing/harness';
import { chainEdges, makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

function setup(random: () => number = () => 0.5) {
  const log = new ProbeLog();
  return { ...createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)], random }), log };
}

const start = { id: 'start', type: 'input' };
const retry = { maxAttempts: 4, initialDelayMs: 100, multiplier: 3, maxDelayMs: 10_000 };

describe('scheduler: retries', () => {
  it('retries a retryable failure with the policy’s backoff and records every attempt', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [start, { id: 'flaky', config: { failUntil: 3 }, policy: { retry } }], edges: ['start->flaky'] });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('SUCCEEDED');
    const starts = h.log.entries.map((entry) => entry.startedAt - (h.log.entries[0]?.startedAt ?? 0));
    expect(starts).toEqual([0, 100, 400]);
    const attempts = h.store.getAttempts(runId, 'flaky');
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 'FAILED'],
      [2, 'FAILED'],
      [3, 'SUCCEEDED'],
    ]);
    expect(attempts[0]?.error?.message).toBe('Node "flaky" (probe): probe failed on attempt 1');
    const step = h.store.getStep(runId, 'flaky');
    expect(step).toMatchObject({ status: 'SUCCEEDED', attempt: 3 });
    expect(step?.error).toBeUndefined();
    expect(step?.retryAt).toBeUndefined();
  });

  it('gives every attempt the inputs the first one had', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [start, { id: 'flaky', config: { failUntil: 3 }, policy: { retry } }], edges: ['start->flaky'] });
    const { runId, run } = await h.run(graph, { q: 7 });
    expect(run.status).toBe('SUCCEEDED');
    // The probe passes its one input through: a retry built without the inputs would output null.
    expect(h.store.getStep(runId, 'flaky')).toMatchObject({ attempt: 3, input: { $from: ['start'] }, output: { q: 7 } });
    expect(h.log.entries.filter((e) => e.id === 'flaky').map((e) => e.inputs)).toEqual([1, 2, 3].map(() => ({ start: { q: 7 } })));
  });

  it('announces RETRYING with the delay, then the next attempt', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [start, { id: 'flaky', config: { failUntil: 2 }, policy: { retry } }], edges: ['start->flaky'] });
    const { runId } = await h.run(graph);
    const flaky = h.store.getEvents(runId).filter((e) => e.type === 'step.status' && e.nodeId === 'flaky');
    expect(flaky.map((e) => (e.type === 'step.status' ? [e.status, e.attempt, e.delayMs] : []))).toEqual([
      ['RUNNING', 1, undefined],
      ['RETRYING', 1, 100],
      ['RUNNING', 2, undefined],
      ['SUCCEEDED', 2, undefined],
    ]);
  });

  it('gives each attempt its own idempotency key runId:nodeId:attempt', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [start, { id: 'flaky', config: { failUntil: 2 }, policy: { retry } }], edges: ['start->flaky'] });
    const { runId } = await h.run(graph);
    expect(h.log.entries.map((e) => e.idempotencyKey)).toEqual([`${runId}:flaky:1`, `${runId}:flaky:2`]);
  });

  it('fails the run after the last attempt, naming the step', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [start, { id: 'down', config: { fail: 'retryable' }, policy: { retry: { ...retry, maxAttempts: 2 } } }], edges: ['start->down'] });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('FAILED');
    expect(run.error?.nodeId).toBe('down');
    expect(h.store.getAttempts(runId, 'down')).toHaveLength(2);
  });

  it('does not retry an error that says a retry cannot help', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [start, { id: 'bad', config: { fail: 'fatal' }, policy: { retry } }], edges: ['start->bad'] });
    const { runId } = await h.run(graph);
    expect(h.store.getAttempts(runId, 'bad')).toHaveLength(1);
  });

  it('spreads the delay by the jitter drawn from the injected random', async () => {
    const h = setup(() => 1);
    const graph = makeGraph({ nodes: [start, { id: 'flaky', config: { failUntil: 2 }, policy: { retry: { ...retry, jitter: 0.5 } } }], edges: ['start->flaky'] });
    await h.run(graph);
    expect((h.log.entries[1]?.startedAt ?? 0) - (h.log.entries[0]?.startedAt ?? 0)).toBe(150);
  });

  it('lets other steps use the slot while a step waits for its retry', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'flaky', config: { failUntil: 2 }, policy: { retry } }, { id: 'other', config: { ms: 50 } }],
      edges: ['start->flaky', 'start->other'],
      settings: { maxParallel: 1 },
    });
    await h.run(graph);
    expect(h.log.entries.map((e) => [e.id, e.startedAt - (h.log.entries[0]?.startedAt ?? 0)])).toEqual([
      ['flaky', 0],
      ['other', 0],
      ['flaky', 100],
    ]);
  });
});

describe('scheduler: timeouts', () => {
  it('aborts a step through its signal when the time limit passes', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [start, { id: 'slow', config: { ms: 1_000 }, policy: { timeoutMs: 100 } }], edges: ['start->slow'] });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'NODE_TIMEOUT', message: 'Node "slow" (probe): timed out after 100 ms', nodeId: 'slow' });
    expect(h.log.first('slow')?.endedAt).toBe(h.clock.now());
    expect(h.store.getStep(runId, 'slow')?.finishedAt).toBe((h.log.first('slow')?.startedAt ?? 0) + 100);
  });

  it('stops waiting at the time limit even when the step ignores its signal', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'stuck', config: { ms: 60_000, ignoreSignal: true }, policy: { timeoutMs: 100 } }],
      edges: ['start->stuck'],
    });
    const runId = await h.start(graph);
    await h.clock.advance(100);
    const run = await h.engine.untilAtRest(runId);
    expect(run.status).toBe('FAILED');
    expect(run.finishedAt).toBe((h.log.first('stuck')?.startedAt ?? 0) + 100);
    expect(h.log.first('stuck')?.endedAt).toBeUndefined(); // still "running" inside, ignored by the run
  });

  it('retries a timed-out attempt when the policy allows, and drops the late result of the first', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'slow', config: { ms: 150, ignoreSignal: true, output: 'late' }, policy: { timeoutMs: 100, retry: { ...retry, maxAttempts: 2, initialDelayMs: 1_000 } } }, 'next'],
      edges: chainEdges('start', 'slow', 'next'),
    });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('FAILED');
    expect(h.store.getAttempts(runId, 'slow').map((a) => a.error?.code)).toEqual(['NODE_TIMEOUT', 'NODE_TIMEOUT']);
    expect(h.log.executions('next')).toBe(0);
  });
});
