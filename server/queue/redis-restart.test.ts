/**
 * Redis restarted mid-run, on a private redis-server without persistence (so its queue is lost): the
 * runs pause while it is away, then complete, each succeeded attempt having called once. Nothing is lost
 * because every attempt is committed RUNNING before it is queued, and the relay of the process driving the
 * run puts the attempts no worker claimed on the queue again.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { expect, it, describe } from 'vitest';
import { env } from '@/server/env';
import { openTestDb } from '@/test/db';
import { callsByAttempt, chainMastery, inProcessQueue, redisAnswers, sleep, startCounter } from './testing/cluster';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.warn('Redis restart test skipped: no redis-server on this machine to start a private one');
if (env.TEST_DATABASE_URL === undefined) console.warn('Redis restart test skipped: it needs PostgreSQL (set TEST_DATABASE_URL)');

const PORT = 20_000 + Math.floor(Math.random() * 20_000);
const url = `redis://127.0.0.1:${PORT}`;

async function startRedis(): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await redisAnswers(url)); i += 1) await sleep(50);
  return server;
}

async function stop(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

describe.runIf(hasRedisServer && env.TEST_DATABASE_URL !== undefined)('queue mode: Redis restarted mid-run', () => {
  it('pauses the runs while Redis is away and completes them once it is back, nothing run twice', async () => {
    let redis = await startRedis();
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const queue = await inProcessQueue(db.client, { redisUrl: url, prefix: 'restart', counterUrl: counter.url, workers: 2, leaseMs: 1500 });
    try {
      const chain = await chainMastery(db.client, 6, 100);
      const runIds = await Promise.all(Array.from({ length: 6 }, () => chain.queueRun()));
      await Promise.all(runIds.map((id) => queue.runtime.engine.start(id)));
      while (counter.calls.length < 8) await sleep(10);

      await stop(redis);
      await sleep(300);
      const whileDown = counter.calls.length;
      await sleep(1500);
      // At most the steps that were running when it went: nothing new starts without the queue.
      expect(counter.calls.length - whileDown).toBeLessThanOrEqual(8);
      const statuses = await db.client.run.findMany({ where: { id: { in: runIds } }, select: { status: true } });
      expect(statuses.every((r) => r.status === 'RUNNING')).toBe(true);
      redis = await startRedis();

      const ended = await Promise.all(runIds.map((id) => queue.runtime.engine.untilAtRest(id)));
      expect(ended.map((r) => r.status)).toEqual(runIds.map(() => 'SUCCEEDED'));
      const attempts = await db.client.stepRun.findMany({ where: { runId: { in: runIds }, nodeId: { startsWith: 'c' } } });
      const calls = callsByAttempt(counter.calls);
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
      const succeeded = attempts.filter((a) => a.status === 'SUCCEEDED');
      expect(succeeded.length).toBe(6 * 6);
      expect(succeeded.filter((a) => calls.get(`${a.runId} ${a.nodeId} ${a.attempt}`) !== 1)).toEqual([]);
    } finally {
      await queue.close();
      await counter.close();
      await db.close();
      await stop(redis);
    }
  }, 120_000);
});
