/**
 * The StepDispatch table's statements. A row is written when a worker claims an attempt: an insert that
 * also checks the step is still RUNNING at that attempt in the engine's committed state, so a duplicate or
 * stale delivery (or one for a cancelled attempt) finds nothing to claim and is dropped. The attempt itself
 * is durable before it is enqueued (the engine's RUNNING commit); the job travels on the queue. The worker
 * renews its lease while it runs and stores the outcome.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { executeDirect } from '@/server/db/connect';
import type { AttemptKey } from './names';

const KEY = `d."runId" = $1 AND d."nodeId" = $2 AND d.attempt = $3`;

const keyParams = (key: AttemptKey) => [key.runId, key.nodeId, key.attempt];

/** Whether this worker now holds the attempt; false when it was claimed, cancelled or superseded. */
export async function claimDispatch(db: PrismaClient, key: AttemptKey, workerId: string, leaseMs: number): Promise<boolean> {
  const rows = await executeDirect(
    db,
    'ms_dispatch_claim',
    `INSERT INTO "StepDispatch" ("runId", "nodeId", attempt, state, "workerId", "claimedAt", "leaseUntil", deliveries)
     SELECT $1, $2, $3, 'CLAIMED', $4, now(), now() + $5 * interval '1 millisecond', 1
     WHERE EXISTS (SELECT FROM "RunStep" s WHERE s."runId" = $1 AND s."nodeId" = $2 AND s.status = 'RUNNING' AND s.attempt = $3)
     ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
    [...keyParams(key), workerId, leaseMs],
  );
  return rows.length > 0;
}

/** Stores the outcome if this worker still holds the attempt (its lease was not taken away). */
export async function finishDispatch(db: PrismaClient, key: AttemptKey, workerId: string, result: string): Promise<boolean> {
  const rows = await executeDirect(
    db,
    'ms_dispatch_finish',
    `UPDATE "StepDispatch" d SET state = 'DONE', outcome = $5::json, "finishedAt" = now()
     WHERE ${KEY} AND d.state = 'CLAIMED' AND d."workerId" = $4 RETURNING 1 AS done`,
    [...keyParams(key), workerId, result],
  );
  return rows.length > 0;
}

/** The engine stopped waiting (cancel, timeout): a worker that has not claimed it will not, one that has stores nothing. */
export async function cancelDispatch(db: PrismaClient, key: AttemptKey): Promise<void> {
  await executeDirect(
    db,
    'ms_dispatch_cancel',
    `INSERT INTO "StepDispatch" AS d ("runId", "nodeId", attempt, state, "finishedAt") VALUES ($1, $2, $3, 'CANCELLED', now())
     ON CONFLICT ("runId", "nodeId", attempt) DO UPDATE SET state = 'CANCELLED', "finishedAt" = now() WHERE d.state = 'CLAIMED'`,
    keyParams(key),
  );
}

export interface SettledDispatch extends AttemptKey {
  state: 'DONE' | 'LOST' | 'RETURNED';
  outcome: unknown;
  /** LOST: how many attempts of this step a dead worker took with it, this one included. */
  lostCount: number;
}

/**
 * Of the given attempts, those a worker finished, and those whose worker is gone: a lease that ran out
 * becomes LOST here (conditionally, so a late finish and this never both win), a hand-back is RETURNED.
 */
export async function settledDispatches(db: PrismaClient, keys: readonly AttemptKey[]): Promise<SettledDispatch[]> {
  if (keys.length === 0) return [];
  const rows = await executeDirect(
    db,
    'ms_dispatch_settled',
    `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS w("runId", "nodeId", attempt)),
     expired AS (
       UPDATE "StepDispatch" d SET state = 'LOST', "finishedAt" = now()
       FROM wanted w
       WHERE d."runId" = w."runId" AND d."nodeId" = w."nodeId" AND d.attempt = w.attempt
         AND d.state = 'CLAIMED' AND d."leaseUntil" < now()
       RETURNING d."runId", d."nodeId", d.attempt, d.state, d.outcome
     ),
     ended AS (
       SELECT d."runId", d."nodeId", d.attempt, d.state, d.outcome FROM "StepDispatch" d JOIN wanted w
         ON d."runId" = w."runId" AND d."nodeId" = w."nodeId" AND d.attempt = w.attempt
       WHERE d.state IN ('DONE', 'LOST', 'RETURNED')
     )
     SELECT e.*, (SELECT count(*)::int FROM "StepDispatch" l
       WHERE l."runId" = e."runId" AND l."nodeId" = e."nodeId" AND l.state = 'LOST')
       -- the statement does not see its own update: a lease that expired just now counts once more
       + CASE WHEN e."fromExpired" THEN 1 ELSE 0 END AS "lostCount"
     FROM (SELECT *, true AS "fromExpired" FROM expired UNION ALL SELECT *, false FROM ended) e`,
    [keys.map((k) => k.runId), keys.map((k) => k.nodeId), keys.map((k) => k.attempt)],
  );
  return rows.map((row) => ({
    runId: String(row.runId),
    nodeId: String(row.nodeId),
    attempt: Number(row.attempt),
    state: row.state as SettledDispatch['state'],
    outcome: row.outcome,
    lostCount: Number(row.lostCount),
  }));
}

/** Of the given attempts, those no worker claimed (their queue job may be lost: Redis was down or lost it). */
export async function unclaimedDispatches(db: PrismaClient, keys: readonly AttemptKey[]): Promise<AttemptKey[]> {
  if (keys.length === 0) return [];
  const rows = await executeDirect(
    db,
    'ms_dispatch_unclaimed',
    `SELECT w."runId", w."nodeId", w.attempt FROM unnest($1::text[], $2::text[], $3::int[]) AS w("runId", "nodeId", attempt)
     WHERE NOT EXISTS (SELECT FROM "StepDispatch" d WHERE d."runId" = w."runId" AND d."nodeId" = w."nodeId" AND d.attempt = w.attempt)`,
    [keys.map((k) => k.runId), keys.map((k) => k.nodeId), keys.map((k) => k.attempt)],
  );
  return rows.map((row) => ({ runId: String(row.runId), nodeId: String(row.nodeId), attempt: Number(row.attempt) }));
}

/** Renews the leases of everything this worker runs, and its own row (the operations page reads it). */
export async function heartbeat(db: PrismaClient, workerId: string, leaseMs: number, running: number): Promise<void> {
  await executeDirect(
    db,
    'ms_worker_heartbeat',
    `WITH leases AS (
       UPDATE "StepDispatch" SET "leaseUntil" = now() + $2 * interval '1 millisecond'
       WHERE "workerId" = $1 AND state = 'CLAIMED'
     )
     UPDATE "QueueWorker" SET "heartbeatAt" = now(), running = $3 WHERE id = $1`,
    [workerId, leaseMs, running],
  );
}

/** SIGTERM past its grace period: what this worker still runs goes back, to run again elsewhere at once. */
export async function handBack(db: PrismaClient, workerId: string): Promise<number> {
  const rows = await executeDirect(
    db,
    'ms_worker_hand_back',
    `UPDATE "StepDispatch" SET state = 'RETURNED', "finishedAt" = now() WHERE "workerId" = $1 AND state = 'CLAIMED' RETURNING 1 AS returned`,
    [workerId],
  );
  return rows.length;
}
