/**
 * What the operations page shows owners in queue mode: the workers (live ones first), how many steps
 * wait for a worker and since when, and the team's steps whose worker died or that failed on a worker.
 * All of it from PostgreSQL, which holds every attempt handed out (StepDispatch) and every worker.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';

export interface OperationsOptions {
  isQueueMode: boolean;
  /** A worker that has not written its heartbeat for this long is shown as gone. */
  leaseMs: number;
  now?: Date;
}

interface FailedRow {
  runId: string;
  nodeId: string;
  attempt: number;
  state: string;
  finishedAt: Date | null;
  workerId: string | null;
  masteryId: string;
  masteryName: string;
  message: string | null;
}

export async function operationsOverview(db: PrismaClient, teamId: string, options: OperationsOptions) {
  const now = options.now ?? new Date();
  if (!options.isQueueMode) return { isQueueMode: false as const };
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [workers, waiting, oldest, failed] = await Promise.all([
    db.queueWorker.findMany({ where: { OR: [{ stoppedAt: null }, { stoppedAt: { gte: since } }] }, orderBy: { startedAt: 'desc' }, take: 100 }),
    db.stepDispatch.count({ where: { state: 'PENDING' } }),
    db.$queryRaw<Array<{ runId: string; nodeId: string; createdAt: Date; masteryId: string }>>`
      SELECT d."runId", d."nodeId", d."createdAt", r."masteryId" FROM "StepDispatch" d JOIN "Run" r ON r.id = d."runId"
      WHERE d.state = 'PENDING' ORDER BY d."createdAt" LIMIT 1`,
    db.$queryRaw<FailedRow[]>`
      SELECT d."runId", d."nodeId", d.attempt, d.state, d."finishedAt", d."workerId", r."masteryId", m.name AS "masteryName",
        CASE WHEN d.state = 'DONE' THEN d.outcome -> 'outcome' -> 'error' ->> 'message' END AS message
      FROM "StepDispatch" d JOIN "Run" r ON r.id = d."runId" JOIN "Mastery" m ON m.id = r."masteryId"
      WHERE r."teamId" = ${teamId} AND d."finishedAt" >= ${since}
        AND (d.state IN ('LOST', 'RETURNED') OR (d.state = 'DONE' AND d.outcome -> 'outcome' ->> 'kind' = 'failed'))
      ORDER BY d."finishedAt" DESC LIMIT 30`,
  ]);
  const goneAfter = now.getTime() - 2 * options.leaseMs;
  return {
    isQueueMode: true as const,
    /** When these figures were read: the page says "… ago" from here. */
    readAt: now,
    workers: workers.map((w) => ({
      id: w.id,
      host: w.host,
      pid: w.pid,
      concurrency: w.concurrency,
      running: w.stoppedAt === null ? w.running : 0,
      startedAt: w.startedAt,
      heartbeatAt: w.heartbeatAt,
      status: w.stoppedAt !== null ? ('stopped' as const) : w.heartbeatAt.getTime() < goneAfter ? ('gone' as const) : ('online' as const),
    })),
    waiting,
    oldestWaiting: oldest[0] === undefined ? null : { runId: oldest[0].runId, masteryId: oldest[0].masteryId, nodeId: oldest[0].nodeId, since: oldest[0].createdAt },
    failed: failed.map((row) => ({ ...row, attempt: Number(row.attempt) })),
  };
}

export type OperationsOverview = Awaited<ReturnType<typeof operationsOverview>>;
