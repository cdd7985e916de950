/**
 * Crash tests with real processes on the real database. A process runs a long mastery and is killed with
 * SIGKILL mid-run; a new process recovers it; the run completes and no step that had finished ran again.
 * A step that kills every process that runs it is resumed twice, then fails, and the server starts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { expect, it, describe } from 'vitest';
import { env } from '@/server/env';
import { openDb, type DbTarget } from '@/server/db/connect';
import { dbModes, dropDatabase, pgliteTemplate, postgresTemplate, withDatabase } from '@/test/db';
import { chainEdges, makeGraph } from '@/server/engine/testing/make-graph';

const STEPS = 12;
const STEP_MS = 150;
const CHILD = path.resolve('server/runs/testing/crash-child.ts');

function runChild(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

function executions(counterFile: string): string[][] {
  if (!existsSync(counterFile)) return [];
  return readFileSync(counterFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split(' '));
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function prepareTarget(mode: 'pglite' | 'postgres'): Promise<{ target: DbTarget; arg: string; drop(): Promise<void> }> {
  if (mode === 'pglite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ms-crash-'));
    // Start the data folder from the migrated template rather than creating one (~11 s).
    const pglite = new PGlite(dataDir, { loadDataDir: await pgliteTemplate() });
    await pglite.close();
    return { target: { kind: 'pglite', dataDir }, arg: dataDir, drop: async () => undefined };
  }
  const adminUrl = env.TEST_DATABASE_URL ?? '';
  const template = await postgresTemplate(adminUrl);
  const name = `ms_crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(adminUrl, name);
  return {
    target: { kind: 'postgres', url },
    arg: url,
    drop: async () => {
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

// `tick` steps start once their RUNNING row is stored; `pure-tick` ones are effect-free and run ahead of the store.
const crashCases = dbModes.flatMap((mode) => (['tick', 'pure-tick'] as const).map((type) => ({ mode, type })));

describe('recovery after a crash', () => {
  for (const { mode, type } of crashCases) {
    it(`resumes a run of ${type} steps killed with SIGKILL without running finished steps again, each output stored once [${mode}]`, async () => {
      const { target, arg, drop } = await prepareTarget(mode);
      const counterFile = path.join(mkdtempSync(path.join(tmpdir(), 'ms-count-')), 'executions.txt');
      writeFileSync(counterFile, '');
      const ticks = Array.from({ length: STEPS }, (_, i) => `t${i + 1}`);
      const graph = makeGraph({
        nodes: [{ id: 'input', type: 'input' }, ...ticks.map((id) => ({ id, type, config: { ms: STEP_MS } })), { id: 'result', type: 'output', config: {} }],
        edges: chainEdges('input', ...ticks, 'result'),
      });

      let handle = openDb(target);
      const team = await handle.client.team.create({ data: { name: 'Crash' } });
      const mastery = await handle.client.mastery.create({ data: { teamId: team.id, name: 'Long' } });
      const version = await handle.client.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph: graph as object } });
      const run = await handle.client.run.create({ data: { teamId: team.id, masteryId: mastery.id, versionId: version.id, input: {}, lastSeq: 1 } });
      await handle.client.runEvent.create({ data: { runId: run.id, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } } });
      await handle.close();

      const first = runChild([mode, arg, counterFile, 'start', run.id]);
      await waitFor(() => executions(counterFile).length >= 4, 60_000);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');

      // What was durable at the crash, from the event log (committed with the step rows, in one transaction).
      handle = openDb(target);
      const logged = await handle.client.runEvent.findMany({ where: { runId: run.id, type: 'step.status' }, orderBy: { seq: 'asc' } });
      await handle.close();
      const lastStatus = new Map(logged.map((e) => [(e.payload as { nodeId: string }).nodeId, (e.payload as { status: string }).status]));
      const finishedBefore = [...lastStatus].filter(([id, status]) => status === 'SUCCEEDED' && id.startsWith('t')).map(([id]) => id);
      const runningAtCrash = [...lastStatus].filter(([, status]) => status === 'RUNNING').map(([id]) => id);
      expect(finishedBefore.length).toBeGreaterThanOrEqual(3);
      expect(finishedBefore.length).toBeLessThan(STEPS);

      const second = runChild([mode, arg, counterFile, 'recover']);
      const outcome = await second.exited;
      expect(outcome.stderr).toBe('');
      expect(outcome.code).toBe(0);

      handle = openDb(target);
      const after = await handle.client.run.findUniqueOrThrow({ where: { id: run.id }, include: { steps: true, attempts: true } });
      const events = await handle.client.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
      await handle.close();
      await drop();

      expect(after.status).toBe('SUCCEEDED');
      expect(after.steps.every((s) => s.status === 'SUCCEEDED')).toBe(true);
      const counts = new Map<string, number>();
      for (const [nodeId] of executions(counterFile)) counts.set(nodeId ?? '', (counts.get(nodeId ?? '') ?? 0) + 1);
      for (const id of finishedBefore) expect([id, counts.get(id)]).toEqual([id, 1]);
      for (const id of ticks) expect(counts.get(id) ?? 0).toBeGreaterThanOrEqual(1);
      for (const id of runningAtCrash) {
        const last = after.attempts.filter((a) => a.nodeId === id).sort((a, b) => b.attempt - a.attempt)[0];
        expect([id, last?.isResumed, last?.status]).toEqual([id, true, 'SUCCEEDED']);
      }
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const succeeded = events.map((e) => e.payload as { status?: string; nodeId?: string }).filter((p) => p.status === 'SUCCEEDED' && p.nodeId !== undefined);
      expect(succeeded.map((p) => p.nodeId).sort()).toEqual(['input', ...ticks, 'result'].sort());
      for (const id of ticks) expect(after.steps.find((s) => s.nodeId === id)?.output).toEqual({ node: id });
    }, 120_000);
  }
});

/** Starts a child as the server starts; resolves with its port once it answers, or with how it died. */
function startServer(args: string[]) {
  const { child, exited } = runChild([...args, 'serve']);
  let stdout = '';
  const listening = new Promise<number>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /listening (\d+)/.exec(stdout)?.[1];
      if (port !== undefined) resolve(Number(port));
    }),
  );
  const outcome = Promise.race([listening.then((port) => ({ port })), exited.then((exit) => ({ exit }))]);
  return { child, exited, outcome };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.json();
}

