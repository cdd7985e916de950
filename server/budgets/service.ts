/** The team's budgets: listed with what they have used, created, changed and removed by owners. */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import type { TeamScope } from '@/server/teams/service';
import { budgetAlertPayloadSchema, type saveBudgetSchema } from './schemas';
import { activeRuns, periodStart, spentSince } from './usage';

export async function listBudgets(db: PrismaClient, team: TeamScope, now = new Date()) {
  const budgets = await db.budget.findMany({
    where: { teamId: team.id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, masteryId: true, period: true, maxCostUsd: true, maxTokens: true, maxConcurrentRuns: true, mastery: { select: { name: true } } },
  });
  return Promise.all(
    budgets.map(async (budget) => {
      const scope = { teamId: team.id, masteryId: budget.masteryId };
      const spent = await spentSince(db, scope, periodStart(budget.period, now));
      return { ...budget, masteryName: budget.mastery?.name ?? null, used: { ...spent, activeRuns: await activeRuns(db, scope) } };
    }),
  );
}

export async function saveBudget(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof saveBudgetSchema>) {
  if (input.masteryId !== null && !(await db.mastery.findFirst({ where: { id: input.masteryId, teamId: team.id }, select: { id: true } }))) {
    throw new NotFoundError('Mastery');
  }
  const { id, ...fields } = input;
  return db.$transaction(async (tx) => {
    if (id !== undefined && !(await tx.budget.findFirst({ where: { id, teamId: team.id }, select: { id: true } }))) throw new NotFoundError('Budget');
    const saved = id === undefined ? await tx.budget.create({ data: { ...fields, teamId: team.id } }) : await tx.budget.update({ where: { id }, data: fields });
    await audit(tx, { teamId: team.id, actorId, action: id === undefined ? 'budget.create' : 'budget.update', targetType: 'Budget', targetId: saved.id, data: fields });
    return saved;
  });
}

export async function removeBudget(db: PrismaClient, team: TeamScope, actorId: string, id: string) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.budget.deleteMany({ where: { id, teamId: team.id } });
    if (count === 0) throw new NotFoundError('Budget');
    await audit(tx, { teamId: team.id, actorId, action: 'budget.remove', targetType: 'Budget', targetId: id });
    return { id };
  });
}

/** The budget alerts a run recorded (its `budget.alert` events), oldest first, for the run panel. */
export async function runBudgetAlerts(db: PrismaClient, team: TeamScope, runId: string) {
  if (!(await db.run.findFirst({ where: { id: runId, teamId: team.id }, select: { id: true } }))) throw new NotFoundError('Run');
  const events = await db.runEvent.findMany({ where: { runId, type: 'budget.alert' }, orderBy: { seq: 'asc' }, select: { seq: true, payload: true, createdAt: true } });
  return events.map((event) => ({ seq: event.seq, at: event.createdAt, ...budgetAlertPayloadSchema.parse(event.payload) }));
}
