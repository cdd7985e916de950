import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Role } from '@/server/generated/prisma/enums';

export interface ActiveMembership {
  teamId: string;
  teamName: string;
  role: Role;
}

/** The membership for the chosen team, or the user's oldest one when none (or a foreign team) is chosen. */
export async function resolveMembership(
  db: PrismaClient,
  userId: string,
  activeTeamId: string | null,
): Promise<ActiveMembership | null> {
  const select = { teamId: true, role: true, team: { select: { name: true } } } as const;
  const chosen = activeTeamId
    ? await db.membership.findUnique({ where: { teamId_userId: { teamId: activeTeamId, userId } }, select })
    : null;
  const membership =
    chosen ?? (await db.membership.findFirst({ where: { userId }, orderBy: { createdAt: 'asc' }, select }));
  return membership ? { teamId: membership.teamId, teamName: membership.team.name, role: membership.role } : null;
}
