/** Teams and their members: create, rename, list, change roles, remove. Invites live in invites.ts. */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Role } from '@/server/generated/prisma/enums';
import { AccessError, InputError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import { describeSetting, type PrivateNetworkSetting } from '@/server/net/private-network-setting';
import type { changeRoleSchema, createTeamSchema, networkPolicySchema, removeMemberSchema, renameTeamSchema } from './schemas';

export interface TeamScope {
  id: string;
  role: Role;
}

export async function createTeam(db: PrismaClient, userId: string, input: z.output<typeof createTeamSchema>) {
  return db.$transaction(async (tx) => {
    const team = await tx.team.create({ data: { name: input.name } });
    await tx.membership.create({ data: { teamId: team.id, userId, role: 'OWNER' } });
    await audit(tx, { teamId: team.id, actorId: userId, action: 'team.create', targetType: 'Team', targetId: team.id });
    return { id: team.id, name: team.name };
  });
}

export async function renameTeam(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof renameTeamSchema>) {
  return db.$transaction(async (tx) => {
    const updated = await tx.team.update({ where: { id: team.id }, data: { name: input.name }, select: { id: true, name: true } });
    await audit(tx, { teamId: team.id, actorId, action: 'team.rename', targetType: 'Team', targetId: team.id, data: { name: input.name } });
    return updated;
  });
}

/**
 * Whether the team's `http` steps may reach private and loopback addresses (its own intranet, a service
 * on the same machine), within what the installation allows (ALLOW_PRIVATE_NETWORK): turning it on where
 * the installation allows none is refused. Cloud metadata addresses stay refused either way (server/net).
 */
export async function setNetworkPolicy(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof networkPolicySchema>, installation: PrivateNetworkSetting) {
  if (input.allowPrivateNetwork && installation.kind === 'none') {
    throw new AccessError('FORBIDDEN', `Private networks cannot be allowed: ${describeSetting(installation)}. Whoever runs this installation can set it.`);
  }
  return db.$transaction(async (tx) => {
    const updated = await tx.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: input.allowPrivateNetwork }, select: { id: true, allowPrivateNetwork: true } });
    await audit(tx, { teamId: team.id, actorId, action: 'team.network', targetType: 'Team', targetId: team.id, data: { allowPrivateNetwork: input.allowPrivateNetwork } });
    return updated;
  });
}

export async function listMyTeams(db: PrismaClient, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, team: { select: { id: true, name: true } } },
  });
  return memberships.map((m) => ({ id: m.team.id, name: m.team.name, role: m.role }));
}

/** The team, with the installation's private-network setting its own switch works within. */
export async function getTeam(db: PrismaClient, team: TeamScope, installation: PrivateNetworkSetting) {
  const row = await db.team.findUnique({ where: { id: team.id }, select: { id: true, name: true, allowPrivateNetwork: true, createdAt: true } });
  if (!row) throw new NotFoundError('Team');
  return { ...row, role: team.role, installationPrivateNetwork: { ...installation, text: describeSetting(installation) } };
}

export async function listMembers(db: PrismaClient, team: TeamScope) {
  const rows = await db.membership.findMany({
    where: { teamId: team.id },
    orderBy: { createdAt: 'asc' },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return rows.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt }));
}

async function ownerCount(db: Pick<PrismaClient, 'membership'>, teamId: string) {
  return db.membership.count({ where: { teamId, role: 'OWNER' } });
}

export async function changeRole(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof changeRoleSchema>) {
  return db.$transaction(async (tx) => {
    const member = await tx.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: input.userId } } });
    if (!member) throw new NotFoundError('Member');
    if (member.role === 'OWNER' && input.role !== 'OWNER' && (await ownerCount(tx, team.id)) <= 1) {
      throw new InputError('A team needs at least one owner. Make someone else an owner first.', [{ path: 'role', message: 'The last owner cannot be demoted' }]);
    }
    await tx.membership.update({ where: { id: member.id }, data: { role: input.role } });
    await audit(tx, { teamId: team.id, actorId, action: 'member.role', targetType: 'User', targetId: input.userId, data: { from: member.role, to: input.role } });
    return { userId: input.userId, role: input.role };
  });
}

export async function removeMember(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof removeMemberSchema>) {
  return db.$transaction(async (tx) => {
    const member = await tx.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: input.userId } } });
    if (!member) throw new NotFoundError('Member');
    if (member.role === 'OWNER' && (await ownerCount(tx, team.id)) <= 1) {
      throw new InputError('The last owner cannot leave or be removed. Make someone else an owner first.', undefined, 'CONFLICT');
    }
    await tx.membership.delete({ where: { id: member.id } });
    await audit(tx, { teamId: team.id, actorId, action: 'member.remove', targetType: 'User', targetId: input.userId, data: { role: member.role } });
    return { userId: input.userId };
  });
}

/** Anyone may leave a team (unless they are its last owner). */
export async function leaveTeam(db: PrismaClient, team: TeamScope, userId: string) {
  if (team.role !== 'OWNER' || (await ownerCount(db, team.id)) > 1) {
    return removeMember(db, team, userId, { userId });
  }
  throw new InputError('The last owner cannot leave. Make someone else an owner first.', undefined, 'CONFLICT');
}
