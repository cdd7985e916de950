/**
 * What the database store does beyond the RunStore contract (run-store.contract.test.ts): the attempt
 * rows, and commits of several runs grouped into one statement.
 */
import { expect, it } from 'vitest';
import { describeEachDb, queueRun } from '@/test/db';
import type { NodeId, RunId } from '@/server/engine/graph';
import type { RunCommit } from '@/server/engine/ports';
import { PrismaRunStore } from './prisma-run-store';

const step = (nodeId: string) => nodeId as NodeId;

describeEachDb('PrismaRunStore', (getDb) => {
  const newRun = async () => (await queueRun(getDb().client, { nodes: [], edges: [] })) as RunId;

  const commit = (runId: RunId, seq: number, nodeId: string, at = Date.now()): RunCommit => ({
    runId,
    run: { status: 'RUNNING', startedAt: at },
    steps: [{ nodeId: step(nodeId), status: 'RUNNING', attempt: 1, startedAt: at, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: false, startedAt: at } }],
    events: [{ type: 'step.status', nodeId: step(nodeId), status: 'RUNNING', attempt: 1, runId, seq, at }],
  });

  const startOf = (nodeId: string, at = Date.now()) => ({
    nodeId: step(nodeId),
    status: 'RUNNING' as const,
    attempt: 1,
    startedAt: at,
    attemptRecord: { attempt: 1, status: 'RUNNING' as const, isResumed: false, startedAt: at },
  });

  it('writes a step, its attempt and its event together, and patches only what a later commit sets', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db);
    const runId = await newRun();
    await store.commit(commit(runId, 2, 'a'));
    await store.commit({
      runId,
      steps: [{ nodeId: step('a'), status: 'SUCCEEDED', attempt: 1, output: { n: 1 }, handles: ['out'], finishedAt: Date.now(), attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: Date.now() } }],
      events: [{ type: 'step.status', nodeId: step('a'), status: 'SUCCEEDED', attempt: 1, runId, seq: 3, at: Date.now() }],
    });
    const snapshot = await store.loadRun(runId);
    expect(snapshot?.run).toMatchObject({ status: 'RUNNING', lastSeq: 3 });
    expect(snapshot?.steps).toMatchObject([{ nodeId: 'a', status: 'SUCCEEDED', output: { n: 1 }, handles: ['out'] }]);
    expect(snapshot?.steps[0]?.startedAt).toBeTypeOf('number');
    const attempt = await db.stepRun.findFirstOrThrow({ where: { runId, nodeId: 'a' } });
    expect(attempt).toMatchObject({ status: 'SUCCEEDED', output: { n: 1 } });
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    expect(await db.runEvent.count({ where: { runId } })).toBe(3);
  });

  it('keeps a NUL and a lone surrogate in an attempt\'s input and output as they were', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db);
    const runId = await newRun();
    const value = { 'k\u0000': ['a\u0000b', 'x\ud800y', '\udfff'] };
    await store.commit({ ...commit(runId, 2, 'a'), steps: [{ ...startOf('a'), input: value }] });
    await store.commit({
      runId,
      steps: [{ nodeId: step('a'), status: 'SUCCEEDED', attempt: 1, output: value, finishedAt: Date.now(), attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: Date.now() } }],
      events: [{ type: 'step.status', nodeId: step('a'), status: 'SUCCEEDED', attempt: 1, runId, seq: 3, at: Date.now() }],
    });
    const attempt = await db.stepRun.findFirstOrThrow({ where: { runId, nodeId: 'a' } });
    expect([attempt.input, attempt.output]).toEqual([value, value]);
  });

  it('groups commits of different runs made in one turn of the event loop into one statement', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db);
    const runs = await Promise.all([newRun(), newRun(), newRun()]);
    await store.commit(commit(runs[0] as RunId, 2, 'warm'));
    const before = store.statementCount;
    await Promise.all(runs.slice(1).map((runId) => store.commit(commit(runId, 2, 'x'))));
    expect(store.statementCount - before).toBe(1);
    for (const runId of runs.slice(1)) expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).lastSeq).toBe(2);
  });

  it('in a grouped batch, patches existing rows, inserts new ones, and fails only the run that conflicts', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db);
    const runs = await Promise.all([newRun(), newRun(), newRun()]);
    await Promise.all(runs.map((runId) => store.commit({ ...commit(runId, 2, 'a'), steps: [{ ...startOf('a'), input: { from: runId } }] })));
    const end = (runId: RunId, seq: number): RunCommit => ({
      runId,
      steps: [
        { nodeId: step('a'), status: 'SUCCEEDED', attempt: 1, output: { by: runId }, handles: ['out'], finishedAt: Date.now() + 5, attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: Date.now() + 5 } },
        startOf('b'),
      ],
      events: [
        { type: 'step.status', nodeId: step('a'), status: 'SUCCEEDED', attempt: 1, runId, seq, at: Date.now() },
        { type: 'step.status', nodeId: step('b'), status: 'RUNNING', attempt: 1, runId, seq: seq + 1, at: Date.now() },
      ],
    });
    const [first, second, third] = runs as [RunId, RunId, RunId];
    // The third run's commit numbers its events as if the first commit had not happened: another writer.
    const results = await Promise.allSettled([store.commit(end(first, 3)), store.commit(end(second, 3)), store.commit(end(third, 2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(results[2]).toMatchObject({ reason: { message: expect.stringContaining(third) } });
    for (const runId of [first, second]) {
      const steps = await db.runStep.findMany({ where: { runId }, orderBy: { nodeId: 'asc' } });
      // The end patch kept the input its start wrote, and the successor's row was inserted.
      expect(steps).toMatchObject([
        { nodeId: 'a', status: 'SUCCEEDED', input: { from: runId }, output: { by: runId } },
        { nodeId: 'b', status: 'RUNNING' },
      ]);
      const attempt = await db.stepRun.findFirstOrThrow({ where: { runId, nodeId: 'a' } });
      expect(attempt).toMatchObject({ status: 'SUCCEEDED', input: { from: runId } });
      expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
      expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).lastSeq).toBe(4);
    }
    expect(await db.runStep.findMany({ where: { runId: third }, select: { nodeId: true, status: true } })).toEqual([{ nodeId: 'a', status: 'RUNNING' }]);
    expect(await db.runEvent.count({ where: { runId: third } })).toBe(2);
  });

  it('stores each event without its run, number and time as its payload, alone or in a group', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db);
    const at = Date.UTC(2026, 11, 3, 12, 0, 0, 250);
    const error = { code: 'NODE_FAILED' as const, message: "it's $ms$ broken", retryable: true, nodeId: step('a'), attempt: 1 };
    const failed = (runId: RunId, seq: number): RunCommit => ({
      runId,
      steps: [{ nodeId: step('a'), status: 'RETRYING', attempt: 1, retryAt: at + 100, attemptRecord: { attempt: 1, status: 'FAILED', finishedAt: at } }],
      events: [
        { type: 'step.status', nodeId: step('a'), status: 'FAILED', attempt: 1, error, runId, seq, at },
        { type: 'step.status', nodeId: step('a'), status: 'RETRYING', attempt: 1, delayMs: 100, runId, seq: seq + 1, at },
      ],
    });
    const payloads = async (runId: RunId) =>
      (await db.runEvent.findMany({ where: { runId, seq: { gt: 2 } }, orderBy: { seq: 'asc' } })).map((e) => ({ type: e.type, payload: e.payload, at: e.createdAt.getTime() }));
    const expected = [
      { type: 'step.status', payload: { type: 'step.status', nodeId: 'a', status: 'FAILED', attempt: 1, error }, at },
      { type: 'step.status', payload: { type: 'step.status', nodeId: 'a', status: 'RETRYING', attempt: 1, delayMs: 100 }, at },
    ];
    const alone = await newRun();
    await store.commit(commit(alone, 2, 'a'));
    await store.commit(failed(alone, 3));
    const group = await Promise.all([newRun(), newRun(), newRun(), newRun()]);
    await Promise.all(group.map((runId) => store.commit(commit(runId, 2, 'a'))));
    await Promise.all(group.map((runId) => store.commit(failed(runId, 3))));
    for (const runId of [alone, ...group]) expect(await payloads(runId)).toEqual(expected);
    const retrying = await db.runStep.findFirstOrThrow({ where: { runId: alone, nodeId: 'a' } });
    expect(retrying).toMatchObject({ status: 'RETRYING', retryAt: new Date(at + 100) });
  });
});
