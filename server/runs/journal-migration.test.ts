/**
 * Upgrading past `journal_on_events`: commits left waiting in the old RunJournal table (a process that
 * stopped mid-run) move onto their events, so the next start applies them and loses nothing.
 */
import { PGlite } from '@electric-sql/pglite';
import { expect, it } from 'vitest';
import { openDb } from '@/server/db/connect';
import { applyMigrations } from '@/server/db/migrate';
import type { RunId } from '@/server/engine/graph';
import { PrismaRunStore } from './prisma-run-store';

const BEFORE = '20261203124350_composite_run_keys';

it('moves waiting journal rows onto their last events, merging a commit without events into the next', async () => {
  const handle = openDb({ kind: 'pglite-instance', pglite: new PGlite() });
  try {
    await applyMigrations(handle, { upTo: BEFORE });
    const db = handle.client;
    const at = Date.UTC(2026, 11, 3, 12);
    await db.$executeRawUnsafe(`INSERT INTO "Team" (id, name, "updatedAt") VALUES ('t', 'Team', now())`);
    await db.$executeRawUnsafe(`INSERT INTO "Mastery" (id, "teamId", name, "updatedAt") VALUES ('m', 't', 'Mastery', now())`);
    await db.$executeRawUnsafe(`INSERT INTO "MasteryVersion" (id, "masteryId", number, graph) VALUES ('v', 'm', 1, '{"nodes":[],"edges":[]}')`);
    await db.$executeRawUnsafe(`INSERT INTO "Run" (id, "teamId", "masteryId", "versionId", input, "lastSeq", status) VALUES ('r', 't', 'm', 'v', '{}', 1, 'QUEUED')`);
    await db.$executeRawUnsafe(`INSERT INTO "RunEvent" ("runId", seq, type, payload) SELECT 'r', g, 'step.status', '{}' FROM generate_series(1, 4) g`);
    const journal = [
      { run: { lastSeq: 2, status: 'RUNNING', startedAt: at }, steps: [{ nodeId: 'a', status: 'RUNNING', attempt: 1, startedAt: at }], attempts: [{ nodeId: 'a', attempt: 1, status: 'RUNNING', isResumed: false, startedAt: at }] },
      // Recovery closing the interrupted attempt: no events of its own.
      { run: {}, steps: [{ nodeId: 'a', status: 'RUNNING', attempt: 1 }], attempts: [{ nodeId: 'a', attempt: 1, status: 'CANCELLED', finishedAt: at + 10 }] },
      { run: { lastSeq: 3 }, steps: [{ nodeId: 'a', status: 'RUNNING', attempt: 2, startedAt: at + 20 }], attempts: [{ nodeId: 'a', attempt: 2, status: 'RUNNING', isResumed: true, startedAt: at + 20 }] },
      { run: { lastSeq: 4 }, steps: [{ nodeId: 'a', status: 'SUCCEEDED', attempt: 2, output: 'done', handles: ['out'], finishedAt: at + 50 }], attempts: [{ nodeId: 'a', attempt: 2, status: 'SUCCEEDED', finishedAt: at + 50 }] },
    ];
    for (const rows of journal) await db.$executeRawUnsafe(`INSERT INTO "RunJournal" ("runId", rows) VALUES ('r', $1::jsonb)`, JSON.stringify(rows));

    expect(await applyMigrations(handle)).toEqual(['20261203141442_journal_on_events']);
    const carried = await db.$queryRawUnsafe<Array<{ seq: number; journal: unknown }>>(`SELECT seq, journal FROM "RunEvent" WHERE "runId" = 'r' ORDER BY seq`);
    expect(carried.map((e) => [e.seq, e.journal === null])).toEqual([[1, true], [2, false], [3, false], [4, false]]);
    // The commit without events went, in order, in front of the next one.
    expect(carried[2]?.journal).toEqual({
      run: { lastSeq: 3 },
      steps: [journal[1]?.steps[0], journal[2]?.steps[0]],
      attempts: [journal[1]?.attempts[0], journal[2]?.attempts[0]],
    });

    const snapshot = await new PrismaRunStore(db).loadRun('r' as RunId);
    expect(snapshot?.run).toMatchObject({ status: 'RUNNING', lastSeq: 4 });
    expect(snapshot?.steps).toMatchObject([{ nodeId: 'a', status: 'SUCCEEDED', attempt: 2, output: 'done' }]);
    const attempts = await db.stepRun.findMany({ where: { runId: 'r' }, orderBy: { attempt: 'asc' }, select: { attempt: true, status: true, isResumed: true, durationMs: true } });
    expect(attempts).toEqual([
      { attempt: 1, status: 'CANCELLED', isResumed: false, durationMs: 10 },
      { attempt: 2, status: 'SUCCEEDED', isResumed: true, durationMs: 30 },
    ]);
  } finally {
    await handle.close();
  }
}, 120_000);
