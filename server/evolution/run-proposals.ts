/** The proposals already made for one failed run, so its panel can point at them before anyone asks again. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { TeamScope } from '@/server/teams/service';

export async function proposalsForRun(db: PrismaClient, team: TeamScope, runId: string) {
  const rows = await db.evolutionAttempt.findMany({
    where: { runId, teamId: team.id, outcome: 'PROPOSED', proposalId: { not: null } },
    orderBy: { createdAt: 'asc' },
    select: { strategy: true, proposal: { select: { id: true, number: true, status: true, note: true, decisionNote: true } } },
  });
  return rows.flatMap(({ strategy, proposal }) => (proposal === null ? [] : [{ ...proposal, strategy }]));
}
