/**
 * A run whose commit fails is never left RUNNING: it ends FAILED with the database's error, or it is
 * resumed once the database answers again. Real runs of real node types on the real databases.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEachDb, pgliteTemplate, queueRun as queue } from '@/test/db';
import { openDb } from '@/server/db/connect';
import type { RunId } from '@/server/engine/graph';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { chainEdges, makeGraph } from '@/server/engine/testing/make-graph';
import { createRunRuntime, type RunRuntime } from './runtime';

const queueRun = async (db: PrismaClient, graph: unknown, input?: unknown) => (await queue(db, graph, input)) as RunId;

/** The run's row once it has finished (waiting for at most `timeoutMs`). */
async function finished(db: PrismaClient, runId: RunId, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${runId} is still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const delays = (n: number, ms: number) => {
  const ids = Array.from({ length: n }, (_, i) => `d${i + 1}`);
  return makeGraph({
    nodes: [{ id: 'input', type: 'input' }, ...ids.map((id) => ({ id, type: 'delay', config: { ms } })), { id: 'result', type: 'output', config: {} }],
    edges: chainEdges('input', ...ids, 'result'),
  });
};

describeEachDb('a failed commit', (getDb) => {
  const runtimes: RunRuntime[] = [];
  const runtime = () => {
    const created = createRunRuntime(getDb().client);
    runtimes.push(created);
    return created;
  };
  afterAll(() => {
    for (const r of runtimes) r.stop();
  });

  it('stores a code step output holding a NUL and a lone surrogate, and the run succeeds', async () => {
    const db = getDb().client;
    const graph = makeGraph({
      nodes: [{ id: 'input', type: 'input' }, { id: 'odd', type: 'code', config: { code: "return { s: 'a\\u0000b', t: 'x\\ud800y' }", timeoutMs: 20_000 } }, { id: 'result', type: 'output', config: {} }],
      edges: chainEdges('input', 'odd', 'result'),
    });
    const runId = await queueRun(db, graph);
    await runtime().engine.start(runId);
    const run = await finished(db, runId);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.steps.find((s) => s.nodeId === 'odd')?.output).toEqual({ s: 'a\u0000b', t: 'x\ud800y' });
  });

  it('ends the run FAILED with the database error when the database refuses a commit, leaving no step running', async () => {
    const db = getDb().client;
    // The database refuses any step row holding this word, as it would a full disk: every try fails.
    await db.$executeRaw`ALTER TABLE "RunStep" ADD CONSTRAINT refuse_word CHECK (output IS NULL OR output::text NOT LIKE '%refuse-me%')`;
    try {
      const runId = await queueRun(db, delays(2, 1), { word: 'refuse-me' });
      await runtime().engine.start(runId);
      const run = await finished(db, runId);
      expect(run.status).toBe('FAILED');
      expect(run.error).toMatchObject({ code: 'RUN_STORE_FAILED', nodeId: 'input', message: expect.stringContaining('SQLSTATE 23514') });
      expect(run.steps.map((s) => [s.nodeId, s.status])).toEqual([['input', 'FAILED']]);
      expect(run.steps[0]?.error).toMatchObject({ code: 'RUN_STORE_FAILED' });
      const events = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.at(-1)?.payload).toMatchObject({ type: 'run.status', status: 'FAILED', error: { code: 'RUN_STORE_FAILED' } });
    } finally {
      await db.$executeRaw`ALTER TABLE "RunStep" DROP CONSTRAINT refuse_word`;
    }
  });

  it('fails the effect-free steps whose whole attempt was in the refused commit, though they have no row yet', async () => {
    const db = getDb().client;
    await db.$executeRaw`ALTER TABLE "RunStep" ADD CONSTRAINT refuse_word CHECK (output IS NULL OR output::text NOT LIKE '%refuse-me%')`;
    try {
      // `result` starts and ends at once, ahead of the store: its RUNNING row and its refused output go together.
      const graph = makeGraph({
        nodes: [{ id: 'input', type: 'input' }, { id: 'wait', type: 'delay', config: { ms: 0 } }, { id: 'result', type: 'output', config: { result: 'refuse-me' } }],
        edges: chainEdges('input', 'wait', 'result'),
      });
      const runId = await queueRun(db, graph);
      await runtime().engine.start(runId);
      const run = await finished(db, runId);
      expect(run.status).toBe('FAILED');
      expect(run.error).toMatchObject({ code: 'RUN_STORE_FAILED', message: expect.stringContaining('SQLSTATE 23514') });
      expect(Object.fromEntries(run.steps.map((s) => [s.nodeId, s.status]))).toMatchObject({ input: 'SUCCEEDED', result: 'FAILED' });
      expect(run.steps.filter((s) => ['QUEUED', 'RUNNING'].includes(s.status))).toEqual([]);
      const events = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    } finally {
      await db.$executeRaw`ALTER TABLE "RunStep" DROP CONSTRAINT refuse_word`;
    }
  });

  it('resumes the run once the database answers again after it dropped the connections', async () => {
    const test = getDb();
    if (test.mode !== 'postgres') return; // the embedded database: closed and opened again, below
    const db = test.client;
    const runId = await queueRun(db, delays(16, 20));
    const killer = new pg.Client({ connectionString: String(process.env.TEST_DATABASE_URL) });
    await killer.connect();
    const name = (await killer.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db;
    const dbName = (await db.$queryRaw<Array<{ db: string }>>`SELECT current_database() AS db`)[0]?.db;
    expect(name).not.toBe(dbName);
    // Each commit is held 50 ms, so the storm finds one in flight (terminating idle connections breaks no
    // commit: the pool replaces them). The storm starts once the run's start is stored: a run whose very
    // first commit broke starts again from QUEUED, with nothing to say it was resumed.
    await db.$executeRawUnsafe(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.05); RETURN NULL; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER slow_commit AFTER INSERT OR UPDATE ON "RunStep" FOR EACH STATEMENT EXECUTE FUNCTION slow_commit()`);
    await runtime().engine.start(runId);
    while ((await db.run.findUniqueOrThrow({ where: { id: runId } })).status === 'QUEUED') await new Promise((resolve) => setTimeout(resolve, 10));
    let kills = 0;
    // Terminates the app's connections again and again while the run goes on, as server restarts would.
    const until = Date.now() + 3_000;
    const isGoing = async () => ['QUEUED', 'RUNNING'].includes((await db.run.findUniqueOrThrow({ where: { id: runId } }).catch(() => ({ status: 'RUNNING' }))).status);
    while (Date.now() < until && (await isGoing())) {
      const killed = await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
      kills += killed.rowCount ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await killer.end();
    const run = await finished(db, runId);
    await db.$executeRawUnsafe('DROP TRIGGER slow_commit ON "RunStep"');
    await db.$executeRawUnsafe('DROP FUNCTION slow_commit()');
    expect(kills).toBeGreaterThan(0);
    // Never stuck: no step is left going. Usually the run resumed and succeeded; a commit the storm broke
    // in a way that gave no SQLSTATE, three times over, ends it FAILED with the reason instead.
    expect(run.steps.filter((s) => ['QUEUED', 'RUNNING', 'RETRYING'].includes(s.status))).toEqual([]);
    const events = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    if (run.status === 'SUCCEEDED') {
      // At least one commit failed mid-run and the run was taken up again.
      expect(events.some((e) => (e.payload as { isResumed?: boolean }).isResumed === true)).toBe(true);
    } else {
      expect([run.status, (run.error as { code?: string } | null)?.code]).toEqual(['FAILED', 'RUN_STORE_FAILED']);
    }
  }, 60_000);
});

describe('a failed commit [pglite, closed mid-run]', () => {
  it('leaves the run to resume when the embedded database is opened again, and it then finishes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ms-closed-'));
    const seed = new PGlite(dataDir, { loadDataDir: await pgliteTemplate() });
    await seed.close();
    let handle = openDb({ kind: 'pglite', dataDir });
    const runId = await queueRun(handle.client, delays(12, 30));
    const first = createRunRuntime(handle.client);
    await first.engine.start(runId);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await handle.close(); // the database goes away mid-run
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.stop();
    expect(first.engine.isActive(runId)).toBe(false); // stopped driving it, rather than acting on unstored state

    handle = openDb({ kind: 'pglite', dataDir });
    try {
      const stranded = await handle.client.run.findUniqueOrThrow({ where: { id: runId } });
      expect(stranded.status).toBe('RUNNING');
      const second = createRunRuntime(handle.client);
      expect(await second.engine.recover()).toEqual([runId]);
      const run = await finished(handle.client, runId);
      second.stop();
      expect(run.status).toBe('SUCCEEDED');
      expect(run.steps.every((s) => s.status === 'SUCCEEDED')).toBe(true);
    } finally {
      await handle.close();
    }
  }, 60_000);
});
