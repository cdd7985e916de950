/** The audit log of a mastery's versions: saves, publishes, proposals, approvals, rejections, rollbacks. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { TeamScope } from '@/server/teams/service';
import { peopleById } from '@/server/teams/people';
import { ownedMastery } from './service';

const ACTIVITY_LIMIT = 100;

export async function versionActivity(db: PrismaClient, team: TeamScope, masteryId: string) {
  const mastery = await ownedMastery(db, team, masteryId);
  const rows = await db.auditLog.findMany({
    where: { teamId: team.id, targetType: 'MasteryVersion', data: { path: ['masteryId'], equals: mastery.id } },
    orderBy: { createdAt: 'desc' },
    take: ACTIVITY_LIMIT,
    select: { id: true, action: true, actorId: true, targetId: true, data: true, createdAt: true },
  });
  const people = await peopleById(db, rows.map((row) => row.actorId));
  return rows.map(({ actorId, ...row }) => ({ ...row, actor: actorId === null ? null : (people.get(actorId) ?? null) }));
}
