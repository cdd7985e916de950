import { describe, expect, it } from 'vitest';
import { nodeIdSchema, type RunId } from '../graph';
import type { RunEvent, StepStatusEvent } from '../ports';
import { ZERO_USAGE } from '../ports';
import { InMemoryRunStore } from './memory-store';

const a = nodeIdSchema.parse('a');

function event(runId: RunId, seq: number): RunEvent {
  return { type: 'step.status', nodeId: a, status: 'RUNNING', attempt: 1, runId, seq, at: 0 };
}

describe('InMemoryRunStore', () => {
  it('creates a QUEUED run with its first event', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: { nodes: [] }, input: { q: 1 }, now: 5 });
    const snapshot = await store.loadRun(runId);
    expect(snapshot?.run).toMatchObject({ id: runId, status: 'QUEUED', input: { q: 1 }, lastSeq: 1, createdAt: 5 });
    expect(store.getEvents(runId)).toEqual([{ type: 'run.status', status: 'QUEUED', runId, seq: 1, at: 5 }]);
  });

  it('applies patches: undefined leaves a field, null clears it', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    await store.commit({ runId, steps: [{ nodeId: a, status: 'RETRYING', attempt: 1, error: { code: 'NODE_FAILED', message: 'x', retryable: true, nodeId: a, attempt: 1 }, retryAt: 9 }], events: [event(runId, 2)] });
    await store.commit({ runId, steps: [{ nodeId: a, status: 'RUNNING', attempt: 2, retryAt: null }], events: [event(runId, 3)] });
    expect(store.getStep(runId, 'a')).toMatchObject({ status: 'RUNNING', attempt: 2, error: { message: 'x' } });
    expect(store.getStep(runId, 'a')?.retryAt).toBeUndefined();
  });

  it('keeps one row per attempt, patched by attempt number', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    await store.commit({ runId, steps: [{ nodeId: a, status: 'RUNNING', attempt: 1, attemptRecord: { attempt: 1, status: 'RUNNING', startedAt: 1, isResumed: false } }], events: [event(runId, 2)] });
    await store.commit({ runId, steps: [{ nodeId: a, status: 'SUCCEEDED', attempt: 1, attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: 2 } }], events: [event(runId, 3)] });
    expect(store.getAttempts(runId, 'a')).toEqual([{ nodeId: 'a', attempt: 1, status: 'SUCCEEDED', isResumed: false, startedAt: 1, finishedAt: 2 }]);
  });

  it('refuses a commit whose events are out of sequence and applies nothing of it', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    await expect(store.commit({ runId, run: { status: 'RUNNING' }, steps: [], events: [event(runId, 3)] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(store.getRun(runId)?.status).toBe('QUEUED');
  });

  it('lists runs by status, oldest first', async () => {
    const store = new InMemoryRunStore();
    const second = store.createRun({ graph: {}, now: 2 });
    const first = store.createRun({ graph: {}, now: 1 });
    expect(await store.listRunIds(['QUEUED'])).toEqual([first, second]);
    expect(await store.listRunIds(['RUNNING'])).toEqual([]);
  });

  it('returns copies, so a caller cannot change stored rows', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    const snapshot = await store.loadRun(runId);
    if (snapshot !== undefined) snapshot.run.status = 'FAILED';
    expect(store.getRun(runId)?.status).toBe('QUEUED');
  });
});

