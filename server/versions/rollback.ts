/**
 * "Make current" on an earlier version: a new version (source ROLLBACK, parent = the current one) with
 * the earlier graph becomes current. Nothing is deleted or rewritten, so the history still shows what
 * was current before, and the rollback itself can be rolled back.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import { jsonColumn } from '@/server/db/json-column';
import type { TeamScope } from '@/server/teams/service';

/** Proposals and rejected versions go through review; everything else that once existed may come back. */
const RESTORABLE = new Set(['DRAFT', 'PUBLISHED', 'APPROVED']);

export async function makeCurrent(db: PrismaClient, team: TeamScope, actorId: string, versionId: string) {
  const target = await db.masteryVersion.findFirst({
    where: { id: versionId, mastery: { teamId: team.id } },
    select: { id: true, number: true, status: true, graph: true, masteryId: true, mastery: { select: { currentVersionId: true } } },
  });
  if (!target) throw new NotFoundError('Version');
  if (target.mastery.currentVersionId === target.id) throw new AppError('CONFLICT', `Version ${target.number} is already current`);
  if (!RESTORABLE.has(target.status)) {
    throw new AppError('INVALID_TRANSITION', `Version ${target.number} is ${target.status.toLowerCase()}: a proposal is approved or rejected in review, not made current`);
  }
  try {
    return await db.$transaction(async (tx) => {
      // Re-read inside the transaction: another rollback or approval may have moved "current" meanwhile.
      const mastery = await tx.mastery.findUniqueOrThrow({ where: { id: target.masteryId }, select: { currentVersionId: true, currentVersion: { select: { number: true } } } });
      const latest = await tx.masteryVersion.findFirst({ where: { masteryId: target.masteryId }, orderBy: { number: 'desc' }, select: { number: true } });
      const created = await tx.masteryVersion.create({
        data: {
          masteryId: target.masteryId,
          number: (latest?.number ?? 0) + 1,
          parentId: mastery.currentVersionId,
          graph: jsonColumn(target.graph),
          source: 'ROLLBACK',
          status: 'PUBLISHED',
          note: `Rollback to version ${target.number}`,
          authorId: actorId,
        },
        select: { id: true, number: true, status: true, source: true, parentId: true },
      });
      await tx.mastery.update({ where: { id: target.masteryId }, data: { currentVersionId: created.id } });
      await audit(tx, {
        teamId: team.id,
        actorId,
        action: 'version.rollback',
        targetType: 'MasteryVersion',
        targetId: created.id,
        data: { masteryId: target.masteryId, from: mastery.currentVersion?.number ?? null, to: target.number, created: created.number },
      });
      return created;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new AppError('CONFLICT', 'Someone changed this mastery at the same moment; reload and try again');
    throw error;
  }
}
