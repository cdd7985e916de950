/**
 * The operations page's tRPC procedure in queue mode, over real PostgreSQL, Redis and worker processes:
 * a step waits on the queue while no worker runs (counted and named, with its run); a worker that starts
 * is online and runs it; a worker killed mid-step is shown gone, and its step lost, once its lease ran
 * out. Owners only: an editor or a viewer is refused.
 */
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import type { RunId } from '@/server/engine/graph';
import { callerFor, makeTeam } from '@/test/api';
import { openTestDb } from '@/test/db';
import { canTestQueueMode, chainMastery, inProcessQueue, sleep, startChild, startCounter, type Child, type ChildSetup } from './testing/cluster';

const canRun = await canTestQueueMode('Operations process test');
const LEASE_MS = 1500;

describe.runIf(canRun)('operations overview in queue mode, with worker processes', () => {
  it('shows the waiting step, the workers online and gone, and the step lost with a killed worker; owners only', async () => {
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const prefix = `mstest-${Date.now().toString(36)}`;
    const queue = await inProcessQueue(db.client, { redisUrl: env.TEST_REDIS_URL, prefix, counterUrl: counter.url, workers: 0, leaseMs: LEASE_MS });
    const setup: ChildSetup = { databaseUrl: db.url ?? '', redisUrl: env.TEST_REDIS_URL, prefix, counterUrl: counter.url, env: { WORKER_LEASE_MS: String(LEASE_MS), WORKER_CONCURRENCY: '2' } };
    const children: Child[] = [];
    // The procedure reads queue mode from the environment, as the web process does.
    const saved = { REDIS_URL: env.REDIS_URL, QUEUE_PREFIX: env.QUEUE_PREFIX, WORKER_LEASE_MS: env.WORKER_LEASE_MS };
    Object.assign(env, { REDIS_URL: env.TEST_REDIS_URL, QUEUE_PREFIX: prefix, WORKER_LEASE_MS: LEASE_MS });
    try {
      const team = await makeTeam(db.client, 'Operations');
      const as = (role: 'OWNER' | 'EDITOR' | 'VIEWER') => callerFor(db.client, { user: team.members[role], activeTeamId: team.id, runtime: queue.runtime });
      for (const role of ['EDITOR', 'VIEWER'] as const) {
        await expect(as(role).operations.overview()).rejects.toSatisfy((error) => error instanceof TRPCError && error.code === 'FORBIDDEN');
      }

      const chain = await chainMastery(db.client, 1, 4000, team.id);
      const runId: RunId = await chain.queueRun();
      await queue.runtime.engine.start(runId);
      let overview = await as('OWNER').operations.overview();
      for (let i = 0; i < 100 && overview.isQueueMode && overview.waiting === 0; i += 1) {
        await sleep(20);
        overview = await as('OWNER').operations.overview();
      }
      if (!overview.isQueueMode) throw new Error('queue mode expected');
      expect(overview.workers).toEqual([]);
      expect(overview.waiting).toBe(1);
      expect(overview.oldestWaiting).toMatchObject({ runId, nodeId: 'input', masteryId: chain.mastery.id });

      const first = startChild('worker', setup);
      children.push(first);
      const firstId = (await first.line('ready')).split(' ')[1];
      while ((await db.client.stepDispatch.count({ where: { runId, nodeId: 'c1', state: 'CLAIMED' } })) === 0) await sleep(20);
      await sleep(LEASE_MS / 2); // the worker's next heartbeat writes how many steps it runs
      overview = await as('OWNER').operations.overview();
      if (!overview.isQueueMode) throw new Error('queue mode expected');
      expect(overview.workers.map((w) => [w.id, w.status, w.running])).toEqual([[firstId, 'online', 1]]);
      expect([overview.waiting, overview.oldestWaiting]).toEqual([0, null]);

      first.process.kill('SIGKILL');
      // Its lease runs out, the engine marks the attempt lost and resumes the step on a new worker.
      while ((await db.client.stepDispatch.count({ where: { runId, nodeId: 'c1', state: 'LOST' } })) === 0) await sleep(50);
      await sleep(2 * LEASE_MS);
      const second = startChild('worker', setup);
      children.push(second);
      const secondId = (await second.line('ready')).split(' ')[1];
      expect((await queue.runtime.engine.untilAtRest(runId)).status).toBe('SUCCEEDED');

      overview = await as('OWNER').operations.overview();
      if (!overview.isQueueMode) throw new Error('queue mode expected');
      expect(overview.workers.map((w) => [w.id, w.status])).toEqual([
        [secondId, 'online'],
        [firstId, 'gone'],
      ]);
      expect(overview.failed.map((f) => [f.runId, f.nodeId, f.attempt, f.state, f.masteryId])).toEqual([[runId, 'c1', 1, 'LOST', chain.mastery.id]]);
    } finally {
      Object.assign(env, saved);
      for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await queue.close();
      await counter.close();
      await db.close();
    }
  }, 120_000);
});
