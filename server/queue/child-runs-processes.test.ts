/**
 * Sub-mastery runs in queue mode with real processes on PostgreSQL and Redis: a web process driving runs
 * (running no steps) and two workers, as `npm run worker` runs them. A parent's `mastery` step runs on a
 * worker, which starts the child run and drives it under a lease, its steps in that worker. One worker is
 * killed with SIGKILL while children run: the web process takes their runs over, the parent's interrupted
 * step runs again as a resumed attempt that waits for the same child rather than starting another, and
 * every run completes with each succeeded attempt's side effect made once.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { openTestDb } from '@/test/db';
import { callsByAttempt, chainMastery, canTestQueueMode, publishedMastery, startChild, startCounter, until, type Child, type ChildSetup } from './testing/cluster';

const PARENTS = 6;
const CHILD_STEPS = 4;
const STEP_MS = 250;
const canRun = await canTestQueueMode('Sub-mastery process test');

describe.runIf(canRun)('queue mode: sub-mastery runs across processes', () => {
  it('completes parents whose child runs lost their worker, each child run once, each side effect once per attempt', async () => {
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const prefix = `mstest-${Date.now().toString(36)}`;
    const setup: ChildSetup = { databaseUrl: db.url ?? '', redisUrl: env.TEST_REDIS_URL, prefix, counterUrl: counter.url, env: { WORKER_LEASE_MS: '1500', WORKER_CONCURRENCY: '8' } };
    const children: Child[] = [];
    try {
      const client = db.client;
      const child = await chainMastery(client, CHILD_STEPS, STEP_MS);
      const graph = makeGraph({
        nodes: [{ id: 'input', type: 'input' }, { id: 'sub', type: 'mastery', config: { masteryId: child.mastery.id } }, { id: 'result', type: 'output', config: {} }],
        edges: ['input->sub', 'sub->result'],
      });
      const parent = await publishedMastery(client, graph, 'Parent', child.team.id);
      const parentIds: string[] = [];
      for (let i = 0; i < PARENTS; i += 1) parentIds.push(await parent.queueRun());

      const workers = [startChild('worker', setup), startChild('worker', setup)];
      children.push(...workers);
      const workerIds = (await Promise.all(workers.map((w) => w.line('ready')))).map((line) => line.split(' ')[1] ?? '');
      const web = startChild('driver', setup);
      children.push(web);
      await web.line('ready');

      // Kill a worker that drives child runs, once their steps are under way.
      const childRuns = () => client.run.findMany({ where: { parentRunId: { in: parentIds } }, select: { id: true, parentRunId: true, status: true } });
      await until('child steps under way', async () => counter.calls.length >= PARENTS, 30_000);
      const driving = await client.stepDispatch.findMany({ where: { nodeId: 'sub', state: 'CLAIMED' }, select: { workerId: true } });
      const victim = Math.max(0, workerIds.indexOf(driving[0]?.workerId ?? ''));
      workers[victim]?.process.kill('SIGKILL');
      await workers[victim]?.exited;
      const fresh = startChild('worker', setup);
      children.push(fresh);
      await fresh.line('ready');

      const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
      await until('every parent finished', async () => (await client.run.count({ where: { id: { in: parentIds }, status: { notIn: [...finished] } } })) === 0, 90_000);
      const parents = await client.run.findMany({ where: { id: { in: parentIds } }, include: { attempts: true } });
      expect(Object.fromEntries(parents.map((r) => [r.id, `${r.status} ${JSON.stringify(r.error)}`]))).toEqual(Object.fromEntries(parentIds.map((id) => [id, 'SUCCEEDED null'])));

      // One child run per parent, even where the parent's step ran again after its worker died.
      const kids = await childRuns();
      expect(kids.map((k) => k.status)).toEqual(parentIds.map(() => 'SUCCEEDED'));
      expect(new Set(kids.map((k) => k.parentRunId)).size).toBe(PARENTS);
      const subAttempts = parents.flatMap((r) => r.attempts.filter((a) => a.nodeId === 'sub'));
      expect(subAttempts.filter((a) => a.isResumed).length).toBeGreaterThan(0);

      // No attempt called twice, every call belongs to a recorded attempt, every succeeded attempt called once.
      const attempts = await client.stepRun.findMany({ where: { runId: { in: kids.map((k) => k.id) }, nodeId: { startsWith: 'c' } } });
      const calls = callsByAttempt(counter.calls);
      const recorded = new Set(attempts.map((a) => `${a.runId} ${a.nodeId} ${a.attempt}`));
      expect([...calls].filter(([, n]) => n > 1)).toEqual([]);
      expect([...calls.keys()].filter((key) => !recorded.has(key))).toEqual([]);
      const succeeded = attempts.filter((a) => a.status === 'SUCCEEDED');
      expect(succeeded.length).toBe(PARENTS * CHILD_STEPS);
      expect(succeeded.filter((a) => calls.get(`${a.runId} ${a.nodeId} ${a.attempt}`) !== 1)).toEqual([]);
      // Each child run's events are numbered without a gap (one driver at a time wrote them).
      for (const kid of kids) {
        const seqs = (await client.runEvent.findMany({ where: { runId: kid.id }, orderBy: { seq: 'asc' }, select: { seq: true } })).map((e) => e.seq);
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      }
    } finally {
      for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await counter.close();
      await db.close();
    }
  }, 150_000);
});
