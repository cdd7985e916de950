import { describe, expect, it } from 'vitest';
import { InMemoryRunStore } from './memory-store';
import { nodeIdSchema, type RunId } from './graph';
import type { RunEvent } from './ports';

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
