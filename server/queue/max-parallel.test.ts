/**
 * A run's maxParallel holds in queue mode: the process driving the run starts at most that many of its
 * steps at once, however many workers have free slots (three workers of one slot each here: three slots for a
 * maxParallel of 2, and two steps at once are necessarily on two workers).
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import type { RunId } from '@/server/engine/graph';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { openTestDb } from '@/test/db';
import { inProcessQueue, canTestQueueMode, startCounter } from './testing/cluster';

const canRun = await canTestQueueMode('maxParallel queue test');

describe.runIf(canRun)('queue mode: maxParallel', () => {
  it('runs at most maxParallel steps of a run at once across three workers', async () => {
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const queue = await inProcessQueue(db.client, { redisUrl: env.TEST_REDIS_URL, prefix: `mstest-${Date.now().toString(36)}`, counterUrl: counter.url, workers: 3, concurrency: 1 });
    try {
      const wide = Array.from({ length: 8 }, (_, i) => `w${i + 1}`);
      const graph = makeGraph({
        nodes: [{ id: 'input', type: 'input' }, ...wide.map((id) => ({ id, type: 'call', config: { ms: 300 } })), { id: 'result', type: 'output', config: {} }],
        edges: wide.flatMap((id) => [`input->${id}`, `${id}->result`]),
        settings: { maxParallel: 2 },
      });
      const team = await db.client.team.create({ data: { name: 'Wide' } });
      const mastery = await db.client.mastery.create({ data: { teamId: team.id, name: 'Wide' } });
      const version = await db.client.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph: graph as object } });
      const run = await db.client.run.create({ data: { teamId: team.id, masteryId: mastery.id, versionId: version.id, input: {}, lastSeq: 1 } });
      await db.client.runEvent.create({ data: { runId: run.id, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } } });
      await queue.runtime.engine.start(run.id as RunId);
      expect((await queue.runtime.engine.untilAtRest(run.id as RunId)).status).toBe('SUCCEEDED');

      // From the workers' own records: when each attempt was claimed and when its outcome was stored.
      const spans = await db.client.stepDispatch.findMany({ where: { runId: run.id, nodeId: { in: wide } } });
      const points = spans.flatMap((s) => [
        { at: s.claimedAt?.getTime() ?? 0, step: 1 },
        { at: s.finishedAt?.getTime() ?? 0, step: -1 },
      ]);
      points.sort((a, b) => a.at - b.at || a.step - b.step);
      let running = 0;
      let most = 0;
      for (const point of points) {
        running += point.step;
        most = Math.max(most, running);
      }
      expect(spans.length).toBe(8);
      expect(most).toBe(2);
      expect(new Set(spans.map((s) => s.workerId)).size).toBeGreaterThanOrEqual(2);
    } finally {
      await queue.close();
      await counter.close();
      await db.close();
    }
  }, 120_000);
});