describe('InMemoryRunStore rows', () => {
  const b = nodeIdSchema.parse('b');

  it('keeps every step, attempt and event of a long run, in order, with each field', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    const ids = Array.from({ length: 9_000 }, (_, i) => nodeIdSchema.parse(`s${i}`));
    let seq = 1;
    for (const [i, nodeId] of ids.entries()) {
      await store.commit({
        runId,
        steps: [{ nodeId, status: 'RUNNING', attempt: 1, input: { i }, startedAt: 1_700_000_000_000 + i, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: i % 2 === 1, startedAt: 10 + i } }],
        events: [{ type: 'step.status', nodeId, status: 'RUNNING', attempt: 1, runId, seq: ++seq, at: 0.5 + i }],
      });
      await store.commit({
        runId,
        steps: [{ nodeId, status: 'SUCCEEDED', attempt: 1, output: i * 2, handles: ['out'], finishedAt: 20 + i, attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: 30 + i } }],
        events: [{ type: 'step.status', nodeId, status: 'SUCCEEDED', attempt: 1, runId, seq: ++seq, at: 1 + i, handles: ['out'] }],
      });
    }
    const steps = store.getSteps(runId);
    expect(steps.map((step) => step.nodeId)).toEqual(ids);
    for (const i of [0, 4095, 4096, 8191, 8192, 8999]) {
      const nodeId = ids[i] ?? b;
      expect(steps[i]).toEqual({ nodeId, status: 'SUCCEEDED', attempt: 1, usage: ZERO_USAGE, input: { i }, output: i * 2, handles: ['out'], startedAt: 1_700_000_000_000 + i, finishedAt: 20 + i });
      expect(store.getAttempts(runId, nodeId)).toEqual([{ nodeId, attempt: 1, status: 'SUCCEEDED', isResumed: i % 2 === 1, startedAt: 10 + i, finishedAt: 30 + i }]);
    }
    const events = store.getEvents(runId, 8_190);
    expect(events).toHaveLength(2 * 9_000 + 1 - 8_190);
    expect(events[0]).toEqual({ type: 'step.status', nodeId: ids[4094], status: 'SUCCEEDED', attempt: 1, runId, seq: 8_191, at: 1 + 4094, handles: ['out'] });
    expect(events[1]).toEqual({ type: 'step.status', nodeId: ids[4095], status: 'RUNNING', attempt: 1, runId, seq: 8_192, at: 0.5 + 4095 });
    expect(events[2]).toEqual({ type: 'step.status', nodeId: ids[4095], status: 'SUCCEEDED', attempt: 1, runId, seq: 8_193, at: 1 + 4095, handles: ['out'] });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => 8_191 + i));
  });

  it('forgets a run whole, and later runs start with nothing of it', async () => {
    const store = new InMemoryRunStore();
    const old = store.createRun({ graph: {} });
    const error = { code: 'NODE_FAILED' as const, message: 'old', retryable: false, nodeId: b, attempt: 1 };
    await store.commit({ runId: old, steps: [{ nodeId: b, status: 'FAILED', attempt: 1, error, attemptRecord: { attempt: 1, status: 'FAILED', error } }], events: [event(old, 2)] });
    store.forget(old);
    expect([store.getRun(old), store.getSteps(old), store.getEvents(old), store.getAttempts(old, 'b')]).toEqual([undefined, [], [], []]);
    expect(await store.loadRun(old)).toBeUndefined();
    const runId = store.createRun({ graph: {}, now: 7 });
    await store.commit({ runId, steps: [{ nodeId: b, status: 'QUEUED', attempt: 0 }], events: [event(runId, 2)] });
    expect(store.getSteps(runId)).toEqual([{ nodeId: b, status: 'QUEUED', attempt: 0, usage: ZERO_USAGE }]);
    expect(store.getAttempts(runId, 'b')).toEqual([]);
  });

  it('keeps every detail of a step status, whichever it carries', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    const error = { code: 'NODE_FAILED' as const, message: 'x', retryable: true, nodeId: b, attempt: 1 };
    const details: Partial<Record<keyof StepStatusEvent, unknown>> = { error, isResumed: true, delayMs: 250, usage: { tokensIn: 1, tokensOut: 2, costUsd: 0.5 }, handles: ['true'] };
    const events = Object.entries(details).map(([key, value], i): RunEvent => ({ type: 'step.status', nodeId: b, status: 'RUNNING', attempt: 1, runId, seq: i + 2, at: i, [key]: value }));
    await store.commit({ runId, steps: [], events });
    expect(store.getEvents(runId, 1)).toEqual(events);
  });

  it('returns each input as it was written, whatever its shape', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    const dictionary = (entries: Record<string, unknown>): Record<string, unknown> => Object.assign(Object.create(null) as Record<string, unknown>, entries);
    const inputs: unknown[] = [
      dictionary({ up: { n: 1 } }),
      dictionary({ up: 1, other: [2] }),
      dictionary({}),
      Object.defineProperty(Object.create(null) as object, '__proto__', { value: 'own', enumerable: true }),
      { up: 1 },
      [1, 2],
      'text',
      null,
    ];
    const ids = inputs.map((_, i) => nodeIdSchema.parse(`s${i}`));
    await store.commit({ runId, steps: inputs.map((input, i) => ({ nodeId: ids[i] ?? b, status: 'RUNNING', attempt: 1, input })), events: [] });
    const stored = store.getSteps(runId).map((step) => step.input);
    expect(stored).toEqual(inputs);
    // Same prototype too: a dictionary stays one (a step may be called `constructor`), an object stays an object.
    expect(stored.map((input) => (typeof input === 'object' && input !== null ? Object.getPrototypeOf(input) : 'none'))).toEqual(
      inputs.map((input) => (typeof input === 'object' && input !== null ? Object.getPrototypeOf(input) : 'none')),
    );
    expect(Object.keys(stored[3] as object)).toEqual(['__proto__']);
  });

  it('keeps a first attempt marked resumed, and a high attempt number', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    await store.commit({ runId, steps: [{ nodeId: b, status: 'RUNNING', attempt: 1, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: true, startedAt: 1 } }], events: [] });
    expect(store.getAttempts(runId, 'b')[0]?.isResumed).toBe(true);
    await store.commit({ runId, steps: [{ nodeId: b, status: 'RUNNING', attempt: 1, attemptRecord: { attempt: 1, isResumed: false } }], events: [] });
    expect(store.getAttempts(runId, 'b')[0]?.isResumed).toBe(false);
    await store.commit({ runId, steps: [{ nodeId: b, status: 'CANCELLED', attempt: 70_000 }], events: [{ type: 'step.status', nodeId: b, status: 'CANCELLED', attempt: 70_000, runId, seq: 2, at: 3 }] });
    expect(store.getStep(runId, 'b')).toMatchObject({ status: 'CANCELLED', attempt: 70_000 });
    expect(store.getEvents(runId, 1)).toEqual([{ type: 'step.status', nodeId: b, status: 'CANCELLED', attempt: 70_000, runId, seq: 2, at: 3 }]);
  });

  it('keeps retries as attempts after the first, and clears what null clears', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    const error = { code: 'NODE_FAILED' as const, message: 'boom', retryable: true, nodeId: b, attempt: 1 };
    const steps = [
      { nodeId: b, status: 'RUNNING' as const, attempt: 1, attemptRecord: { attempt: 1, status: 'RUNNING' as const, isResumed: false, startedAt: 1 } },
      { nodeId: b, status: 'RETRYING' as const, attempt: 1, error, retryAt: 50, attemptRecord: { attempt: 1, status: 'FAILED' as const, finishedAt: 2, error } },
      { nodeId: b, status: 'RUNNING' as const, attempt: 2, retryAt: null, attemptRecord: { attempt: 2, status: 'RUNNING' as const, isResumed: true, startedAt: 60 } },
      { nodeId: b, status: 'SUCCEEDED' as const, attempt: 2, error: null, output: 'ok', finishedAt: 70, attemptRecord: { attempt: 2, status: 'SUCCEEDED' as const, finishedAt: 70 } },
    ];
    let seq = 1;
    for (const step of steps) await store.commit({ runId, steps: [step], events: [event(runId, ++seq)] });
    expect(store.getAttempts(runId, 'b')).toEqual([
      { nodeId: 'b', attempt: 1, status: 'FAILED', isResumed: false, startedAt: 1, finishedAt: 2, error },
      { nodeId: 'b', attempt: 2, status: 'SUCCEEDED', isResumed: true, startedAt: 60, finishedAt: 70 },
    ]);
    const step = store.getStep(runId, 'b');
    expect(step).toMatchObject({ status: 'SUCCEEDED', attempt: 2, output: 'ok' });
    expect(step?.error).toBeUndefined();
    expect(step?.retryAt).toBeUndefined();
  });
});
