/** The connection kept for commits (PostgreSQL only: the embedded database has a single connection). */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbModes, openTestDb, type TestDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam } from '@/test/api';
import { env } from '@/server/env';
import type { NodeId, RunId } from '@/server/engine/graph';
import type { RunCommit } from '@/server/engine/ports';
import { PrismaRunStore } from '@/server/runs/prisma-run-store';
import { writerConnection } from './writer-connection';

const PID_SQL = 'SELECT pg_backend_pid() AS pid';

describe.runIf(dbModes.includes('postgres'))('writer connection [postgres]', () => {
  let pool: pg.Pool;
  let admin: pg.Client;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: env.TEST_DATABASE_URL, max: 3 });
    admin = new pg.Client({ connectionString: env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await pool.end();
  });

  const pidOf = async (execute: ReturnType<typeof writerConnection>['execute']) => Number((await execute('ms_pid', PID_SQL, []))[0]?.pid);

  /** Ends a backend from outside, then waits until it is gone and its client has read the end. */
  async function terminate(pid: number): Promise<void> {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('sends every statement on one connection, also when they are issued together', async () => {
    const writer = writerConnection(pool);
    const pids = await Promise.all([pidOf(writer.execute), pidOf(writer.execute), pidOf(writer.execute)]);
    expect(new Set(pids).size).toBe(1);
    expect(await pidOf(writer.execute)).toBe(pids[0]);
    await writer.release();
  });

  it('keeps its connection when the server refuses a statement', async () => {
    const writer = writerConnection(pool);
    const pid = await pidOf(writer.execute);
    await expect(writer.execute('ms_div', 'SELECT 1 / 0 AS x', [])).rejects.toThrow(/division by zero/);
    expect(await pidOf(writer.execute)).toBe(pid);
    await writer.release();
  });

  it('replaces a connection the server ended while it was idle, failing no statement', async () => {
    const writer = writerConnection(pool);
    const pid = await pidOf(writer.execute);
    await terminate(pid);
    const next = await pidOf(writer.execute);
    expect(next).not.toBe(pid);
    expect(Number.isInteger(next)).toBe(true);
    await writer.release();
  });

  it('gives its connection back to the pool on release', async () => {
    const writer = writerConnection(pool);
    const pid = await pidOf(writer.execute);
    const idleBefore = pool.idleCount;
    await writer.release();
    expect(pool.idleCount).toBe(idleBefore + 1);
    // The pool hands that connection out again, without the writer's listeners on it.
    const client = await pool.connect();
    expect(Number((await client.query(PID_SQL)).rows[0]?.pid)).toBe(pid);
    expect([client.listenerCount('error'), client.listenerCount('end')]).toEqual([0, 0]);
    client.release();
  });

  describe('under the run store', () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await openTestDb('postgres');
    });
    afterAll(async () => {
      await db.close();
    });

    const commit = (runId: RunId, seq: number, nodeId: string): RunCommit => {
      const at = Date.now();
      return {
        runId,
        steps: [{ nodeId: nodeId as NodeId, status: 'RUNNING', attempt: 1, startedAt: at, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: false, startedAt: at } }],
        events: [{ type: 'step.status', nodeId: nodeId as NodeId, status: 'RUNNING', attempt: 1, runId, seq, at }],
      };
    };

    it('commits go on after the server ended the store’s connection, and none is lost', async () => {
      const client = db.client;
      const team = await makeTeam(client, 'Writer');
      const { masteryId, versionId } = await makeMasteryWithGraph(client, team.id, { nodes: [], edges: [] });
      const runId = (await client.run.create({ data: { teamId: team.id, masteryId, versionId, input: {}, lastSeq: 1 } })).id as RunId;
      const store = new PrismaRunStore(client);
      await store.commit(commit(runId, 2, 'a'));
      const writers = await client.$queryRaw<Array<{ pid: number }>>`
        SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'INSERT INTO "RunEvent"%'`;
      expect(writers).toHaveLength(1);
      await terminate(writers[0]?.pid ?? 0);
      await store.commit(commit(runId, 3, 'b'));
      await store.settle(runId);
      const snapshot = await store.loadRun(runId);
      expect(snapshot?.run.lastSeq).toBe(3);
      expect(snapshot?.steps.map((s) => s.nodeId).sort()).toEqual(['a', 'b']);
    });
  });
});
