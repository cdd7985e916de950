/**
 * Budget alerts at 80 % and 100 %. After an LLM call, each limit (cost or tokens) of each budget covering
 * the run is compared with what its period has used, this call included; a threshold reached for the first
 * time in the period (for that limit value) is stored as a BudgetAlert row, whose unique key lets exactly
 * one call record it even when several steps or runs cross it at once. That call's step then records a
 * `budget.alert` run event for the highest threshold it reached. A budget found already past a threshold (created or lowered late) alerts at its
 * next call. The banners read the budgets' current use instead (`budgetWarnings`).
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { BudgetAlertNotice } from '@/server/engine/ports';
import { nameOf, type BudgetSpend } from './enforce';

export const ALERT_THRESHOLDS = [80, 100] as const;

interface CallSpend {
  costUsd: number;
  tokens: number;
}

/** Every threshold each limit has reached with this call, whether or not it was recorded before. */
export function reachedThresholds(spend: BudgetSpend, call: CallSpend): BudgetAlertNotice[] {
  const { budget, spent } = spend;
  const limits = [
    { limitKind: 'cost' as const, limit: budget.maxCostUsd, used: spent.costUsd + call.costUsd },
    { limitKind: 'tokens' as const, limit: budget.maxTokens, used: spent.tokens + call.tokens },
  ];
  const reached: BudgetAlertNotice[] = [];
  for (const { limitKind, limit, used } of limits) {
    if (limit === null) continue;
    for (const threshold of ALERT_THRESHOLDS) {
      if (used >= (limit * threshold) / 100) reached.push({ budgetId: budget.id, budgetName: nameOf(budget), limitKind, threshold, limit, used });
    }
  }
  return reached;
}

/**
 * Stores the thresholds reached for the first time; returns those this call recorded, only the highest it
 * reached for each limit: a call that takes a limit from under 80 % to past 100 % says "used up" alone, as
 * "80 % used" with the same figures would contradict it. The lower one is stored all the same, so it does
 * not alert at a later call.
 */
export async function recordCrossings(db: PrismaClient, runId: string, spends: readonly BudgetSpend[], call: CallSpend): Promise<BudgetAlertNotice[]> {
  const recorded: BudgetAlertNotice[] = [];
  for (const spend of spends) {
    const reached = reachedThresholds(spend, call);
    for (const notice of reached) {
      const { budgetId, limitKind, threshold, limit, used } = notice;
      // ON CONFLICT DO NOTHING: 0 rows when another call recorded this crossing first.
      const { count } = await db.budgetAlert.createMany({ data: [{ budgetId, periodStart: spend.since, limitKind, threshold, limit, used, runId }], skipDuplicates: true });
      const isHighest = !reached.some((other) => other.limitKind === limitKind && other.threshold > threshold);
      if (count === 1 && isHighest) recorded.push(notice);
    }
  }
  return recorded;
}
