/**
 * What a budget has used: tokens and cost of the runs in its scope started since the period began (a run's
 * totals are stored as each step ends), and the runs of its scope still going.
 */
import type { Prisma, PrismaClient } from '@/server/generated/prisma/client';
import type { BudgetPeriod } from '@/server/generated/prisma/enums';

type Db = PrismaClient | Prisma.TransactionClient;

export interface BudgetScope {
  teamId: string;
  masteryId: string | null;
}

export interface BudgetUsage {
  costUsd: number;
  tokens: number;
  activeRuns: number;
}

/** Periods are calendar days and months in UTC. */
export function periodStart(period: BudgetPeriod, now: Date): Date {
  return period === 'DAY'
    ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

const scopeWhere = (scope: BudgetScope): Prisma.RunWhereInput => ({ teamId: scope.teamId, ...(scope.masteryId === null ? {} : { masteryId: scope.masteryId }) });

export async function spentSince(db: Db, scope: BudgetScope, since: Date): Promise<Omit<BudgetUsage, 'activeRuns'>> {
  const sums = await db.run.aggregate({ where: { ...scopeWhere(scope), createdAt: { gte: since } }, _sum: { tokensIn: true, tokensOut: true, costUsd: true } });
  return { costUsd: sums._sum.costUsd ?? 0, tokens: (sums._sum.tokensIn ?? 0) + (sums._sum.tokensOut ?? 0) };
}

/** Runs that have not ended, child runs of `mastery` and `map` steps included (each one is a run going). */
export function activeRuns(db: Db, scope: BudgetScope): Promise<number> {
  return db.run.count({ where: { ...scopeWhere(scope), status: { in: ['QUEUED', 'RUNNING', 'WAITING'] } } });
}
