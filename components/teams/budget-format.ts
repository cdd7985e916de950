/** Pure helpers for the Budgets card: how a budget and its use read, and the form's number fields. */
import type { RouterOutputs } from '@/components/trpc/types';
import { formatSpentAndLimit } from '@/server/budgets/amounts';

export type Budget = RouterOutputs['budgets']['list'][number];
export type BudgetPeriod = Budget['period'];
export type LimitField = 'maxCostUsd' | 'maxTokens' | 'maxConcurrentRuns';
export type RunAlert = RouterOutputs['budgets']['runAlerts'][number];

// Fixed to en-US (like the server's messages), so the server and the browser render the same text.
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const PERIOD_LABELS = { DAY: 'Per day', MONTH: 'Per month' } as const satisfies Record<BudgetPeriod, string>;
export const PERIOD_ADJECTIVES = { DAY: 'daily', MONTH: 'monthly' } as const satisfies Record<BudgetPeriod, string>;
const PERIOD_NOW = { DAY: 'today', MONTH: 'this month' } as const satisfies Record<BudgetPeriod, string>;

export function scopeLabel(budget: Pick<Budget, 'masteryName'>): string {
  return budget.masteryName ?? 'Whole team';
}

export interface UsageLine {
  field: LimitField;
  text: string;
  /** The server refuses new runs (and, for cost and tokens, further LLM calls) once this is true. */
  isReached: boolean;
}

/** One line per limit the budget sets, e.g. "$0.0123 of $5.00 today", "$0.000141 of $0.0001 today", "1 of 3 runs at a time". */
export function usageLines(budget: Budget): UsageLine[] {
  const now = PERIOD_NOW[budget.period];
  const { used } = budget;
  const lines: UsageLine[] = [];
  if (budget.maxCostUsd !== null) {
    const money = formatSpentAndLimit(used.costUsd, budget.maxCostUsd);
    lines.push({ field: 'maxCostUsd', text: `${money.spent} of ${money.limit} ${now}`, isReached: used.costUsd >= budget.maxCostUsd });
  }
  if (budget.maxTokens !== null) {
    const tokens = budget.maxTokens === 1 ? 'token' : 'tokens';
    lines.push({ field: 'maxTokens', text: `${COUNT.format(used.tokens)} of ${COUNT.format(budget.maxTokens)} ${tokens} ${now}`, isReached: used.tokens >= budget.maxTokens });
  }
  if (budget.maxConcurrentRuns !== null) {
    const runs = budget.maxConcurrentRuns === 1 ? 'run' : 'runs';
    lines.push({
      field: 'maxConcurrentRuns',
      text: `${COUNT.format(used.activeRuns)} of ${COUNT.format(budget.maxConcurrentRuns)} ${runs} at a time`,
      isReached: used.activeRuns >= budget.maxConcurrentRuns,
    });
  }
  return lines;
}

export interface BudgetWarning {
  key: string;
  /** 80: 80 % of the limit or more is used; 100: all of it, and the budget now refuses new spending. */
  threshold: 80 | 100;
  text: string;
}

/**
 * The budget alerts the banners show: each cost or token limit whose period has used 80 % or more, as it
 * stands now (a raised limit clears its warning at once), e.g. "Whole team, per month: $4.20 of $5.00 this
 * month (84 %)".
 */
export function budgetWarnings(budgets: readonly Budget[]): BudgetWarning[] {
  const warnings: BudgetWarning[] = [];
  for (const budget of budgets) {
    const spend = [
      { field: 'maxCostUsd' as const, limit: budget.maxCostUsd, used: budget.used.costUsd },
      { field: 'maxTokens' as const, limit: budget.maxTokens, used: budget.used.tokens },
    ];
    for (const { field, limit, used } of spend) {
      if (limit === null || used < limit * 0.8) continue;
      const line = usageLines(budget).find((l) => l.field === field);
      const percent = Math.floor((used / limit) * 100);
      warnings.push({
        key: `${budget.id}:${field}`,
        threshold: used >= limit ? 100 : 80,
        text: `${scopeLabel(budget)}, ${PERIOD_LABELS[budget.period].toLowerCase()}: ${line?.text ?? ''} (${percent} %)`,
      });
    }
  }
  return warnings;
}

/** A run panel's budget alert, e.g. `Budget alert: the team's daily budget is used up ($0.000141 of $0.0001), after step "Draft".` */
export function runAlertText(alert: Pick<RunAlert, 'budgetName' | 'limitKind' | 'threshold' | 'used' | 'limit'>, stepName: string): string {
  const reached = alert.threshold === 100 ? 'used up' : '80 % used';
  const money = formatSpentAndLimit(alert.used, alert.limit);
  const [used, limit] = alert.limitKind === 'cost' ? [money.spent, money.limit] : [alert.used, alert.limit].map((n) => `${COUNT.format(n)} tokens`);
  return `Budget alert: ${alert.budgetName} is ${reached} (${used} of ${limit}), after step "${stepName}".`;
}

/**
 * A limit field's text as the server wants it: blank is "no limit" (null). Anything that is not a number is
 * caught here, because the server would only see NaN; range rules (above 0, whole numbers) stay the server's.
 */
export function parseLimit(text: string): { value: number | null } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { problem: 'Enter a number, like 5 or 0.25, or leave it blank for no limit' };
  return { value };
}

/** The form's text for a stored limit: blank for none. */
export function limitText(value: number | null): string {
  return value === null ? '' : String(value);
}
