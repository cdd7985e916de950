/**
 * What the operations page shows owners in queue mode: the workers (live ones first), how many steps
 * wait for a worker and since when (from the queue), and the team's steps whose worker died or that
 * failed on a worker (from PostgreSQL, which holds every claimed attempt and every worker).
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { QueueBacklog } from './queue-backlog';

export interface OperationsOptions {
  isQueueMode: boolean;
  /** A worker that has not written its heartbeat for this long is shown as gone. */
  leaseMs: number;
  /** Reads the queue's waiting jobs (queue mode only). */
  backlog?: () => Promise<QueueBacklog>;
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
  const [workers, backlog, failed] = await Promise.all([
    db.queueWorker.findMany({ where: { OR: [{ stoppedAt: null }, { stoppedAt: { gte: since } }] }, orderBy: { startedAt: 'desc' }, take: 100 }),
    // Redis away: the page says the queue cannot be read rather than failing.
    (options.backlog?.() ?? Promise.resolve(null)).catch(() => null),
    db.$queryRaw<FailedRow[]>`
      SELECT d."runId", d."nodeId", d.attempt, d.state, d."finishedAt", d."workerId", r."masteryId", m.name AS "masteryName",
        CASE WHEN d.state = 'DONE' THEN d.outcome -> 'outcome' -> 'error' ->> 'message' END AS message
      FROM "StepDispatch" d JOIN "Run" r ON r.id = d."runId" JOIN "Mastery" m ON m.id = r."masteryId"
      WHERE r."teamId" = ${teamId} AND d."finishedAt" >= ${since}
        AND (d.state IN ('LOST', 'RETURNED') OR (d.state = 'DONE' AND d.outcome -> 'outcome' ->> 'kind' = 'failed'))
      ORDER BY d."finishedAt" DESC LIMIT 30`,
  ]);
  const oldest = backlog?.oldest ?? null;
  // Another team's run is counted, not named.
  const oldestRun = oldest === null ? null : await db.run.findFirst({ where: { id: oldest.runId, teamId }, select: { masteryId: true } });
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
    /** Null when the queue could not be read (Redis away). */
    waiting: backlog === null ? null : backlog.waiting,
    oldestWaiting: oldest === null ? null : oldestRun === null ? { since: oldest.since } : { ...oldest, masteryId: oldestRun.masteryId },
    failed: failed.map((row) => ({ ...row, attempt: Number(row.attempt) })),
  };
}

export type OperationsOverview = Awaited<ReturnType<typeof operationsOverview>>;
