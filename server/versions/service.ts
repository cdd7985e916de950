/**
 * A mastery's versions: list, read, save a draft, import, publish. Versions are immutable:
 * saving always creates a new row whose parent is the version the editor started from.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import { jsonColumn } from '@/server/db/json-column';
import { assertValidGraph } from '@/server/engine/validate';
import type { NodeRegistry } from '@/server/engine/node-type';
import type { TeamScope } from '@/server/teams/service';
import { peopleById, type Person } from '@/server/teams/people';
import { assertUsableInputSchema } from '@/server/runs/run-input';
import type { importVersionSchema, saveDraftSchema } from './schemas';
import { NO_RUNS, runStatsByVersion } from './run-stats';

export async function ownedMastery(db: PrismaClient, team: TeamScope, masteryId: string) {
  const mastery = await db.mastery.findFirst({ where: { id: masteryId, teamId: team.id }, select: { id: true, name: true, currentVersionId: true } });
  if (!mastery) throw new NotFoundError('Mastery');
  return mastery;
}

/**
 * Every version, newest first: who made it and from which parent, who decided it (proposals), and the
 * production runs made with it with their success rate.
 */
export async function listVersions(db: PrismaClient, team: TeamScope, masteryId: string) {
  const mastery = await ownedMastery(db, team, masteryId);
  const rows = await db.masteryVersion.findMany({
    where: { masteryId: mastery.id },
    orderBy: { number: 'desc' },
    select: {
      id: true, number: true, source: true, status: true, note: true, createdAt: true, authorId: true,
      decidedById: true, decidedAt: true, decisionNote: true,
      parent: { select: { id: true, number: true } },
    },
  });
  const [people, stats] = await Promise.all([
    peopleById(db, rows.flatMap((row) => [row.authorId, row.decidedById])),
    runStatsByVersion(db, mastery.id),
  ]);
  const person = (id: string | null) => (id === null ? null : (people.get(id) ?? null));
  return rows.map(({ authorId, decidedById, ...row }) => ({
    ...row,
    author: person(authorId),
    decidedBy: person(decidedById),
    isCurrent: row.id === mastery.currentVersionId,
    runStats: stats.get(row.id) ?? NO_RUNS,
  }));
}

export async function getVersion(db: PrismaClient, team: TeamScope, id: string) {
  const version = await db.masteryVersion.findFirst({
    where: { id, mastery: { teamId: team.id } },
    select: {
      id: true, masteryId: true, number: true, source: true, status: true, note: true, createdAt: true, graph: true,
      parentId: true, authorId: true, decidedById: true, decidedAt: true, decisionNote: true,
      mastery: { select: { currentVersionId: true } },
    },
  });
  if (!version) throw new NotFoundError('Version');
  const { mastery, authorId, decidedById, ...rest } = version;
  const people = await peopleById(db, [authorId, decidedById]);
  const person = (personId: string | null) => (personId === null ? null : (people.get(personId) ?? null));
  return { ...rest, author: person(authorId), decidedBy: person(decidedById), isCurrent: mastery.currentVersionId === version.id };
}

interface NewDraft {
  masteryId: string;
  graph: unknown;
  note: string;
  /** Refuse when the newest version is not this one; undefined: save on top of whatever is newest. */
  expectedLatestId: string | undefined;
  action: 'version.save' | 'version.import';
}

async function createDraft(db: PrismaClient, registry: NodeRegistry, team: TeamScope, actorId: string, draft: NewDraft) {
  await ownedMastery(db, team, draft.masteryId);
  // Validated before anything is written: a bad graph saves nothing and lists every problem.
  const graph = assertValidGraph(draft.graph, registry);
  await assertUsableInputSchema(graph.settings.inputSchema, team.id);
  try {
    return await db.$transaction(async (tx) => {
      const latest = await tx.masteryVersion.findFirst({
        where: { masteryId: draft.masteryId },
        orderBy: { number: 'desc' },
        select: { id: true, number: true, createdAt: true, authorId: true },
      });
      if (draft.expectedLatestId !== undefined && latest && latest.id !== draft.expectedLatestId) {
        const author = (await peopleById(tx, [latest.authorId])).get(latest.authorId ?? '') ?? null;
        throw conflictWith({ ...latest, author });
      }
      const created = await tx.masteryVersion.create({
        data: {
          masteryId: draft.masteryId,
          number: (latest?.number ?? 0) + 1,
          parentId: latest?.id ?? null,
          graph: jsonColumn(graph),
          source: 'USER',
          status: 'DRAFT',
          note: draft.note,
          authorId: actorId,
        },
        select: { id: true, number: true, status: true, parentId: true, createdAt: true },
      });
      await audit(tx, { teamId: team.id, actorId, action: draft.action, targetType: 'MasteryVersion', targetId: created.id, data: { masteryId: draft.masteryId, number: created.number } });
      return created;
    });
  } catch (error) {
    // Two saves on the same base at once: the unique (masteryId, number) lets one through.
    if ((error as { code?: string }).code === 'P2002') throw new AppError('CONFLICT', 'Someone saved a version of this mastery at the same moment; reload it and save again');
    throw error;
  }
}

function conflictWith(latest: { id: string; number: number; createdAt: Date; author: Person | null }): AppError {
  const who = latest.author ? (latest.author.name ?? latest.author.email) : 'the system';
  return new AppError(
    'CONFLICT',
    `Version ${latest.number} was saved by ${who} at ${latest.createdAt.toISOString()} after the version you opened. Open theirs, or save yours as a new draft on top.`,
    { issues: [{ path: 'latestVersionId', message: latest.id }] },
  );
}

export async function saveDraft(db: PrismaClient, registry: NodeRegistry, team: TeamScope, actorId: string, input: z.output<typeof saveDraftSchema>) {
  const base = await db.masteryVersion.findFirst({ where: { id: input.baseVersionId, masteryId: input.masteryId, mastery: { teamId: team.id } }, select: { id: true } });
  if (!base) throw new NotFoundError('Version');
  return createDraft(db, registry, team, actorId, {
    masteryId: input.masteryId,
    graph: input.graph,
    note: input.note,
    expectedLatestId: input.force ? undefined : base.id,
    action: 'version.save',
  });
}

export async function importVersion(db: PrismaClient, registry: NodeRegistry, team: TeamScope, actorId: string, input: z.output<typeof importVersionSchema>) {
  return createDraft(db, registry, team, actorId, { ...input, expectedLatestId: undefined, action: 'version.import' });
}

const PUBLISHABLE = new Set(['DRAFT', 'PUBLISHED']);

export async function publishVersion(db: PrismaClient, team: TeamScope, actorId: string, versionId: string) {
  const version = await db.masteryVersion.findFirst({ where: { id: versionId, mastery: { teamId: team.id } }, select: { id: true, number: true, status: true, masteryId: true } });
  if (!version) throw new NotFoundError('Version');
  // Proposals are approved or rejected by an approver, not published from the editor.
  if (!PUBLISHABLE.has(version.status)) throw new AppError('INVALID_TRANSITION', `Version ${version.number} is ${version.status.toLowerCase()}; only drafts can be published`);
  return db.$transaction(async (tx) => {
    await tx.masteryVersion.update({ where: { id: version.id }, data: { status: 'PUBLISHED' } });
    await tx.mastery.update({ where: { id: version.masteryId }, data: { currentVersionId: version.id } });
    await audit(tx, { teamId: team.id, actorId, action: 'version.publish', targetType: 'MasteryVersion', targetId: version.id, data: { masteryId: version.masteryId, number: version.number } });
    return { id: version.id, number: version.number, status: 'PUBLISHED' as const };
  });
}
