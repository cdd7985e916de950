/**
 * Budgets enforced: before a run starts (refused with a clear error, nothing created) and before
 * every LLM call (the step fails with BUDGET_EXCEEDED, not retried, and so the run stops).
 */
import type { Prisma, PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NodeError } from '@/server/errors';
import { formatSpentAndLimit } from './amounts';
import { activeRuns, periodStart, spentSince, type BudgetScope, type BudgetUsage } from './usage';

type Db = PrismaClient | Prisma.TransactionClient;

const budgetSelect = {
  id: true,
  teamId: true,
  masteryId: true,
  period: true,
  maxCostUsd: true,
  maxTokens: true,
  maxConcurrentRuns: true,
  mastery: { select: { name: true } },
} as const satisfies Prisma.BudgetSelect;

export type BudgetRow = Prisma.BudgetGetPayload<{ select: typeof budgetSelect }>;

const count = (n: number) => n.toLocaleString('en-US');

export function nameOf(budget: Pick<BudgetRow, 'period' | 'mastery'>): string {
  const period = budget.period === 'DAY' ? 'daily' : 'monthly';
  return budget.mastery === null ? `the team's ${period} budget` : `the ${period} budget of "${budget.mastery.name}"`;
}

/** The budgets that cover a run of `masteryId`: the team's and the mastery's own. */
function budgetsFor(db: Db, scope: BudgetScope): Promise<BudgetRow[]> {
  return db.budget.findMany({
    where: { teamId: scope.teamId, OR: [{ masteryId: null }, ...(scope.masteryId === null ? [] : [{ masteryId: scope.masteryId }])] },
    select: budgetSelect,
    orderBy: { createdAt: 'asc' },
  });
}

/** A budget with a cost or token limit, and what its period has used so far. */
export interface BudgetSpend {
  budget: BudgetRow;
  since: Date;
  spent: Omit<BudgetUsage, 'activeRuns'>;
}

async function spendOf(db: Db, budget: BudgetRow, now: Date): Promise<BudgetSpend | undefined> {
  if (budget.maxCostUsd === null && budget.maxTokens === null) return undefined;
  const since = periodStart(budget.period, now);
  return { budget, since, spent: await spentSince(db, { teamId: budget.teamId, masteryId: budget.masteryId }, since) };
}

/** The reason the budget has no cost or tokens left, if so. */
function spendProblem({ budget, spent }: BudgetSpend): string | undefined {
  const when = budget.period === 'DAY' ? 'today' : 'this month';
  if (budget.maxCostUsd !== null && spent.costUsd >= budget.maxCostUsd) {
    const money = formatSpentAndLimit(spent.costUsd, budget.maxCostUsd);
    return `Budget exceeded: ${nameOf(budget)} allows ${money.limit} and ${money.spent} was spent ${when}`;
  }
  if (budget.maxTokens !== null && spent.tokens >= budget.maxTokens) {
    return `Budget exceeded: ${nameOf(budget)} allows ${count(budget.maxTokens)} token${budget.maxTokens === 1 ? '' : 's'} and ${count(spent.tokens)} ${spent.tokens === 1 ? 'was' : 'were'} used ${when}`;
  }
  return undefined;
}

/**
 * Call inside the transaction that creates the run. A child run (`mastery`, `map` steps) counts like any
 * run, for spending and for the concurrency limit: a mastery that starts runs of itself must not get
 * past a team's limit of one run at a time. So a run whose step waits for a child needs two slots.
 */
export async function assertRunMayStart(tx: Prisma.TransactionClient, scope: BudgetScope, now: Date): Promise<void> {
  const budgets = await budgetsFor(tx, scope);
  for (const budget of budgets) {
    const spend = await spendOf(tx, budget, now);
    const problem = spend === undefined ? undefined : spendProblem(spend);
    if (problem !== undefined) throw new AppError('BUDGET_EXCEEDED', `${problem}; no new run starts until the ${budget.period === 'DAY' ? 'day' : 'month'} ends or the budget is raised`);
    if (budget.maxConcurrentRuns === null) continue;
    // Two starts at once must not both take the last slot: the budget's row lock makes them queue.
    await tx.$queryRaw`SELECT id FROM "Budget" WHERE id = ${budget.id} FOR UPDATE`;
    const going = await activeRuns(tx, { teamId: budget.teamId, masteryId: budget.masteryId });
    if (going >= budget.maxConcurrentRuns) {
      throw new AppError(
        'BUDGET_EXCEEDED',
        `Budget exceeded: ${nameOf(budget)} allows ${count(budget.maxConcurrentRuns)} run${budget.maxConcurrentRuns === 1 ? '' : 's'} at a time and ${count(going)} ${going === 1 ? 'is' : 'are'} going (sub-mastery runs count too); wait for one to end or cancel one`,
      );
    }
  }
}

/**
 * Before an LLM call of run `runId`: fails the step when a budget covering the run has nothing left.
 * Returns what each budget with a cost or token limit has used, for the alerts after the call.
 */
export async function assertRunMaySpend(db: Db, runId: string, now: Date): Promise<BudgetSpend[]> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { teamId: true, masteryId: true } });
  if (run === null) return [];
  const spends: BudgetSpend[] = [];
  for (const budget of await budgetsFor(db, run)) {
    const spend = await spendOf(db, budget, now);
    if (spend === undefined) continue;
    const problem = spendProblem(spend);
    if (problem !== undefined) throw new NodeError('BUDGET_EXCEEDED', `${problem}; the model was not called`, { retryable: false });
    spends.push(spend);
  }
  return spends;
}
