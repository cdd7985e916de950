/** The team's masteries: list, create (with a first version), rename, describe, archive. */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { InputError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import type { TeamScope } from '@/server/teams/service';
import type { createMasterySchema, listMasteriesSchema, renameMasterySchema, updateDescriptionSchema } from './schemas';
import { starterGraph } from './starter-graph';

export async function listMasteries(db: PrismaClient, team: TeamScope, input: z.output<typeof listMasteriesSchema>) {
  const rows = await db.mastery.findMany({
    where: { teamId: team.id, ...(input.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { updatedAt: 'desc' },
    select: {
      id: true,
      name: true,
      description: true,
      archivedAt: true,
      updatedAt: true,
      currentVersion: { select: { number: true } },
      versions: { where: { status: 'DRAFT' }, orderBy: { number: 'desc' }, take: 1, select: { number: true } },
      // Evaluation runs (replays of proposals) are not the mastery's last run.
      runs: { where: { purpose: 'PRODUCTION' }, orderBy: { createdAt: 'desc' }, take: 1, select: { status: true, createdAt: true } },
    },
  });
  return rows.map(({ runs, currentVersion, versions, ...m }) => ({
    ...m,
    currentVersion: currentVersion?.number ?? null,
    draftVersion: newerDraft(versions[0]?.number, currentVersion?.number),
    lastRun: runs[0] ?? null,
  }));
}

export async function getMastery(db: PrismaClient, team: TeamScope, id: string) {
  const mastery = await db.mastery.findFirst({
    where: { id, teamId: team.id },
    select: {
      id: true,
      name: true,
      description: true,
      archivedAt: true,
      createdAt: true,
      updatedAt: true,
      inputSchema: true,
      resultSchema: true,
      evolverMode: true,
      currentVersion: { select: { id: true, number: true, graph: true, status: true, createdAt: true } },
    },
  });
  if (!mastery) throw new NotFoundError('Mastery');
  const draft = await db.masteryVersion.findFirst({
    where: { masteryId: mastery.id, status: 'DRAFT', number: { gt: mastery.currentVersion?.number ?? 0 } },
    orderBy: { number: 'desc' },
    select: { id: true, number: true },
  });
  // The editor opens the newest unpublished draft, so saved work is what a person sees again.
  return { ...mastery, latestDraft: draft };
}

/** The number of the newest draft when it is newer than the current version (unpublished work). */
function newerDraft(draft: number | undefined, current: number | undefined): number | null {
  if (draft === undefined) return null;
  return current === undefined || draft > current ? draft : null;
}

async function assertNameFree(db: PrismaClient, teamId: string, name: string, exceptId?: string) {
  const clash = await db.mastery.findFirst({
    where: { teamId, archivedAt: null, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new InputError(`A mastery named "${name}" already exists in this team`, [{ path: 'name', message: 'Name already in use' }], 'CONFLICT');
}

export async function createMastery(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof createMasterySchema>) {
  await assertNameFree(db, team.id, input.name);
  return db.$transaction(async (tx) => {
    const mastery = await tx.mastery.create({ data: { teamId: team.id, name: input.name, description: input.description } });
    const version = await tx.masteryVersion.create({
      data: { masteryId: mastery.id, number: 1, graph: starterGraph(), source: 'USER', status: 'PUBLISHED', authorId: actorId, note: 'Created' },
    });
    await tx.mastery.update({ where: { id: mastery.id }, data: { currentVersionId: version.id } });
    await audit(tx, { teamId: team.id, actorId, action: 'mastery.create', targetType: 'Mastery', targetId: mastery.id, data: { name: input.name } });
    return { id: mastery.id, name: mastery.name, currentVersion: 1 };
  });
}

async function updateOwned(db: PrismaClient, team: TeamScope, id: string, data: { name?: string; description?: string; archivedAt?: Date | null }) {
  const { count } = await db.mastery.updateMany({ where: { id, teamId: team.id }, data });
  if (count === 0) throw new NotFoundError('Mastery');
}

export async function renameMastery(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof renameMasterySchema>) {
  await getMastery(db, team, input.id);
  await assertNameFree(db, team.id, input.name, input.id);
  await updateOwned(db, team, input.id, { name: input.name });
  await audit(db, { teamId: team.id, actorId, action: 'mastery.rename', targetType: 'Mastery', targetId: input.id, data: { name: input.name } });
  return { id: input.id, name: input.name };
}

export async function updateDescription(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof updateDescriptionSchema>) {
  await updateOwned(db, team, input.id, { description: input.description });
  await audit(db, { teamId: team.id, actorId, action: 'mastery.describe', targetType: 'Mastery', targetId: input.id });
  return { id: input.id, description: input.description };
}

export async function setArchived(db: PrismaClient, team: TeamScope, actorId: string, id: string, archived: boolean) {
  const current = await getMastery(db, team, id);
  if (!archived) await assertNameFree(db, team.id, current.name, id);
  await updateOwned(db, team, id, { archivedAt: archived ? new Date() : null });
  await audit(db, { teamId: team.id, actorId, action: archived ? 'mastery.archive' : 'mastery.unarchive', targetType: 'Mastery', targetId: id });
  return { id, archived };
}
