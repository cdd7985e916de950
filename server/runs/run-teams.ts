/**
 * Which team a run belongs to, for sharing the sandboxes fairly between teams (server/sandbox/). A run
 * never changes team, so answers are kept; the promise is kept, so a hundred steps starting together ask
 * the database once.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { RunTeamsPort } from '@/server/engine/node-services';
import { NotFoundError } from '@/server/errors';

const KEPT_RUNS = 10_000;

export function runTeams(db: PrismaClient): RunTeamsPort {
  const known = new Map<string, Promise<string>>();
  return {
    teamOf(runId) {
      let team = known.get(runId);
      if (team === undefined) {
        if (known.size >= KEPT_RUNS) known.clear();
        team = lookUp(db, runId);
        known.set(runId, team);
        team.catch(() => known.delete(runId));
      }
      return team;
    },
  };
}

async function lookUp(db: PrismaClient, runId: string): Promise<string> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { teamId: true } });
  if (run === null) throw new NotFoundError('Run');
  return run.teamId;
}
