/**
 * Deliveries on a real PostgreSQL and Redis: a job of a step with effects delivered twice at once runs
 * once; one delivered again after it ran, for an attempt that does not exist, for a cancelled run, or for
 * a step that moved on to a newer attempt (a restart resumed it) runs nothing. An effect-free step needs
 * no claim: delivered twice, it runs twice, and the engine takes one outcome. A step with effects is put
 * on the queue only once its RUNNING row is stored; an effect-free one as soon as its row goes to the
 * store. The worker here takes nothing off the queue itself: the test reads each job the engine queued and
 * delivers it by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import { openTestDb, type TestDb } from '@/test/db';
import { chainMastery, inProcessQueue, canTestQueueMode, sleep, startCounter, type Counter } from './testing/cluster';
import { jobIdOf, type AttemptKey } from './names';

const canRun = await canTestQueueMode('Queue delivery tests');

describe.runIf(canRun)('queue worker deliveries', () => {
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

  /** Holds the engine's commits from `hold()` until `release()` (a slow database). */
  function gateCommits() {
    const store = queue.runtime.store;
    const commit = store.commit.bind(store);
    let gate: Promise<void> | undefined;
    let open = () => undefined as void;
    store.commit = async (change) => {
      if (gate !== undefined) await gate;
      return commit(change);
    };
    return {
      hold: () => (gate = new Promise<void>((resolve) => (open = resolve))),
      release: () => {
        gate = undefined;
        open();
      },
      restore: () => (store.commit = commit),
    };
  }

  const stepRow = (runId: string, nodeId: string) => db.client.runStep.findUnique({ where: { runId_nodeId: { runId, nodeId } } });

  /** The attempt's job as the engine put it on the queue (no worker takes it off here). */
  async function queued(key: AttemptKey): Promise<{ data: unknown }> {
    for (let i = 0; i < 500; i += 1) {
      const job = await queue.dispatcher.queue.getJob(jobIdOf(key));
      if (job !== undefined && job !== null) return { data: job.data };
      await sleep(10);
    }
    throw new Error(`no job for ${JSON.stringify(key)}`);
  }

  it('runs a job with effects delivered twice at once a single time, and drops later and unknown deliveries', async () => {
    const chain = await chainMastery(db.client, 1, 20);
    const runId = await chain.queueRun();
    const worker = queue.detachedWorker();
    await queue.runtime.engine.start(runId);

    const input = await queued({ runId, nodeId: 'input', attempt: 1 });
    expect(await Promise.all([worker.process(input), worker.process(input)])).toEqual(['ran', 'ran']);

    const c1 = await queued({ runId, nodeId: 'c1', attempt: 1 });
    expect(await worker.process({ data: { ...(c1.data as object), attempt: 2 } })).toBe('dropped');
    expect((await Promise.all([worker.process(c1), worker.process(c1), worker.process(c1)])).sort()).toEqual(['dropped', 'dropped', 'ran']);
    expect(await worker.process(c1)).toBe('dropped');

    const result = await queued({ runId, nodeId: 'result', attempt: 1 });
    expect(await worker.process(result)).toBe('ran');
    expect((await queue.runtime.engine.untilAtRest(runId)).status).toBe('SUCCEEDED');
    expect(counter.calls.filter((call) => call.startsWith(`${runId} c1 `))).toEqual([`${runId} c1 1 false`]);
    await worker.stop(0);
  });

  it('drops a job whose run was cancelled, and one whose step moved on to a newer attempt', async () => {
    const chain = await chainMastery(db.client, 1, 20);
    const worker = queue.detachedWorker();

    const cancelled = await chain.queueRun();
    await queue.runtime.engine.start(cancelled);
    expect(await worker.process(await queued({ runId: cancelled, nodeId: 'input', attempt: 1 }))).toBe('ran');
    const job = await queued({ runId: cancelled, nodeId: 'c1', attempt: 1 });
    await queue.runtime.engine.cancel(cancelled);
    expect(await worker.process(job)).toBe('dropped');
    const step = await db.client.runStep.findUniqueOrThrow({ where: { runId_nodeId: { runId: cancelled, nodeId: 'c1' } } });
    expect(step.status).toBe('CANCELLED');

    const movedOn = await chain.queueRun();
    await queue.runtime.engine.start(movedOn);
    expect(await worker.process(await queued({ runId: movedOn, nodeId: 'input', attempt: 1 }))).toBe('ran');
    const key = { runId: movedOn, nodeId: 'c1', attempt: 1 };
    const stale = await queued(key);
    // As a restart leaves it: the job still waits for a worker, the step runs a newer, resumed attempt.
    await db.client.runStep.update({ where: { runId_nodeId: { runId: movedOn, nodeId: 'c1' } }, data: { attempt: 2 } });
    expect(await worker.process(stale)).toBe('dropped');
    expect(await db.client.stepDispatch.findUnique({ where: { runId_nodeId_attempt: key } })).toBeNull();
    await queue.runtime.engine.cancel(movedOn);
    await worker.stop(0);
  });

  it('queues a step with effects once its RUNNING row is stored, an effect-free one while its row is being stored', async () => {
    const chain = await chainMastery(db.client, 1, 0);
    const runId = await chain.queueRun();
    const worker = queue.detachedWorker();
    const gate = gateCommits();
    try {
      await queue.runtime.engine.start(runId);
      expect(await worker.process(await queued({ runId, nodeId: 'input', attempt: 1 }))).toBe('ran');

      // c1 has effects: while the commit that starts it is held, it is not on the queue.
      gate.hold();
      await sleep(300);
      expect(await queue.dispatcher.queue.getJob(jobIdOf({ runId, nodeId: 'c1', attempt: 1 }))).toBeUndefined();
      expect((await stepRow(runId, 'c1'))?.status).not.toBe('RUNNING');
      gate.release();
      const c1 = await queued({ runId, nodeId: 'c1', attempt: 1 });

      // result is effect-free: its job is queued, and runs, while the commit that starts it is held.
      gate.hold();
      expect(await worker.process(c1)).toBe('ran');
      const result = await queued({ runId, nodeId: 'result', attempt: 1 });
      expect((await stepRow(runId, 'result'))?.status).not.toBe('RUNNING');
      expect(await worker.process(result)).toBe('ran');
      expect((await stepRow(runId, 'c1'))?.status).toBe('RUNNING');
      gate.release();

      expect((await queue.runtime.engine.untilAtRest(runId)).status).toBe('SUCCEEDED');
      const events = await db.client.runEvent.findMany({ where: { runId, type: 'step.status' }, orderBy: { seq: 'asc' } });
      const statuses = events.map((e) => `${String((e.payload as { nodeId?: string }).nodeId)} ${String((e.payload as { status?: string }).status)}`);
      // The history is stored in order: each step's start before its end, whatever ran ahead of the store.
      expect(statuses.filter((s) => !s.endsWith('QUEUED'))).toEqual(['input RUNNING', 'input SUCCEEDED', 'c1 RUNNING', 'c1 SUCCEEDED', 'result RUNNING', 'result SUCCEEDED']);
    } finally {
      gate.release();
      gate.restore();
      await worker.stop(0);
    }
  });
});
