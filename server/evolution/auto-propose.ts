/**
 * The evolver after a run fails: when the mastery's setting is PROPOSE (the default), a proposal is made
 * once the run has ended, outside the engine's commits and the request that started the run. A restart
 * loses these watchers; missed-proposals.ts finds what they would have done.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { startRun } from '@/server/runs/service';
import type { RunRuntime } from '@/server/runs/runtime';
import type { startRunSchema } from '@/server/runs/schemas';
import type { TeamScope } from '@/server/teams/service';
import { NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import type { EvolverDeps } from './deps';
import { proposeOnce } from './proposal-claim';
import { untilRunEnds } from './run-end';

/** How long a run is watched for its end; a run still going after a day is left alone. */
const WATCH_MS = 24 * 3_600_000;

async function isProposing(db: PrismaClient, masteryId: string): Promise<boolean> {
  const mastery = await db.mastery.findUnique({ where: { id: masteryId }, select: { evolverMode: true } });
  return mastery?.evolverMode === 'PROPOSE';
}

export async function proposeIfFailed(db: PrismaClient, deps: EvolverDeps, team: TeamScope, runId: string, masteryId: string): Promise<void> {
  // Checked before watching (nothing to wait for when off) and again at the end (it may have changed).
  if (!(await isProposing(db, masteryId))) return;
  const { run } = await untilRunEnds(db, team, runId, WATCH_MS, deps.runtime.events);
  if (run.status !== 'FAILED' || !(await isProposing(db, masteryId))) return;
  // Claimed first: the start-up sweep (missed-proposals.ts) may find the same run.
  await proposeOnce(db, deps, team, runId);
}

/** Starts a run as `runs.start` does, and watches it for a failure to propose a fix for. */
export async function startRunWatched(db: PrismaClient, runtime: RunRuntime, deps: () => EvolverDeps, team: TeamScope, userId: string, input: z.output<typeof startRunSchema>) {
  const started = await startRun(db, runtime, team, userId, input);
  proposeIfFailed(db, deps(), team, started.id, input.masteryId).catch((error: unknown) => {
    // The run's own result stands; a failed proposal is only logged.
    console.error(`The evolver could not propose a fix for run ${started.id}:`, error);
  });
  return started;
}

export async function setEvolverMode(db: PrismaClient, team: TeamScope, actorId: string, masteryId: string, mode: 'OFF' | 'PROPOSE') {
  return db.$transaction(async (tx) => {
    const { count } = await tx.mastery.updateMany({ where: { id: masteryId, teamId: team.id }, data: { evolverMode: mode } });
    if (count === 0) throw new NotFoundError('Mastery');
    await audit(tx, { teamId: team.id, actorId, action: 'mastery.evolverMode', targetType: 'Mastery', targetId: masteryId, data: { mode } });
    return { masteryId, mode };
  });
}
