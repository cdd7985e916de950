/** Named inputs a mastery keeps for replaying proposals, each with an optional expected-result check. */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NotFoundError } from '@/server/errors';
import { jsonColumn } from '@/server/db/json-column';
import { audit } from '@/server/audit';
import { getRun } from '@/server/runs/service';
import type { TeamScope } from '@/server/teams/service';
import { assertCheckSyntax } from './check';
import type { createTestInputSchema, testInputFromRunSchema } from './schemas';

const select = { id: true, masteryId: true, name: true, input: true, check: true, createdAt: true } as const;

async function ownedMasteryId(db: PrismaClient, team: TeamScope, masteryId: string): Promise<string> {
  const mastery = await db.mastery.findFirst({ where: { id: masteryId, teamId: team.id }, select: { id: true } });
  if (!mastery) throw new NotFoundError('Mastery');
  return mastery.id;
}

export async function listTestInputs(db: PrismaClient, team: TeamScope, masteryId: string) {
  const id = await ownedMasteryId(db, team, masteryId);
  return db.testInput.findMany({ where: { masteryId: id }, orderBy: { name: 'asc' }, select });
}

interface NewTestInput {
  masteryId: string;
  name: string;
  input: unknown;
  check: string | null;
}

async function create(db: PrismaClient, team: TeamScope, actorId: string, entry: NewTestInput) {
  if (entry.check !== null) assertCheckSyntax(entry.check);
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.testInput.create({
        data: { masteryId: entry.masteryId, name: entry.name, input: jsonColumn(entry.input), check: entry.check, createdById: actorId },
        select,
      });
      await audit(tx, { teamId: team.id, actorId, action: 'testInput.create', targetType: 'TestInput', targetId: created.id, data: { masteryId: entry.masteryId, name: entry.name } });
      return created;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new AppError('CONFLICT', `This mastery already has a test input named "${entry.name}"`, { issues: [{ path: 'name', message: 'already taken' }] });
    throw error;
  }
}

export async function createTestInput(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof createTestInputSchema>) {
  const masteryId = await ownedMasteryId(db, team, input.masteryId);
  return create(db, team, actorId, { masteryId, name: input.name, input: input.input, check: input.check ?? null });
}

/** The input a run was given, kept under a name (a run of another team is NOT_FOUND). */
export async function testInputFromRun(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof testInputFromRunSchema>) {
  const run = await getRun(db, team, input.runId);
  return create(db, team, actorId, { masteryId: run.masteryId, name: input.name, input: run.input, check: input.check ?? null });
}

export async function deleteTestInput(db: PrismaClient, team: TeamScope, actorId: string, id: string) {
  const found = await db.testInput.findFirst({ where: { id, mastery: { teamId: team.id } }, select: { id: true, masteryId: true, name: true } });
  if (!found) throw new NotFoundError('Test input');
  await db.$transaction(async (tx) => {
    await tx.testInput.delete({ where: { id: found.id } });
    await audit(tx, { teamId: team.id, actorId, action: 'testInput.delete', targetType: 'TestInput', targetId: found.id, data: { masteryId: found.masteryId, name: found.name } });
  });
  return { id: found.id };
}
