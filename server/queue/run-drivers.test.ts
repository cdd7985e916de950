/**
 * One driver per run across processes, with real processes on PostgreSQL and Redis: two driving
 * processes (as two web processes in queue mode) start on one database holding queued runs, with two
 * workers. Each run is driven by one of them (one start event, no resumed one, no commit refused for an
 * event number another process took); when the one driving most runs is killed, the other takes its runs
 * over once their leases ran out (each taken run resumes once) and every run completes, each succeeded
 * attempt having called its endpoint once. A cancel asked of a third process (this one, as a web process
 * that drives none of them) is applied by the run's driver.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import type { RunId } from '@/server/engine/graph';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { createRunRuntime } from '@/server/runs/runtime';
import { openTestDb } from '@/test/db';
import { queueNames } from './names';
import { driveRuns, openCoordinator } from './queue-mode';
import { callNode } from './testing/call-node';
import { callsByAttempt, chainMastery, canTestQueueMode, sleep, startChild, startCounter, type Child, type ChildSetup } from './testing/cluster';

const RUNS = 10;
const STEPS = 6;
const canRun = await canTestQueueMode('Run driver test');

describe.runIf(canRun)('queue mode: one driver per run', () => {
  it('drives each run from one of two processes, and the survivor takes over the runs of the one killed', async () => {
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const prefix = `mstest-${Date.now().toString(36)}`;
    const setup: ChildSetup = { databaseUrl: db.url ?? '', redisUrl: env.TEST_REDIS_URL, prefix, counterUrl: counter.url, env: { WORKER_LEASE_MS: '1500', WORKER_CONCURRENCY: '10' } };
    const children: Child[] = [];
    try {
      const chain = await chainMastery(db.client, STEPS, 150);
      const runIds: string[] = [];
      for (let i = 0; i < RUNS; i += 1) runIds.push(await chain.queueRun());
      const workers = [startChild('worker', setup), startChild('worker', setup)];
      children.push(...workers);
      await Promise.all(workers.map((w) => w.line('ready')));
      const drivers = [startChild('driver', setup), startChild('driver', setup)];
      children.push(...drivers);
      const ids = (await Promise.all(drivers.map((d) => d.line('ready')))).map((line) => line.split(' ')[1]);

      // Both drivers look for runs nobody drives every half lease: wait until every run has its driver.
      while ((await db.client.run.count({ where: { id: { in: runIds }, driverId: null } })) > 0) await sleep(50);
      while (counter.calls.length < RUNS) await sleep(20);
      const owners = await db.client.run.findMany({ where: { id: { in: runIds } }, select: { id: true, driverId: true } });
      const held = ids.map((id) => owners.filter((o) => o.driverId === id).map((o) => o.id));
      const [first = [], second = []] = held;
      expect(first.length + second.length).toBe(RUNS);
      const victim = first.length >= second.length ? 0 : 1;
      const survivor = 1 - victim;

      // This process serves requests too: a cancel it is asked for goes to the run's driver.
      const config = { redisUrl: env.TEST_REDIS_URL, names: queueNames(prefix), runSteps: false, concurrency: 1, leaseMs: 1500, graceMs: 0 };
      const coordinator = openCoordinator(db.client, config);
      const web = createRunRuntime(db.client, { registry: createRegistry([...builtInNodeTypes, callNode(counter.url)]), events: coordinator.events, dispatcher: () => coordinator.dispatcher });
      const driving = driveRuns(web, db.client, config, { takesOver: false });
      const cancelled = (held[survivor]?.[0] ?? held[victim]?.[0]) as RunId;
      await web.engine.cancel(cancelled, 'cancelled through another process');
      expect(web.engine.isActive(cancelled)).toBe(false);
      expect((await db.client.run.findUniqueOrThrow({ where: { id: cancelled } })).status).toBe('CANCELLED');
      driving.close();
      await coordinator.close();
      web.stop();

      drivers[victim]?.process.kill('SIGKILL');

      const deadline = Date.now() + 90_000;
      while ((await db.client.run.count({ where: { id: { in: runIds }, status: { in: ['QUEUED', 'RUNNING', 'WAITING'] } } })) > 0) {
        if (Date.now() > deadline) throw new Error('the runs did not finish');
        await sleep(100);
      }

      const runs = await db.client.run.findMany({ where: { id: { in: runIds } }, include: { events: { orderBy: { seq: 'asc' } } } });
      for (const run of runs) {
        expect(run.status).toBe(run.id === cancelled ? 'CANCELLED' : 'SUCCEEDED');
        expect(ids).toContain(run.driverId);
        const starts = run.events.filter((e) => e.type === 'run.status' && (e.payload as { status?: string }).status === 'RUNNING');
        const resumed = starts.filter((e) => (e.payload as { isResumed?: boolean }).isResumed === true);
        expect(starts.length - resumed.length).toBe(1);
        // Resumed once if the killed process drove it (and had not finished it), never otherwise.
        expect(resumed.length).toBeLessThanOrEqual(held[victim]?.includes(run.id) ? 1 : 0);
        expect(run.events.map((e) => e.seq)).toEqual(run.events.map((_, i) => i + 1));
      }
      const takenOver = runs.filter((r) => held[victim]?.includes(r.id) && r.events.some((e) => (e.payload as { isResumed?: boolean }).isResumed === true && e.type === 'run.status'));
      expect(takenOver.length).toBeGreaterThan(0);
      expect(takenOver.every((r) => r.driverId === ids[survivor])).toBe(true);

      const attempts = await db.client.stepRun.findMany({ where: { runId: { in: runIds, not: cancelled }, nodeId: { startsWith: 'c' }, status: 'SUCCEEDED' } });
      const calls = callsByAttempt(counter.calls);
      expect(attempts.length).toBe((RUNS - 1) * STEPS);
      expect(attempts.filter((a) => calls.get(`${a.runId} ${a.nodeId} ${a.attempt}`) !== 1)).toEqual([]);
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
      // No commit of the survivor was refused because another process had taken the run's event numbers.
      drivers[survivor]?.process.kill('SIGKILL');
      expect((await drivers[survivor]?.exited)?.stderr ?? '').not.toMatch(/another process/);
    } finally {
      for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await counter.close();
      await db.close();
    }
  }, 150_000);
});
