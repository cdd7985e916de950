/**
 * Invites: a link with a single-use token. Only a hash of the token is stored; no mail server is needed,
 * the person who invites copies the link shown once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, InputError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import type { TeamScope } from './service';
import type { createInviteSchema } from './schemas';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createInvite(
  db: PrismaClient,
  team: TeamScope,
  actorId: string,
  input: z.output<typeof createInviteSchema>,
  now = new Date(),
) {
  const existing = await db.membership.findFirst({ where: { teamId: team.id, user: { email: input.email } } });
  if (existing) {
    throw new InputError(`${input.email} is already a member of this team`, [{ path: 'email', message: 'Already a member' }], 'CONFLICT');
  }
  const token = randomBytes(32).toString('base64url');
  const invite = await db.$transaction(async (tx) => {
    const created = await tx.invite.create({
      data: {
        teamId: team.id,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
        createdById: actorId,
      },
    });
    await audit(tx, { teamId: team.id, actorId, action: 'invite.create', targetType: 'Invite', targetId: created.id, data: { email: input.email, role: input.role } });
    return created;
  });
  return { id: invite.id, email: invite.email, role: invite.role, expiresAt: invite.expiresAt, path: `/invite/${token}` };
}

export async function listPendingInvites(db: PrismaClient, team: TeamScope, now = new Date()) {
  return db.invite.findMany({
    where: { teamId: team.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
  });
}

export async function revokeInvite(db: PrismaClient, team: TeamScope, actorId: string, inviteId: string) {
  const { count } = await db.invite.updateMany({
    where: { id: inviteId, teamId: team.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError('Invite');
  await audit(db, { teamId: team.id, actorId, action: 'invite.revoke', targetType: 'Invite', targetId: inviteId });
  return { id: inviteId };
}

async function usableInvite(db: Pick<PrismaClient, 'invite'>, token: string, now: Date) {
  const invite = await db.invite.findUnique({ where: { tokenHash: hashToken(token) }, include: { team: { select: { name: true } } } });
  if (!invite || invite.revokedAt) throw new AppError('INVITE_INVALID', 'This invite link is not valid. Ask for a new one.');
  if (invite.acceptedAt) throw new AppError('INVITE_INVALID', 'This invite link has already been used. Ask for a new one.');
  if (invite.expiresAt <= now) throw new AppError('INVITE_INVALID', 'This invite link has expired. Ask for a new one.');
  return invite;
}

/** What the invite page shows before the person accepts. */
export async function describeInvite(db: PrismaClient, token: string, now = new Date()) {
  const invite = await usableInvite(db, token, now);
  return { teamName: invite.team.name, email: invite.email, role: invite.role, expiresAt: invite.expiresAt };
}

export async function acceptInvite(db: PrismaClient, user: { userId: string; email: string }, token: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const invite = await usableInvite(tx, token, now);
    const account = await tx.user.findUnique({ where: { id: user.userId }, select: { email: true } });
    if (!account || account.email !== invite.email) {
      throw new AppError('INVITE_INVALID', `This invite is for ${invite.email}; you are signed in as ${account?.email ?? user.email}. Sign in with that email to accept it.`);
    }
    // Claim the token atomically: of two concurrent accepts exactly one sees count 1.
    const { count } = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null },
      data: { acceptedAt: now, acceptedBy: user.userId },
    });
    if (count !== 1) throw new AppError('INVITE_INVALID', 'This invite link has already been used. Ask for a new one.');
    const member = await tx.membership.findUnique({ where: { teamId_userId: { teamId: invite.teamId, userId: user.userId } } });
    if (member) throw new InputError(`You are already a member of ${invite.team.name}`, undefined, 'CONFLICT');
    await tx.membership.create({ data: { teamId: invite.teamId, userId: user.userId, role: invite.role } });
    await audit(tx, { teamId: invite.teamId, actorId: user.userId, action: 'invite.accept', targetType: 'Invite', targetId: invite.id, data: { role: invite.role } });
    return { teamId: invite.teamId, teamName: invite.team.name, role: invite.role };
  });
}
