/**
 * Approval waits, their timeouts and delays survive the processes that drive and run them, with real
 * processes on PostgreSQL and Redis: two web processes drive runs that wait for an approval (half of them
 * with a timeout that approves), then a delay, then a counting step; one worker runs the steps. The web
 * process driving most waiting runs is SIGKILLed: the other takes them over, approvals asked of a third
 * process reach it, and the timeouts still decide. The worker is SIGKILLed during the delays and a fresh
 * one started: the delays run again there. Every run succeeds, each succeeded attempt called once.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import type { NodeId, RunId } from '@/server/engine/graph';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { approvalDecision } from '@/server/nodes/approval';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { createRunRuntime } from '@/server/runs/runtime';
import { openTestDb } from '@/test/db';
import { queueNames } from './names';
import { driveRuns, openCoordinator } from './queue-mode';
import { callNode } from './testing/call-node';
import { callsByAttempt, canTestQueueMode, publishedMastery, startChild, startCounter, until, type Child, type ChildSetup } from './testing/cluster';

const EACH = 4;
const TIMEOUT_MS = 4000;
const DELAY_MS = 2500;
const canRun = await canTestQueueMode('Waits across processes test');

describe.runIf(canRun)('queue mode: waits across process deaths', () => {
  it('keeps approvals, their timeouts and delays through a killed web process and a killed worker', async () => {
    const db = await openTestDb('postgres');
    const counter = await startCounter();
    const prefix = `mstest-${Date.now().toString(36)}`;
    const setup: ChildSetup = { databaseUrl: db.url ?? '', redisUrl: env.TEST_REDIS_URL, prefix, counterUrl: counter.url, env: { WORKER_LEASE_MS: '1500', WORKER_CONCURRENCY: '20' } };
    const children: Child[] = [];
    try {
      const client = db.client;
      const team = await client.team.create({ data: { name: 'Waits' } });
      const masteryWith = async (name: string, gate: object) => {
        const graph = makeGraph({
          nodes: [
            { id: 'input', type: 'input' },
            { id: 'gate', type: 'approval', config: { message: 'Go?', ...gate } },
            { id: 'pause', type: 'delay', config: { ms: DELAY_MS } },
            { id: 'c1', type: 'call', config: { ms: 0 } },
            { id: 'result', type: 'output', config: {} },
          ],
          edges: ['input->gate', 'gate-approved->pause', 'pause->c1', 'c1->result'],
        });
        const mastery = await publishedMastery(client, graph, name, team.id);
        const ids: RunId[] = [];
        for (let i = 0; i < EACH; i += 1) ids.push(await mastery.queueRun());
        return ids;
      };
      const decided = await masteryWith('Decided', {});
      const timed = await masteryWith('Timed', { timeoutMs: TIMEOUT_MS, onTimeout: 'approve' });
      const all = [...decided, ...timed];

      const firstWorker = startChild('worker', setup);
      children.push(firstWorker);
      await firstWorker.line('ready');
      const drivers = [startChild('driver', setup), startChild('driver', setup)];
      children.push(...drivers);
      const driverIds = (await Promise.all(drivers.map((d) => d.line('ready')))).map((line) => line.split(' ')[1] ?? '');
      const state = () => client.run.findMany({ where: { id: { in: all } }, select: { status: true, driverId: true, error: true, steps: { select: { nodeId: true, status: true, attempt: true } } } });
      const waitFor = (what: string, isDone: () => Promise<boolean>, ms = 30_000) => until(what, isDone, ms, state);
      await waitFor('every run waiting for its approval', async () => (await client.run.count({ where: { id: { in: all }, status: 'WAITING' } })) === all.length);

      // Kill the web process that drives the most timed runs; the other takes them over once their leases ran out.
      const owners = await client.run.findMany({ where: { id: { in: timed } }, select: { id: true, driverId: true } });
      const victim = owners.filter((o) => o.driverId === driverIds[0]).length >= owners.length / 2 ? 0 : 1;
      const takenOver = owners.filter((o) => o.driverId === driverIds[victim]).map((o) => o.id);
      drivers[victim]?.process.kill('SIGKILL');
      await waitFor('the survivor drives every run', async () => (await client.run.count({ where: { id: { in: all }, driverId: driverIds[1 - victim] } })) === all.length, 20_000);

      // This process serves an approver's request: the decision goes to the run's driver.
      const config = { redisUrl: env.TEST_REDIS_URL, names: queueNames(prefix), runSteps: false, concurrency: 1, leaseMs: 1500, graceMs: 0 };
      const coordinator = openCoordinator(client, config);
      const web = createRunRuntime(client, { registry: createRegistry([...builtInNodeTypes, callNode(counter.url)]), events: coordinator.events, dispatcher: () => coordinator.dispatcher });
      const driving = driveRuns(web, client, config, { takesOver: false });
      const approver = { id: 'u1', name: 'Ada', email: 'ada@example.com' };
      for (const runId of decided) await web.engine.resolveWaiting(runId, 'gate' as NodeId, approvalDecision('fail', { decision: 'approve', by: approver, at: Date.now() }));
      driving.close();
      await coordinator.close();
      web.stop();

      // Kill the only worker while the approved runs' delays run, then start another.
      await waitFor('the approved runs delaying', async () => (await client.runStep.count({ where: { runId: { in: decided }, nodeId: 'pause', status: 'RUNNING' } })) === decided.length, 20_000);
      firstWorker.process.kill('SIGKILL');
      await firstWorker.exited;
      const secondWorker = startChild('worker', setup);
      children.push(secondWorker);
      await secondWorker.line('ready');

      await waitFor('every run finished', async () => (await client.run.count({ where: { id: { in: all }, status: { in: ['QUEUED', 'RUNNING', 'WAITING'] } } })) === 0, 60_000);
      const runs = await client.run.findMany({ where: { id: { in: all } }, include: { steps: true, events: { orderBy: { seq: 'asc' } } } });
      expect(Object.fromEntries(runs.map((r) => [r.id, `${r.status} ${JSON.stringify(r.error)}`]))).toEqual(Object.fromEntries(all.map((id) => [id, 'SUCCEEDED null'])));
      for (const run of runs) {
        const gate = run.steps.find((s) => s.nodeId === 'gate')?.output as { timedOut?: boolean; decidedBy?: { name?: string } | null } | undefined;
        expect(gate?.timedOut).toBe(timed.includes(run.id as RunId));
        expect(gate?.decidedBy?.name ?? null).toBe(decided.includes(run.id as RunId) ? 'Ada' : null);
        expect(run.events.map((e) => e.seq)).toEqual(run.events.map((_, i) => i + 1));
      }
      // At least two timed runs lost their driver while they waited; the survivor let their timeouts decide.
      expect(takenOver.length).toBeGreaterThanOrEqual(2);
      expect(runs.filter((r) => takenOver.includes(r.id)).map((r) => r.driverId)).toEqual(takenOver.map(() => driverIds[1 - victim]));
      // The delays the killed worker was running ran again on the fresh one, within the same attempts.
      const pauses = await client.stepRun.findMany({ where: { runId: { in: decided }, nodeId: 'pause' } });
      expect(pauses.map((p) => p.status)).toEqual(decided.map(() => 'SUCCEEDED'));
      const calls = callsByAttempt(counter.calls);
      const succeeded = await client.stepRun.findMany({ where: { runId: { in: all }, nodeId: 'c1', status: 'SUCCEEDED' } });
      expect(succeeded.length).toBe(all.length);
      expect(succeeded.filter((a) => calls.get(`${a.runId} ${a.nodeId} ${a.attempt}`) !== 1)).toEqual([]);
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
    } finally {
      for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await counter.close();
      await db.close();
    }
  }, 150_000);
});
