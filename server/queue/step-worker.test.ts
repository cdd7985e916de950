/**
 * Deliveries on a real PostgreSQL and Redis: a job delivered twice at once runs its step once; a job
 * delivered again after it ran, for an attempt that does not exist, for a cancelled run, or for a step
 * that moved on to a newer attempt (a restart resumed it) runs nothing. The worker here takes nothing
 * off the queue itself: the test delivers each job by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import { openTestDb, type TestDb } from '@/test/db';
import { chainMastery, inProcessQueue, redisAnswers, sleep, startCounter, type Counter } from './testing/cluster';
import type { AttemptKey } from './names';

const isRedisUp = await redisAnswers(env.TEST_REDIS_URL);
if (!isRedisUp) console.warn(`Queue delivery tests skipped: Redis does not answer at ${env.TEST_REDIS_URL} (set TEST_REDIS_URL)`);
if (env.TEST_DATABASE_URL === undefined) console.warn('Queue delivery tests skipped: they need PostgreSQL (set TEST_DATABASE_URL)');

describe.runIf(isRedisUp && env.TEST_DATABASE_URL !== undefined)('queue worker deliveries', () => {
  let db: TestDb;
  let counter: Counter;
  let queue: Awaited<ReturnType<typeof inProcessQueue>>;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    counter = await startCounter();
    queue = await inProcessQueue(db.client, { redisUrl: env.TEST_REDIS_URL, prefix: `mstest-${Date.now().toString(36)}`, counterUrl: counter.url, workers: 0 });
  });
  afterAll(async () => {
    await queue.close();
    await counter.close();
    await db.close();
  });

  async function stored(key: AttemptKey): Promise<void> {
    for (let i = 0; i < 500; i += 1) {
      const row = await db.client.stepDispatch.findUnique({ where: { runId_nodeId_attempt: key } });
      if (row !== null) return;
      await sleep(10);
    }
    throw new Error(`no dispatch of ${JSON.stringify(key)}`);
  }

  it('runs a job delivered twice at once a single time, and drops later and unknown deliveries', async () => {
    const chain = await chainMastery(db.client, 1, 20);
    const runId = await chain.queueRun();
    const worker = queue.detachedWorker();
    await queue.runtime.engine.start(runId);

    const input = { runId, nodeId: 'input', attempt: 1 };
    await stored(input);
    expect((await Promise.all([worker.process({ data: input }), worker.process({ data: input })])).sort()).toEqual(['dropped', 'ran']);

    const c1 = { runId, nodeId: 'c1', attempt: 1 };
    await stored(c1);
    expect(await worker.process({ data: { ...c1, attempt: 2 } })).toBe('dropped');
    expect((await Promise.all([worker.process({ data: c1 }), worker.process({ data: c1 }), worker.process({ data: c1 })])).sort()).toEqual(['dropped', 'dropped', 'ran']);
    expect(await worker.process({ data: c1 })).toBe('dropped');

    const result = { runId, nodeId: 'result', attempt: 1 };
    await stored(result);
    expect(await worker.process({ data: result })).toBe('ran');
    expect((await queue.runtime.engine.untilAtRest(runId)).status).toBe('SUCCEEDED');
    expect(counter.calls.filter((call) => call.startsWith(`${runId} c1 `))).toEqual([`${runId} c1 1 false`]);
    await worker.stop(0);
  });

  it('drops a job whose run was cancelled, and one whose step moved on to a newer attempt', async () => {
    const chain = await chainMastery(db.client, 1, 20);
    const worker = queue.detachedWorker();

    const cancelled = await chain.queueRun();
    await queue.runtime.engine.start(cancelled);
    await stored({ runId: cancelled, nodeId: 'input', attempt: 1 });
    await queue.runtime.engine.cancel(cancelled);
    expect(await worker.process({ data: { runId: cancelled, nodeId: 'input', attempt: 1 } })).toBe('dropped');
    const step = await db.client.runStep.findUniqueOrThrow({ where: { runId_nodeId: { runId: cancelled, nodeId: 'input' } } });
    expect(step.status).toBe('CANCELLED');

    const movedOn = await chain.queueRun();
    await queue.runtime.engine.start(movedOn);
    const key = { runId: movedOn, nodeId: 'input', attempt: 1 };
    await stored(key);
    // As a restart leaves it: the row still waits for a worker, the step runs a newer, resumed attempt.
    await db.client.runStep.update({ where: { runId_nodeId: { runId: movedOn, nodeId: 'input' } }, data: { attempt: 2 } });
    expect(await worker.process({ data: key })).toBe('dropped');
    const row = await db.client.stepDispatch.findUniqueOrThrow({ where: { runId_nodeId_attempt: key } });
    expect([row.state, row.deliveries]).toEqual(['PENDING', 0]);
    await queue.runtime.engine.cancel(movedOn);
    await worker.stop(0);
  });
});
