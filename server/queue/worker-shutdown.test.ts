/**
 * A worker told to stop (SIGTERM calls `stop`) while a step runs past its grace period hands the step
 * back: it runs again at once, as a new attempt marked resumed, on another worker, and the run completes.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import { openTestDb } from '@/test/db';
import { startWorker } from './queue-mode';
import { queueNames } from './names';
import { RedisEventBus } from './redis-event-bus';
import { chainMastery, inProcessQueue, canTestQueueMode, sleep, startCounter } from './testing/cluster';

const canRun = await canTestQueueMode('Worker shutdown test');

describe.runIf(canRun)('queue mode: a worker shutting down', () => {
  it('hands back a step still running after the grace period; it runs again elsewhere as a resumed attempt', async () => {
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const prefix = `mstest-${Date.now().toString(36)}`;
    const queue = await inProcessQueue(db.client, { redisUrl: env.TEST_REDIS_URL, prefix, counterUrl: counter.url, workers: 1 });
    const events = new RedisEventBus({ redisUrl: env.TEST_REDIS_URL, channel: queueNames(prefix).events, listen: false });
    try {
      const chain = await chainMastery(db.client, 1, 3000);
      const runId = await chain.queueRun();
      await queue.runtime.engine.start(runId);
      const first = queue.workers[0];
      while ((await db.client.stepDispatch.count({ where: { runId, nodeId: 'c1', state: 'CLAIMED' } })) === 0) await sleep(20);
      await first?.stop(200);
      const config = { redisUrl: env.TEST_REDIS_URL, names: queueNames(prefix), runSteps: false, concurrency: 2, leaseMs: 2000, graceMs: 200 };
      const second = await startWorker(db.client, config, queue.runtime.executor, events);
      const run = await queue.runtime.engine.untilAtRest(runId);
      await second.stop(0);

      expect(run.status).toBe('SUCCEEDED');
      const attempts = await db.client.stepRun.findMany({ where: { runId, nodeId: 'c1' }, orderBy: { attempt: 'asc' } });
      expect(attempts.map((a) => [a.attempt, a.status, a.isResumed, (a.error as { code?: string } | null)?.code ?? null])).toEqual([
        [1, 'CANCELLED', false, 'STEP_INTERRUPTED'],
        [2, 'SUCCEEDED', true, null],
      ]);
      const rows = await db.client.stepDispatch.findMany({ where: { runId, nodeId: 'c1' }, orderBy: { attempt: 'asc' } });
      expect(rows.map((r) => [r.attempt, r.state, r.workerId])).toEqual([
        [1, 'RETURNED', first?.id],
        [2, 'DONE', second.id],
      ]);
      // The handed-back attempt was aborted before its call: only the resumed one called.
      expect(counter.calls.filter((c) => c.startsWith(`${runId} c1`))).toEqual([`${runId} c1 2 true`]);
    } finally {
      await queue.close();
      await events.close();
      await counter.close();
      await db.close();
    }
  }, 120_000);
});
