/** The operations overview reads workers and the team's lost or failed steps from the database, and names the oldest waiting step only for its own team. */
import { expect, it } from 'vitest';
import { describeEachDb, queueRun } from '@/test/db';
import { operationsOverview } from './operations';

describeEachDb('operations overview', (ctx) => {
  it('lists workers by liveness, counts waiting steps, names the oldest of this team, and shows only this team\'s lost and failed steps', async () => {
    const db = ctx().client;
    const now = new Date('2026-12-07T12:00:00Z');
    const runId = await queueRun(db, { nodes: [], edges: [] });
    const otherRunId = await queueRun(db, { nodes: [], edges: [] });
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    await db.queueWorker.createMany({
      data: [
        { id: 'w-live', host: 'a', pid: 1, concurrency: 10, running: 3, startedAt: new Date(now.getTime() - 60_000), heartbeatAt: new Date(now.getTime() - 1_000) },
        { id: 'w-gone', host: 'b', pid: 2, concurrency: 10, running: 2, startedAt: new Date(now.getTime() - 120_000), heartbeatAt: new Date(now.getTime() - 60_000) },
      ],
    });
    const at = (s: number) => new Date(now.getTime() - s * 1000);
    const failed = { outcome: { kind: 'failed', error: { code: 'NODE_FAILED', message: 'Node "b" (http): 500', retryable: true, nodeId: 'b', attempt: 1 } }, usage: [] };
    await db.stepDispatch.createMany({
      data: [
        { runId, nodeId: 'a', attempt: 1, state: 'CLAIMED', createdAt: at(30) },
        { runId, nodeId: 'b', attempt: 1, state: 'DONE', outcome: failed, finishedAt: at(5) },
        { runId, nodeId: 'c', attempt: 1, state: 'LOST', finishedAt: at(4) },
        { runId, nodeId: 'd', attempt: 1, state: 'DONE', outcome: { outcome: { kind: 'succeeded', output: 1, handles: ['out'] }, usage: [] }, finishedAt: at(3) },
        { runId: otherRunId, nodeId: 'y', attempt: 1, state: 'LOST', finishedAt: at(2) },
      ],
    });

    expect(await operationsOverview(db, run.teamId, { isQueueMode: false, leaseMs: 15_000, now })).toEqual({ isQueueMode: false });
    // What the queue holds is read from Redis (queue-backlog.ts; operations-processes.test.ts reads a real one).
    const backlog = (oldestRunId: string) => async () => ({ waiting: 2, oldest: { runId: oldestRunId, nodeId: 'a', since: at(30) } });
    const overview = await operationsOverview(db, run.teamId, { isQueueMode: true, leaseMs: 15_000, now, backlog: backlog(runId) });
    if (!overview.isQueueMode) throw new Error('queue mode expected');
    expect(overview.workers.map((w) => [w.id, w.status, w.running])).toEqual([
      ['w-live', 'online', 3],
      ['w-gone', 'gone', 2],
    ]);
    expect(overview.waiting).toBe(2);
    expect(overview.oldestWaiting).toEqual({ runId, nodeId: 'a', masteryId: run.masteryId, since: at(30) });
    expect(overview.failed.map((f) => [f.nodeId, f.state, f.message])).toEqual([
      ['c', 'LOST', null],
      ['b', 'DONE', 'Node "b" (http): 500'],
    ]);

    // Another team's waiting step is counted but not named; a queue that cannot be read shows as unknown.
    const other = await operationsOverview(db, run.teamId, { isQueueMode: true, leaseMs: 15_000, now, backlog: backlog(otherRunId) });
    expect(other.isQueueMode && other.oldestWaiting).toEqual({ since: at(30) });
    const away = await operationsOverview(db, run.teamId, { isQueueMode: true, leaseMs: 15_000, now, backlog: () => Promise.reject(new Error('Redis is away')) });
    expect(away.isQueueMode && [away.waiting, away.oldestWaiting]).toEqual([null, null]);
  });
});
