/**
 * Approving or rejecting a proposal. Only a proposal made on the version that is still current may be
 * approved: otherwise approving would silently drop whatever became current since. Deciding twice is
 * refused; another team's proposal is NOT_FOUND.
 */
import type { Prisma, PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import type { TeamScope } from '@/server/teams/service';

async function openProposal(tx: Prisma.TransactionClient, team: TeamScope, proposalId: string) {
  const proposal = await tx.masteryVersion.findFirst({
    where: { id: proposalId, mastery: { teamId: team.id } },
    select: {
      id: true, number: true, status: true, parentId: true, masteryId: true, source: true,
      parent: { select: { number: true } },
      mastery: { select: { currentVersionId: true, currentVersion: { select: { number: true } } } },
      evolution: { select: { evidence: true } },
    },
  });
  if (!proposal || proposal.source !== 'EVOLVER') throw new NotFoundError('Proposal');
  if (proposal.status !== 'PROPOSED') throw new AppError('INVALID_TRANSITION', `Version ${proposal.number} was already ${proposal.status.toLowerCase()}`);
  return proposal;
}

/** Moves PROPOSED → status once: a second decision at the same moment finds nothing to update. */
async function decide(tx: Prisma.TransactionClient, id: string, data: Prisma.MasteryVersionUpdateManyMutationInput) {
  const { count } = await tx.masteryVersion.updateMany({ where: { id, status: 'PROPOSED' }, data });
  if (count === 0) throw new AppError('INVALID_TRANSITION', 'This proposal was decided at the same moment by someone else');
}

export async function approveProposal(db: PrismaClient, team: TeamScope, actorId: string, proposalId: string) {
  return db.$transaction(async (tx) => {
    const proposal = await openProposal(tx, team, proposalId);
    if (proposal.evolution?.evidence == null) throw new AppError('CONFLICT', `Version ${proposal.number} is still being replayed for evidence; decide once it is shown`);
    if (proposal.parentId !== proposal.mastery.currentVersionId) {
      throw new AppError(
        'CONFLICT',
        `Version ${proposal.number} was proposed on version ${proposal.parent?.number ?? '?'}, but version ${proposal.mastery.currentVersion?.number ?? '?'} is current now; re-propose it on the current version`,
      );
    }
    const decidedAt = new Date();
    await decide(tx, proposal.id, { status: 'APPROVED', decidedById: actorId, decidedAt });
    await tx.mastery.update({ where: { id: proposal.masteryId }, data: { currentVersionId: proposal.id } });
    await audit(tx, { teamId: team.id, actorId, action: 'version.approve', targetType: 'MasteryVersion', targetId: proposal.id, data: { masteryId: proposal.masteryId, number: proposal.number, from: proposal.parent?.number ?? null } });
    return { id: proposal.id, number: proposal.number, status: 'APPROVED' as const, decidedAt };
  });
}

export async function rejectProposal(db: PrismaClient, team: TeamScope, actorId: string, proposalId: string, reason: string) {
  return db.$transaction(async (tx) => {
    const proposal = await openProposal(tx, team, proposalId);
    const decidedAt = new Date();
    await decide(tx, proposal.id, { status: 'REJECTED', decidedById: actorId, decidedAt, decisionNote: reason });
    await audit(tx, { teamId: team.id, actorId, action: 'version.reject', targetType: 'MasteryVersion', targetId: proposal.id, data: { masteryId: proposal.masteryId, number: proposal.number, reason } });
    return { id: proposal.id, number: proposal.number, status: 'REJECTED' as const, decidedAt };
  });
}

/** Closes a stale proposal as superseded by its re-proposal on the current version (repropose.ts). */
export async function supersede(db: PrismaClient, team: TeamScope, actorId: string, proposalId: string, byNumber: number) {
  await db.$transaction(async (tx) => {
    const proposal = await openProposal(tx, team, proposalId);
    await decide(tx, proposal.id, { status: 'REJECTED', decidedById: actorId, decidedAt: new Date(), decisionNote: `Superseded by version ${byNumber}, proposed on the current version` });
    await audit(tx, { teamId: team.id, actorId, action: 'version.supersede', targetType: 'MasteryVersion', targetId: proposal.id, data: { masteryId: proposal.masteryId, number: proposal.number, by: byNumber } });
  });
}
