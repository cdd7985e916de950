/**
 * The StepDispatch table's statements. A row is written before its attempt is put on the queue (the
 * outbox: nothing is enqueued that the database does not hold), a worker claims it with a conditional
 * update that also checks the step is still RUNNING at that attempt (a duplicate or stale delivery finds
 * nothing to claim and is dropped), renews its lease while it runs, and stores the outcome.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { executeDirect } from '@/server/db/connect';
import type { AttemptKey } from './names';

const KEY = `d."runId" = $1 AND d."nodeId" = $2 AND d.attempt = $3`;
const STEP_IS_AT_ATTEMPT = `EXISTS (SELECT FROM "RunStep" s
  WHERE s."runId" = d."runId" AND s."nodeId" = d."nodeId" AND s.status = 'RUNNING' AND s.attempt = d.attempt)`;

const keyParams = (key: AttemptKey) => [key.runId, key.nodeId, key.attempt];

export async function insertDispatch(db: PrismaClient, key: AttemptKey, job: string): Promise<void> {
  await executeDirect(
    db,
    'ms_dispatch_insert',
    `INSERT INTO "StepDispatch" ("runId", "nodeId", attempt, job) VALUES ($1, $2, $3, $4::json) ON CONFLICT DO NOTHING`,
    [...keyParams(key), job],
  );
}

/** The attempt's job if this worker now holds it; undefined when it was claimed, ended or superseded. */
export async function claimDispatch(db: PrismaClient, key: AttemptKey, workerId: string, leaseMs: number): Promise<unknown> {
  const rows = await executeDirect(
    db,
    'ms_dispatch_claim',
    `UPDATE "StepDispatch" d SET state = 'CLAIMED', "workerId" = $4, "claimedAt" = now(),
       "leaseUntil" = now() + $5 * interval '1 millisecond', deliveries = d.deliveries + 1
     WHERE ${KEY} AND d.state = 'PENDING' AND ${STEP_IS_AT_ATTEMPT}
     RETURNING d.job`,
    [...keyParams(key), workerId, leaseMs],
  );
  return rows[0]?.job;
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
    `UPDATE "StepDispatch" d SET state = 'CANCELLED', "finishedAt" = now() WHERE ${KEY} AND d.state IN ('PENDING', 'CLAIMED')`,
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

/** Attempts waiting for a worker whose queue job may be missing (Redis was down or lost it): sent again. */
export async function dispatchesToResend(db: PrismaClient, olderThanMs: number, limit: number): Promise<AttemptKey[]> {
  // Rows of steps that moved on (a restart resumed them as new attempts) are dropped rather than sent.
  await executeDirect(
    db,
    'ms_dispatch_drop_stale',
    `UPDATE "StepDispatch" d SET state = 'DROPPED', "finishedAt" = now()
     WHERE d.state = 'PENDING' AND COALESCE(d."sentAt", d."createdAt") < now() - $1 * interval '1 millisecond' AND NOT ${STEP_IS_AT_ATTEMPT}`,
    [olderThanMs],
  );
  const rows = await executeDirect(
    db,
    'ms_dispatch_resend',
    `UPDATE "StepDispatch" d SET "sentAt" = now()
     FROM (SELECT "runId", "nodeId", attempt FROM "StepDispatch"
           WHERE state = 'PENDING' AND COALESCE("sentAt", "createdAt") < now() - $1 * interval '1 millisecond'
           ORDER BY "createdAt" LIMIT $2) p
     WHERE d."runId" = p."runId" AND d."nodeId" = p."nodeId" AND d.attempt = p.attempt AND d.state = 'PENDING'
     RETURNING d."runId", d."nodeId", d.attempt`,
    [olderThanMs, limit],
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
