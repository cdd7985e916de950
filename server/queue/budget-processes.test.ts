/**
 * Budgets hold across processes: two processes (each driving runs in queue mode) start 25 runs each at
 * the same moment against a team budget of 3 concurrent runs; exactly 3 are admitted. The check lives in
 * the database (the budget's row lock, server/budgets/enforce.ts), not in a process's memory.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { env } from '@/server/env';
import { openTestDb } from '@/test/db';
import { chainMastery, canTestQueueMode, startChild, type Child } from './testing/cluster';

const canRun = await canTestQueueMode('Budget process test');

describe.runIf(canRun)('queue mode: budgets across processes', () => {
  it('admits exactly 3 of 50 simultaneous starts from two processes under a budget of 3 concurrent runs', async () => {
    const db = await openTestDb('postgres');
    const children: Child[] = [];
    const gate = new pg.Client({ connectionString: db.url });
    try {
      const chain = await chainMastery(db.client, 1, 60_000);
      await db.client.budget.create({ data: { teamId: chain.team.id, period: 'DAY', maxConcurrentRuns: 3 } });
      await gate.connect();
      await gate.query('SELECT pg_advisory_lock(4242)');
      const setup = { databaseUrl: db.url ?? '', redisUrl: env.TEST_REDIS_URL, prefix: `mstest-${Date.now().toString(36)}`, counterUrl: 'http://127.0.0.1:9/unused' };
      for (let i = 0; i < 2; i += 1) children.push(startChild('start', setup, [chain.team.id, chain.mastery.id, '25']));
      await Promise.all(children.map((c) => c.line('ready')));
      await gate.query('SELECT pg_advisory_unlock(4242)');

      const lines = await Promise.all(children.map((c) => c.line('started')));
      const counts = lines.map((line) => line.split(' ').slice(1).map(Number));
      const errors = (await Promise.all(children.map((c) => c.exited))).map((e) => e.stderr).join('');
      expect(errors).toBe('');
      expect(counts.reduce((sum, [admitted = 0]) => sum + admitted, 0)).toBe(3);
      expect(counts.reduce((sum, [, refused = 0]) => sum + refused, 0)).toBe(47);
      expect(await db.client.run.count({ where: { masteryId: chain.mastery.id } })).toBe(3);
    } finally {
      for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await gate.end();
      await db.close();
    }
  }, 120_000);
});
