/**
 * At start-up: the automatic proposals a restart would otherwise lose. A run that failed while its
 * watcher was gone (the process stopped between the failure and the proposal, or in the middle of one)
 * is proposed for now; a run recovery resumed is watched again, as `runs.start` watches a new one.
 * proposal-claim.ts keeps it to one proposal per run, however many callers there are.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { EvolverDeps } from './deps';
import { proposeIfFailed } from './auto-propose';
import { proposeOnce } from './proposal-claim';

/** Older failures are left alone: a first start on an old database must not propose for all of them. */
const LOOK_BACK_MS = 24 * 3_600_000;
const BATCH = 100;

export interface MissedProposalsOptions {
  /** Runs that recovery resumed, to be watched for a failure. */
  resumedRunIds?: readonly string[];
  now?: Date;
  /** Claims made before this were made by an earlier process (proposal-claim.ts). */
  startedAt?: Date;
}

export async function proposeMissed(db: PrismaClient, deps: EvolverDeps, options: MissedProposalsOptions = {}): Promise<{ proposed: number; resumed: number; watched: number }> {
  const now = options.now ?? new Date();
  const interrupted = { finishedAt: null, ...(options.startedAt === undefined ? {} : { claimedAt: { lt: options.startedAt } }) };
  const failed = await db.run.findMany({
    where: {
      status: 'FAILED',
      purpose: 'PRODUCTION',
      parentRunId: null,
      finishedAt: { gte: new Date(now.getTime() - LOOK_BACK_MS) },
      mastery: { evolverMode: 'PROPOSE', archivedAt: null },
      OR: [{ autoProposal: { is: null } }, { autoProposal: { is: interrupted } }],
    },
    orderBy: { finishedAt: 'asc' },
    take: BATCH,
    select: { id: true, teamId: true, autoProposal: { select: { runId: true } } },
  });
  // A run someone proposed for by hand already has its attempts: that was their answer to the failure.
  const attempted = new Set((await db.evolutionAttempt.findMany({ where: { runId: { in: failed.map((run) => run.id) } }, select: { runId: true } })).map((row) => row.runId));
  const counts = { proposed: 0, resumed: 0, watched: 0 };
  for (const run of failed) {
    if (run.autoProposal === null && attempted.has(run.id)) continue;
    try {
      const outcome = await proposeOnce(db, deps, { id: run.teamId, role: 'EDITOR' }, run.id, options.startedAt);
      if (outcome === 'PROPOSED') counts.proposed += 1;
      if (outcome === 'RESUMED') counts.resumed += 1;
    } catch (error) {
      console.error(`The evolver could not propose a fix for run ${run.id}:`, error);
    }
  }
  const resumed = options.resumedRunIds ?? [];
  const watched = resumed.length === 0 ? [] : await db.run.findMany({ where: { id: { in: [...resumed] }, purpose: 'PRODUCTION', parentRunId: null }, select: { id: true, teamId: true, masteryId: true } });
  for (const run of watched) {
    proposeIfFailed(db, deps, { id: run.teamId, role: 'EDITOR' }, run.id, run.masteryId).catch((error: unknown) => {
      console.error(`The evolver could not propose a fix for run ${run.id}:`, error);
    });
  }
  counts.watched = watched.length;
  return counts;
}
