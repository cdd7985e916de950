/**
 * The journal and its projection: a commit is durable once journalled, the run tables follow behind,
 * and every read through the store applies what is left — this process's commits or another's.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam } from '@/test/api';
import type { NodeId, RunId } from '@/server/engine/graph';
import type { RunCommit } from '@/server/engine/ports';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { PrismaRunStore } from './prisma-run-store';

const node = (id: string) => id as NodeId;

/** Commits whose rows are still carried by their last event (not yet applied), of the given runs. */
async function journalled(db: PrismaClient, runIds?: readonly string[]): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM "RunEvent" WHERE journal IS NOT NULL${runIds === undefined ? '' : ' AND "runId" = ANY ($1::text[])'}`,
    ...(runIds === undefined ? [] : [runIds]),
  );
  return rows[0]?.n ?? Number.NaN;
}
// Nothing is applied in the background while a test looks: only reads (and flushes) apply.
const HELD = { projection: { delayMs: 3_600_000, maxWaiting: 1_000_000 } };

describeEachDb('run journal and projection', (getDb) => {
  async function newRun(db: PrismaClient): Promise<RunId> {
    const team = await makeTeam(db, 'Journal');
    const { masteryId, versionId } = await makeMasteryWithGraph(db, team.id, { nodes: [], edges: [] });
    const run = await db.run.create({ data: { teamId: team.id, masteryId, versionId, input: {}, lastSeq: 1 } });
    return run.id as RunId;
  }

  const start = (runId: RunId, seq: number, id: string, at: number): RunCommit => ({
    runId,
    ...(seq === 2 ? { run: { status: 'RUNNING' as const, startedAt: at } } : {}),
    steps: [{ nodeId: node(id), status: 'RUNNING', attempt: 1, input: { seq }, startedAt: at, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: false, startedAt: at } }],
    events: [{ type: 'step.status', nodeId: node(id), status: 'RUNNING', attempt: 1, runId, seq, at }],
  });

  const end = (runId: RunId, seq: number, id: string, at: number, output: unknown): RunCommit => ({
    runId,
    run: { totals: { tokensIn: seq, tokensOut: 0, costUsd: 0 } },
    steps: [
      {
        nodeId: node(id),
        status: 'SUCCEEDED',
        attempt: 1,
        output,
        handles: ['out'],
        finishedAt: at,
        usage: { tokensIn: seq, tokensOut: 0, costUsd: 0 },
        attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: at, usage: { tokensIn: seq, tokensOut: 0, costUsd: 0 } },
      },
    ],
    events: [{ type: 'step.status', nodeId: node(id), status: 'SUCCEEDED', attempt: 1, runId, seq, at }],
  });

  it('journals a commit with its events; the tables follow, and a read applies what is left first', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db, HELD);
    const runId = await newRun(db);
    const at = Date.now();
    await store.commit(start(runId, 2, 'a', at));
    await store.commit(end(runId, 3, 'a', at + 40, { n: 1 }));
    // Durable: the events are written, each commit's rows on its last; the step tables are not yet.
    expect(await db.runEvent.count({ where: { runId } })).toBe(2);
    expect(await journalled(db, [runId])).toBe(2);
    expect(await db.runStep.count({ where: { runId } })).toBe(0);

    const passes = store.projector.passCount;
    const snapshot = await store.loadRun(runId);
    expect(store.projector.passCount - passes).toBe(1);
    expect(snapshot?.run).toMatchObject({ status: 'RUNNING', lastSeq: 3, totals: { tokensIn: 3 } });
    expect(snapshot?.steps).toMatchObject([{ nodeId: 'a', status: 'SUCCEEDED', input: { seq: 2 }, output: { n: 1 }, handles: ['out'], startedAt: at, finishedAt: at + 40 }]);
    // The attempt's start and end arrived in one pass: one row, its duration measured.
    expect(await db.stepRun.findMany({ where: { runId }, select: { attempt: true, status: true, durationMs: true, tokensIn: true } })).toEqual([
      { attempt: 1, status: 'SUCCEEDED', durationMs: 40, tokensIn: 3 },
    ]);
    expect(await journalled(db, [runId])).toBe(0);
  });

  it('writes a commit without events (recovery closing an attempt) straight to the tables, in its place', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db, HELD);
    const runId = await newRun(db);
    const at = Date.now();
    await store.commit(start(runId, 2, 'a', at));
    const closing: RunCommit = {
      runId,
      steps: [{ nodeId: node('a'), status: 'RUNNING', attempt: 1, attemptRecord: { attempt: 1, status: 'CANCELLED', finishedAt: at + 5 } }],
      events: [],
    };
    const statements = store.statementCount;
    await store.commit(closing);
    expect(store.statementCount - statements).toBe(1);
    // Nothing left waiting: the start still journalled went first, in the same statement.
    expect(await journalled(db, [runId])).toBe(0);
    expect(await db.stepRun.findMany({ where: { runId }, select: { attempt: true, status: true, durationMs: true } })).toEqual([{ attempt: 1, status: 'CANCELLED', durationMs: 5 }]);
    expect((await store.loadRun(runId))?.run.lastSeq).toBe(2);
  });

  it('a new process applies what a crashed one left journalled, in the order it was written', async () => {
    const testDb = getDb();
    const crashed = new PrismaRunStore(testDb.client, HELD);
    const runId = await newRun(testDb.client);
    const at = Date.now();
    await crashed.commit(start(runId, 2, 'a', at));
    await crashed.commit({ ...end(runId, 3, 'a', at + 10, 'first'), events: [...end(runId, 3, 'a', at + 10, 'first').events, ...start(runId, 4, 'b', at + 10).events], steps: [...end(runId, 3, 'a', at + 10, 'first').steps, ...start(runId, 4, 'b', at + 10).steps] });
    await crashed.commit(end(runId, 5, 'b', at + 30, 'second'));

    const second = testDb.openSecond();
    try {
      const recovering = new PrismaRunStore(second.client, HELD);
      expect(await recovering.listRunIds(['RUNNING'])).toContain(runId);
      const snapshot = await recovering.loadRun(runId);
      expect(snapshot?.run.lastSeq).toBe(5);
      expect(snapshot?.steps.map((s) => [s.nodeId, s.status, s.output])).toEqual([
        ['a', 'SUCCEEDED', 'first'],
        ['b', 'SUCCEEDED', 'second'],
      ]);
      expect(await journalled(second.client)).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('runs read together share one query, each read after what another process left journalled is applied', async () => {
    const testDb = getDb();
    const crashed = new PrismaRunStore(testDb.client, HELD);
    const runs = [await newRun(testDb.client), await newRun(testDb.client), await newRun(testDb.client)];
    const at = Date.now();
    for (const runId of runs) await crashed.commit(start(runId, 2, `first of ${runId}`, at));
    const [, , ended] = runs as [RunId, RunId, RunId];
    await crashed.commit(end(ended, 3, `first of ${ended}`, at + 7, 'done'));

    const second = testDb.openSecond();
    try {
      const reader = new PrismaRunStore(second.client, HELD);
      const [snapshots, record] = await Promise.all([Promise.all(runs.map((id) => reader.loadRun(id))), reader.loadRunRecord(ended)]);
      expect(reader.loads.queryCount).toBe(1);
      expect(reader.recordLoads.queryCount).toBe(1);
      expect(snapshots.map((s) => [s?.run.id, s?.run.lastSeq, s?.steps.map((step) => [step.nodeId, step.status, step.output ?? null])])).toEqual(
        runs.map((id) => [id, id === ended ? 3 : 2, [[`first of ${id}`, id === ended ? 'SUCCEEDED' : 'RUNNING', id === ended ? 'done' : null]]]),
      );
      expect(record).toMatchObject({ id: ended, status: 'RUNNING', lastSeq: 3, totals: { tokensIn: 3 } });
      expect(await journalled(second.client)).toBe(0);
      expect(await reader.loadRun('no such run' as RunId)).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('a pass of commits another process applied first is not applied again over newer ones', async () => {
    const testDb = getDb();
    const stale = new PrismaRunStore(testDb.client, HELD);
    const runId = await newRun(testDb.client);
    const at = Date.now();
    await stale.commit(start(runId, 2, 'a', at));
    await stale.commit(end(runId, 3, 'a', at + 5, 'old'));

    const second = testDb.openSecond();
    try {
      // The second process applies both, then changes the same step again (a later attempt's output).
      const other = new PrismaRunStore(second.client, HELD);
      await other.loadRun(runId);
      await other.commit(end(runId, 4, 'a', at + 9, 'newer'));
      await other.projector.flush();
      // The first process's pass finds its commits applied and applies only what is still journalled.
      await stale.projector.flush();
      const step = await testDb.client.runStep.findUniqueOrThrow({ where: { runId_nodeId: { runId, nodeId: 'a' } } });
      expect(step.output).toBe('newer');
      expect((await testDb.client.run.findUniqueOrThrow({ where: { id: runId } })).lastSeq).toBe(4);
    } finally {
      await second.close();
    }
  });

  it("drops the commits of a run deleted before they were applied, and applies the others'", async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db, HELD);
    const [gone, kept] = [await newRun(db), await newRun(db)];
    const at = Date.now();
    await Promise.all([store.commit(start(gone, 2, 'a', at)), store.commit(start(kept, 2, 'a', at))]);
    await db.run.delete({ where: { id: gone } });
    await store.settle();
    expect(await db.runStep.count({ where: { runId: kept } })).toBe(1);
    expect(await db.runStep.count({ where: { runId: gone } })).toBe(0);
    expect(await journalled(db, [gone, kept])).toBe(0);
  });

  it('a process reading a run while another writes it sees every commit applied once, in order', async () => {
    const testDb = getDb();
    const writer = new PrismaRunStore(testDb.client, { projection: { delayMs: 2 } });
    const runId = await newRun(testDb.client);
    const at = Date.now();
    await writer.commit(start(runId, 2, 'a', at));
    const second = testDb.openSecond();
    try {
      const reader = new PrismaRunStore(second.client, HELD);
      let isWriting = true;
      const outputs: unknown[] = [];
      const reading = (async () => {
        while (isWriting) {
          const snapshot = await reader.loadRun(runId);
          outputs.push(snapshot?.steps[0]?.output);
          // A reader in the app arrives by I/O. The embedded database answers within the same turn of
          // the event loop, so a bare loop would starve the writer, whose commits go out on the next turn.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      for (let seq = 3; seq <= 60; seq++) await writer.commit(end(runId, seq, 'a', at + seq, seq));
      isWriting = false;
      await reading;
      const final = await reader.loadRun(runId);
      expect(final?.run.lastSeq).toBe(60);
      expect(final?.steps[0]?.output).toBe(60);
      // Never backwards: a commit applied twice or out of order would show an older output after a newer one.
      const seen = outputs.filter((o): o is number => typeof o === 'number');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      await writer.settle();
      expect(await journalled(testDb.client, [runId])).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('writes a large group of commits straight to the tables, after the commits still waiting in the journal', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db, HELD);
    const runs = await Promise.all(Array.from({ length: 7 }, () => newRun(db)));
    const [first, alone, ...others] = runs as [RunId, RunId, ...RunId[]];
    const at = Date.now();
    await store.commit(start(first, 2, 'a', at));
    expect(await journalled(db, [first])).toBe(1);
    // Made in one turn, the seven go together, straight to the tables.
    const statements = store.statementCount;
    const group = [store.commit(start(alone, 2, 'a', at)), store.commit(end(first, 3, 'a', at + 7, 'through')), ...others.map((runId) => store.commit(start(runId, 2, 'b', at)))];
    await Promise.all(group);
    expect(store.statementCount - statements).toBe(1);
    // No read, no pass: the group's rows are in the tables, and the waiting start of `first` went first.
    expect(store.projector.passCount).toBe(0);
    const step = await db.runStep.findUniqueOrThrow({ where: { runId_nodeId: { runId: first, nodeId: 'a' } } });
    expect(step).toMatchObject({ status: 'SUCCEEDED', input: { seq: 2 }, output: 'through' });
    expect(await journalled(db, [first, ...others])).toBe(0);
    for (const runId of others) expect(await db.runStep.count({ where: { runId, status: 'RUNNING' } })).toBe(1);

    // A second writer in such a group: only its commit is refused; the others land through the journal.
    const next = () => [
      store.commit(end(alone, 3, 'a', at + 9, 'kept')),
      store.commit(end(first, 3, 'a', at + 9, 'stale')), // numbered as if `first` were still at 2
      ...others.map((runId) => store.commit(end(runId, 3, 'b', at + 9, runId))),
    ];
    // With a commit of another run in the same group.
    const spare = await newRun(db);
    const results = await Promise.allSettled([store.commit(start(spare, 2, 'a', at)), ...next()]);
    expect(results[0]?.status).toBe('fulfilled');
    expect(results.slice(1).map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(results[2]).toMatchObject({ reason: { message: expect.stringContaining(first) } });
    expect((await store.loadRun(first))?.steps.map((s) => s.output)).toEqual(['through']);
    for (const runId of others) expect((await store.loadRun(runId))?.steps.map((s) => s.output)).toEqual([runId]);
  });

  it('applies commits that wait together in one pass, shortly after they were written', async () => {
    const db = getDb().client;
    const store = new PrismaRunStore(db, { projection: { delayMs: 50 } });
    const runId = await newRun(db);
    const at = Date.now();
    const passes = store.projector.passCount;
    await store.commit(start(runId, 2, 'a', at));
    for (let seq = 3; seq < 12; seq++) await store.commit(end(runId, seq, 'a', at + seq, seq));
    // Nobody reads: the projector applies on its own after its delay.
    const until = Date.now() + 5_000;
    while ((await journalled(db, [runId])) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(await journalled(db, [runId])).toBe(0);
    expect(store.projector.passCount - passes).toBeLessThanOrEqual(2);
    const step = await db.runStep.findUniqueOrThrow({ where: { runId_nodeId: { runId, nodeId: 'a' } } });
    expect(step.output).toBe(11);
  });
});