/**
 * `crash` starts once its RUNNING row is stored, so each death is counted. `pure-crash` wrongly declares
 * itself effect-free: the first process kills itself before that row is stored; the next ones take the run
 * up and start every step once stored, so it costs one death more.
 */
const crashLoopCases = dbModes.flatMap((mode) => [
  { mode, type: 'crash', deaths: [['boom', '1', 'false'], ['boom', '2', 'true'], ['boom', '3', 'true']] },
  { mode, type: 'pure-crash', deaths: [['boom', '1', 'false'], ['boom', '1', 'false'], ['boom', '2', 'true'], ['boom', '3', 'true']] },
]);

describe('a step that crashes the process every time it runs', () => {
  for (const { mode, type, deaths } of crashLoopCases) {
    it(`[${type}] is resumed twice, then fails with PROCESS_CRASHED, and the server starts and answers [${mode}]`, async () => {
      const { target, arg, drop } = await prepareTarget(mode);
      const counterFile = path.join(mkdtempSync(path.join(tmpdir(), 'ms-count-')), 'executions.txt');
      writeFileSync(counterFile, '');
      const crashing = makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'boom', type, config: {} }, { id: 'result', type: 'output', config: {} }], edges: chainEdges('input', 'boom', 'result') });
      const healthy = makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 't1', type: 'tick', config: { ms: 10 } }, { id: 'result', type: 'output', config: {} }], edges: chainEdges('input', 't1', 'result') });

      let handle = openDb(target);
      const team = await handle.client.team.create({ data: { name: 'Crash loop' } });
      const queueRun = async (graph: unknown) => {
        const mastery = await handle.client.mastery.create({ data: { teamId: team.id, name: 'Mastery' } });
        const version = await handle.client.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph: graph as object } });
        const run = await handle.client.run.create({ data: { teamId: team.id, masteryId: mastery.id, versionId: version.id, input: {}, lastSeq: 1 } });
        await handle.client.runEvent.create({ data: { runId: run.id, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } } });
        return run.id;
      };
      const crashingRun = await queueRun(crashing);
      await handle.close();

      // Each start takes the run up (QUEUED, then RUNNING), starts answering, and dies as the step runs.
      for (let start = 1; start <= deaths.length; start += 1) {
        const exit = await startServer([mode, arg, counterFile]).exited;
        expect([start, exit.signal]).toEqual([start, 'SIGKILL']);
      }

      handle = openDb(target);
      const healthyRun = await queueRun(healthy); // queued before the fourth start: recovery takes it up too
      await handle.close();
      const server = startServer([mode, arg, counterFile]);
      const outcome = await server.outcome;
      if (!('port' in outcome)) throw new Error(`the fourth start died: ${JSON.stringify(outcome.exit)}`);
      const crashed = await getJson(`http://127.0.0.1:${outcome.port}/runs/${crashingRun}`);
      const other = await getJson(`http://127.0.0.1:${outcome.port}/runs/${healthyRun}`);
      expect([server.child.exitCode, server.child.signalCode]).toEqual([null, null]); // still up
      server.child.kill('SIGTERM');
      await server.exited;

      handle = openDb(target);
      const attempts = await handle.client.stepRun.findMany({ where: { runId: crashingRun, nodeId: 'boom' }, orderBy: { attempt: 'asc' } });
      await handle.close();
      await drop();

      expect(crashed).toEqual({
        status: 'FAILED',
        error: { code: 'PROCESS_CRASHED', message: 'Step "boom" was interrupted by a server crash 3 times; it was not retried again', nodeId: 'boom' },
      });
      expect(other).toMatchObject({ status: 'SUCCEEDED' });
      expect(attempts.map((a) => [a.attempt, a.status, a.isResumed, (a.error as { code?: string } | null)?.code])).toEqual([
        [1, 'CANCELLED', false, 'STEP_INTERRUPTED'],
        [2, 'CANCELLED', true, 'STEP_INTERRUPTED'],
        [3, 'FAILED', true, 'PROCESS_CRASHED'],
      ]);
      expect(executions(counterFile).filter(([id]) => id === 'boom')).toEqual(deaths);
    }, 180_000);
  }
});
