/**
 * The RunStore contract: the same tests against the in-memory double, the embedded database and
 * PostgreSQL (when TEST_DATABASE_URL is set), so the double the engine tests use cannot drift from the
 * stores that run in production.
 */
import { describe, expect, it } from 'vitest';
import { describeEachDb, queueRun } from '@/test/db';
import type { NodeId, RunId } from '@/server/engine/graph';
import type { RunCommit, RunEvent, RunStore, StepError } from '@/server/engine/ports';
import { InMemoryRunStore } from '@/server/engine/testing/memory-store';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { PrismaRunStore } from './prisma-run-store';

interface StoreUnderTest {
  store: RunStore;
  /** A QUEUED run with its first event (seq 1), as the run service creates one. */
  createRun(): Promise<RunId>;
  /** The run's stored events, oldest first. */
  events(runId: RunId): Promise<RunEvent[]>;
}

const node = (id: string) => id as NodeId;
// A NUL, a lone high and a lone low surrogate, a pair that belongs together, and what an array literal
// parameter must escape or quote (braces, commas, quotes, backslashes, a bare NULL, edge spaces).
const AWKWARD = ' a\u0000b \ud800 c\udc00 d\ud83d\ude00 {"x",\'y\'} \\ \\" NULL ';

function contract(open: () => StoreUnderTest): void {
  const startOf = (runId: RunId, nodeId: string, seq: number, at: number, input: unknown = {}): RunCommit => ({
    runId,
    run: { status: 'RUNNING', startedAt: at },
    steps: [{ nodeId: node(nodeId), status: 'RUNNING', attempt: 1, input, startedAt: at, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: false, startedAt: at } }],
    events: [{ type: 'step.status', nodeId: node(nodeId), status: 'RUNNING', attempt: 1, runId, seq, at }],
  });

  it('commits a step, its attempt and its events together, and a read straight after sees them', async () => {
    const { store, createRun, events } = open();
    const runId = await createRun();
    const at = Date.now();
    await store.commit(startOf(runId, 'a', 2, at));
    const snapshot = await store.loadRun(runId);
    expect(snapshot?.run).toMatchObject({ status: 'RUNNING', lastSeq: 2, startedAt: at });
    expect(snapshot?.steps).toMatchObject([{ nodeId: 'a', status: 'RUNNING', attempt: 1, input: {}, startedAt: at, resumedAttempts: 0 }]);
    expect((await events(runId)).map((e) => [e.seq, e.type])).toEqual([[1, 'run.status'], [2, 'step.status']]);
    expect(await store.loadRunRecord(runId)).toMatchObject({ status: 'RUNNING', lastSeq: 2 });
  });

  it('patches only what a later commit sets, and clears what it sets to null', async () => {
    const { store, createRun } = open();
    const runId = await createRun();
    const at = Date.now();
    await store.commit(startOf(runId, 'a', 2, at, { x: 1 }));
    const error: StepError = { code: 'NODE_FAILED', message: 'boom', retryable: true, nodeId: node('a'), attempt: 1 };
    await store.commit({
      runId,
      steps: [{ nodeId: node('a'), status: 'RETRYING', attempt: 1, error, retryAt: at + 100, finishedAt: at + 5, attemptRecord: { attempt: 1, status: 'FAILED', finishedAt: at + 5, error } }],
      events: [{ type: 'step.status', nodeId: node('a'), status: 'RETRYING', attempt: 1, runId, seq: 3, at: at + 5, error, delayMs: 100 }],
    });
    expect((await store.loadRun(runId))?.steps[0]).toMatchObject({ status: 'RETRYING', input: { x: 1 }, error, retryAt: at + 100 });
    await store.commit({
      runId,
      run: { status: 'SUCCEEDED', output: { done: true }, finishedAt: at + 20, totals: { tokensIn: 1, tokensOut: 2, costUsd: 0.5 } },
      steps: [{ nodeId: node('a'), status: 'SUCCEEDED', attempt: 2, output: { y: 2 }, handles: ['out'], error: null, retryAt: null, usage: { tokensIn: 1, tokensOut: 2, costUsd: 0.5 }, finishedAt: at + 20 }],
      events: [
        { type: 'step.status', nodeId: node('a'), status: 'SUCCEEDED', attempt: 2, runId, seq: 4, at: at + 20 },
        { type: 'run.status', status: 'SUCCEEDED', runId, seq: 5, at: at + 20 },
      ],
    });
    const snapshot = await store.loadRun(runId);
    expect(snapshot?.run).toMatchObject({ status: 'SUCCEEDED', output: { done: true }, startedAt: at, finishedAt: at + 20, lastSeq: 5, totals: { tokensIn: 1, tokensOut: 2, costUsd: 0.5 } });
    const [step] = snapshot?.steps ?? [];
    expect(step).toMatchObject({ status: 'SUCCEEDED', attempt: 2, input: { x: 1 }, output: { y: 2 }, handles: ['out'], startedAt: at, usage: { tokensIn: 1, tokensOut: 2, costUsd: 0.5 } });
    expect(step?.error).toBeUndefined();
    expect(step?.retryAt).toBeUndefined();
  });

  it('merges two patches of one step in one commit, later fields winning', async () => {
    const { store, createRun } = open();
    const runId = await createRun();
    const at = Date.now();
    const start = startOf(runId, 'a', 2, at);
    await store.commit({
      runId,
      steps: [...start.steps, { nodeId: node('a'), status: 'SUCCEEDED', attempt: 1, output: 7, handles: ['out'], finishedAt: at + 1, attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: at + 1 } }],
      events: [...start.events, { type: 'step.status', nodeId: node('a'), status: 'SUCCEEDED', attempt: 1, runId, seq: 3, at: at + 1 }],
    });
    expect((await store.loadRun(runId))?.steps).toMatchObject([{ nodeId: 'a', status: 'SUCCEEDED', input: {}, output: 7, startedAt: at, finishedAt: at + 1 }]);
  });

  it('refuses a commit that does not follow the stored sequence, storing none of it', async () => {
    const { store, createRun, events } = open();
    const runId = await createRun();
    await store.commit(startOf(runId, 'a', 2, Date.now()));
    // A second process that loaded the run before the first commit numbers its events from 2 as well.
    await expect(store.commit(startOf(runId, 'b', 2, Date.now()))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.loadRun(runId))?.steps.map((s) => s.nodeId)).toEqual(['a']);
    expect((await store.loadRunRecord(runId))?.lastSeq).toBe(2);
    expect(await events(runId)).toHaveLength(2);
  });

  it('keeps NUL characters and lone surrogates in inputs, outputs, errors and events as they were', async () => {
    const { store, createRun, events } = open();
    const runId = await createRun();
    const at = Date.now();
    const value = { [AWKWARD]: [AWKWARD, { s: AWKWARD }] };
    await store.commit(startOf(runId, 'a', 2, at, value));
    const error: StepError = { code: 'NODE_FAILED', message: AWKWARD, retryable: false, nodeId: node('a'), attempt: 1 };
    await store.commit({
      runId,
      run: { status: 'FAILED', output: value, error: { code: 'NODE_FAILED', message: AWKWARD, nodeId: node('a') }, finishedAt: at + 1 },
      steps: [{ nodeId: node('a'), status: 'FAILED', attempt: 1, output: value, error, finishedAt: at + 1, attemptRecord: { attempt: 1, status: 'FAILED', finishedAt: at + 1, error } }],
      events: [
        { type: 'step.status', nodeId: node('a'), status: 'FAILED', attempt: 1, runId, seq: 3, at: at + 1, error },
        { type: 'run.status', status: 'FAILED', runId, seq: 4, at: at + 1, error: { code: 'NODE_FAILED', message: AWKWARD } },
      ],
    });
    const snapshot = await store.loadRun(runId);
    expect(snapshot?.steps[0]).toMatchObject({ input: value, output: value, error });
    expect(snapshot?.run).toMatchObject({ output: value, error: { message: AWKWARD } });
    const stored = await events(runId);
    expect(stored[2]).toMatchObject({ error: { message: AWKWARD } });
    expect(stored[3]).toMatchObject({ error: { message: AWKWARD } });
  });

  it('lists runs by status, oldest first', async () => {
    const { store, createRun } = open();
    const first = await createRun();
    const second = await createRun();
    await store.commit(startOf(second, 'a', 2, Date.now()));
    const queued = await store.listRunIds(['QUEUED']);
    expect(queued).toContain(first);
    expect(queued).not.toContain(second);
    expect(await store.listRunIds(['RUNNING'])).toContain(second);
  });

  it('applies commits of many runs made at once, each to its own run', async () => {
    const { store, createRun } = open();
    const runs = await Promise.all(Array.from({ length: 6 }, () => createRun()));
    await Promise.all(runs.map((runId, i) => store.commit(startOf(runId, `n${i}`, 2, Date.now()))));
    for (const [i, runId] of runs.entries()) expect((await store.loadRun(runId))?.steps.map((s) => s.nodeId)).toEqual([`n${i}`]);
  });
}

describe('RunStore contract [in memory]', () => {
  contract(() => {
    const store = new InMemoryRunStore();
    return {
      store,
      createRun: async () => store.createRun({ graph: { nodes: [], edges: [] } }),
      events: async (runId) => store.getEvents(runId),
    };
  });
});

/** The stored events of a run as the engine made them: payload, run, number and time. */
export async function storedEvents(db: PrismaClient, runId: RunId): Promise<RunEvent[]> {
  const rows = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
  return rows.map((row) => ({ ...(row.payload as object), runId, seq: row.seq, at: row.createdAt.getTime() }) as RunEvent);
}

describeEachDb('RunStore contract', (getDb) => {
  contract(() => {
    const db = getDb().client;
    return {
      store: new PrismaRunStore(db),
      createRun: async () => (await queueRun(db, { nodes: [], edges: [] })) as RunId,
      events: (runId) => storedEvents(db, runId),
    };
  });
});
