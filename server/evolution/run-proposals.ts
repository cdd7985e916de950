/** The proposals already made for one failed run, so its panel can point at them before anyone asks again. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { NotFoundError } from '@/server/errors';
import type { TeamScope } from '@/server/teams/service';

export async function proposalsForRun(db: PrismaClient, team: TeamScope, runId: string) {
  // Another team's run answers NOT_FOUND, as every procedure does for a foreign id.
  const run = await db.run.findFirst({ where: { id: runId, teamId: team.id }, select: { id: true } });
  if (run === null) throw new NotFoundError('Run');
  const rows = await db.evolutionAttempt.findMany({
    where: { runId, teamId: team.id, outcome: 'PROPOSED', proposalId: { not: null } },
    orderBy: { createdAt: 'asc' },
    select: { strategy: true, proposal: { select: { id: true, number: true, status: true, note: true, decisionNote: true } } },
  });
  return rows.flatMap(({ strategy, proposal }) => (proposal === null ? [] : [{ ...proposal, strategy }]));
}
