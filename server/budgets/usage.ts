/**
 * What a budget has used: tokens and cost of the runs in its scope started since the period began (a run's
 * totals are stored as each step ends) and of the evolver's attempts made since, and the runs still going.
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

const scopeWhere = (scope: BudgetScope): { teamId: string; masteryId?: string } => ({ teamId: scope.teamId, ...(scope.masteryId === null ? {} : { masteryId: scope.masteryId }) });

/** Runs' spend plus the evolver's (its model calls are stored on its attempts, not on a run). */
export async function spentSince(db: Db, scope: BudgetScope, since: Date): Promise<Omit<BudgetUsage, 'activeRuns'>> {
  const sum = { tokensIn: true, tokensOut: true, costUsd: true } as const;
  const [runs, evolver] = await Promise.all([
    db.run.aggregate({ where: { ...scopeWhere(scope), createdAt: { gte: since } }, _sum: sum }),
    db.evolutionAttempt.aggregate({ where: { ...scopeWhere(scope), createdAt: { gte: since } }, _sum: sum }),
  ]);
  const total = (key: keyof typeof sum) => (runs._sum[key] ?? 0) + (evolver._sum[key] ?? 0);
  return { costUsd: total('costUsd'), tokens: total('tokensIn') + total('tokensOut') };
}

/** Runs that have not ended, child runs of `mastery` and `map` steps included (each one is a run going). */
export function activeRuns(db: Db, scope: BudgetScope): Promise<number> {
  return db.run.count({ where: { ...scopeWhere(scope), status: { in: ['QUEUED', 'RUNNING', 'WAITING'] } } });
}
