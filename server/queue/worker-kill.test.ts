/**
 * Queue mode with real processes on this machine's PostgreSQL and Redis: a coordinator (the web
 * process's part, running no steps) and two workers run multi-step runs whose steps call a counting
 * HTTP endpoint, while workers are killed with SIGKILL and started again. Every run completes, every
 * succeeded attempt called the endpoint exactly once, no attempt called it twice, every call belongs to a
 * recorded attempt, and each run's events are numbered without a gap and reached a watcher in another
 * process in order. QUEUE_KILL_RUNS / QUEUE_KILL_STEPS / QUEUE_KILLS make it the long version.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import { openTestDb } from '@/test/db';
import type { LiveEvent } from '@/server/engine/ports';
import { queueNames } from './names';
import { RedisEventBus } from './redis-event-bus';
import { callsByAttempt, chainMastery, redisAnswers, sleep, startChild, startCounter, type Child, type ChildSetup } from './testing/cluster';

const RUNS = Number(process.env.QUEUE_KILL_RUNS ?? 12);
const STEPS = Number(process.env.QUEUE_KILL_STEPS ?? 8);
const KILLS = Number(process.env.QUEUE_KILLS ?? 2);
const STEP_MS = 150;
/** The long version takes minutes: its limits grow with the work. */
const LIMIT_MS = Math.max(120_000, RUNS * STEPS * 300);

const redisUrl = env.TEST_REDIS_URL;
const databaseUrl = env.TEST_DATABASE_URL;
const isRedisUp = await redisAnswers(redisUrl);
if (!isRedisUp) console.warn(`Queue-mode process tests skipped: Redis does not answer at ${redisUrl} (set TEST_REDIS_URL)`);
if (databaseUrl === undefined) console.warn('Queue-mode process tests skipped: they need PostgreSQL (set TEST_DATABASE_URL)');

describe.runIf(isRedisUp && databaseUrl !== undefined)('queue mode: workers killed mid-run', () => {
  it(`completes ${RUNS} runs of ${STEPS} steps on two workers killed ${KILLS} times, each step's side effect once per recorded attempt`, async () => {
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const prefix = `mstest-${Date.now().toString(36)}`;
    const setup: ChildSetup = { databaseUrl: db.url ?? '', redisUrl, prefix, counterUrl: counter.url, env: { WORKER_LEASE_MS: '1500', WORKER_CONCURRENCY: '4', WORKER_GRACE_MS: '2000' } };
    const watcher = new RedisEventBus({ redisUrl, channel: queueNames(prefix).events, listen: true });
    const children: Child[] = [];
    try {
      const client = db.client;
      const started = Date.now();
      const chain = await chainMastery(client, STEPS, STEP_MS);
      const runIds: string[] = [];
      const live = new Map<string, LiveEvent[]>();
      for (let i = 0; i < RUNS; i += 1) {
        const runId = await chain.queueRun();
        runIds.push(runId);
        live.set(runId, []);
        watcher.subscribe(runId, (event) => live.get(runId)?.push(event));
      }
      await sleep(200); // the watcher's subscription is in place

      const workers = [startChild('worker', setup), startChild('worker', setup)];
      children.push(...workers);
      const workerIds = (await Promise.all(workers.map((w) => w.line('ready')))).map((line) => line.split(' ')[1]);
      const coordinator = startChild('coordinator', setup);
      children.push(coordinator);

      // Kill a worker once steps are under way, start another; alternate between the two.
      for (let kill = 0; kill < KILLS; kill += 1) {
        const target = (kill + 1) * Math.floor((RUNS * STEPS) / (KILLS + 2));
        while (counter.calls.length < target) await sleep(20);
        await sleep(Math.floor(Math.random() * STEP_MS));
        // Killed while it runs a step (it holds a claim), so that the kill interrupts something; unless the
        // other worker took all the work for a while (the runs may even have ended).
        const slot = kill % 2;
        const until = Date.now() + 20_000;
        while (Date.now() < until && (await client.stepDispatch.count({ where: { workerId: workerIds[slot], state: 'CLAIMED' } })) === 0) await sleep(5);
        workers[slot]?.process.kill('SIGKILL');
        await workers[slot]?.exited;
        const fresh = startChild('worker', setup);
        children.push(fresh);
        workers[slot] = fresh;
        workerIds[slot] = (await fresh.line('ready')).split(' ')[1];
      }
      const settled = await coordinator.line('settled', LIMIT_MS);
      expect(settled).toBe(`settled ${RUNS}`);

      const runs = await client.run.findMany({ where: { id: { in: runIds } }, include: { attempts: true } });
      expect(runs.map((r) => r.status)).toEqual(runIds.map(() => 'SUCCEEDED'));

      const callCounts = callsByAttempt(counter.calls);
      const attempts = runs.flatMap((r) => r.attempts.filter((a) => a.nodeId.startsWith('c')));
      const recorded = new Set(attempts.map((a) => `${a.runId} ${a.nodeId} ${a.attempt}`));
      // No attempt called twice, and every call was made by an attempt the database recorded.
      expect([...callCounts].filter(([, n]) => n > 1)).toEqual([]);
      expect([...callCounts.keys()].filter((key) => !recorded.has(key))).toEqual([]);
      // Every succeeded attempt called exactly once; every step succeeded once.
      const succeeded = attempts.filter((a) => a.status === 'SUCCEEDED');
      expect(succeeded.filter((a) => callCounts.get(`${a.runId} ${a.nodeId} ${a.attempt}`) !== 1)).toEqual([]);
      expect(succeeded.length).toBe(RUNS * STEPS);
      // The kills interrupted steps, which ran again as resumed attempts.
      const interrupted = attempts.filter((a) => (a.error as { code?: string } | null)?.code === 'STEP_INTERRUPTED');
      expect(interrupted.length).toBeGreaterThan(0);
      for (const a of interrupted) {
        const next = attempts.find((b) => b.runId === a.runId && b.nodeId === a.nodeId && b.attempt === a.attempt + 1);
        expect(next?.isResumed).toBe(true);
      }

      let eventsSeen = 0;
      for (const run of runs) {
        const events = await client.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
        const doneSteps = events.filter((e) => (e.payload as { type: string; status?: string }).status === 'SUCCEEDED' && (e.payload as { nodeId?: string }).nodeId !== undefined);
        expect(doneSteps.length).toBe(STEPS + 2);
        // The watcher in this process saw every event after the first, once each, in order.
        const seen = (live.get(run.id) ?? []).filter((e) => e.type !== 'step.partial').map((e) => (e as { seq: number }).seq);
        expect(seen).toEqual(events.slice(1).map((e) => e.seq));
        eventsSeen += seen.length;
      }
      console.log(
        `queue kill test: ${runs.length} of ${RUNS} runs x ${STEPS} steps succeeded, ${KILLS} kills, ${interrupted.length} interrupted attempts resumed, ` +
          `${counter.calls.length} endpoint calls for ${attempts.length} recorded attempts (${succeeded.length} succeeded), ` +
          `${eventsSeen} events seen live, none missing or doubled, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await watcher.close();
      await counter.close();
      await db.close();
    }
  }, LIMIT_MS + 60_000);
});
