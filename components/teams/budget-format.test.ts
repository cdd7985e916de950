import { describe, expect, it } from 'vitest';
import { budgetWarnings, parseLimit, runAlertText, scopeLabel, usageLines, type Budget } from './budget-format';

function makeBudget(overrides: Partial<Budget> = {}): Budget {
  return {
    id: 'b1',
    masteryId: null,
    masteryName: null,
    mastery: null,
    period: 'DAY',
    maxCostUsd: null,
    maxTokens: null,
    maxConcurrentRuns: null,
    used: { costUsd: 0, tokens: 0, activeRuns: 0 },
    ...overrides,
  };
}

describe('budgets in team settings', () => {
  it('reads each set limit with what was used in its period', () => {
    const budget = makeBudget({ maxCostUsd: 5, maxTokens: 10_000, maxConcurrentRuns: 3, used: { costUsd: 0.0123, tokens: 1234, activeRuns: 1 } });
    expect(usageLines(budget).map((line) => line.text)).toEqual(['$0.0123 of $5.00 today', '1,234 of 10,000 tokens today', '1 of 3 runs at a time']);
    expect(usageLines(makeBudget({ period: 'MONTH', maxTokens: 1 })).map((line) => line.text)).toEqual(['0 of 1 token this month']);
    expect(usageLines(makeBudget({ maxConcurrentRuns: 1 }))[0]?.text).toBe('0 of 1 run at a time');
  });

  it('marks a limit reached once the use is at or above it, as the server refuses runs then', () => {
    const lines = usageLines(makeBudget({ maxCostUsd: 1, maxTokens: 100, used: { costUsd: 0.5, tokens: 100, activeRuns: 0 } }));
    expect(lines.map((line) => line.isReached)).toEqual([false, true]);
  });

  it('names the scope', () => {
    expect(scopeLabel(makeBudget())).toBe('Whole team');
    expect(scopeLabel(makeBudget({ masteryId: 'm1', masteryName: 'Research and critique' }))).toBe('Research and critique');
  });

  it('reads a blank limit as none and leaves ranges to the server', () => {
    expect(parseLimit('  ')).toEqual({ value: null });
    expect(parseLimit(' 0.25 ')).toEqual({ value: 0.25 });
    expect(parseLimit('0')).toEqual({ value: 0 });
    expect(parseLimit('ten')).toHaveProperty('problem');
    expect(parseLimit('1,000')).toHaveProperty('problem');
  });

  it('warns of each cost or token limit used to 80 % and more, and says when it is used up', () => {
    const budgets = [
      makeBudget({ id: 'quiet', maxTokens: 1000, used: { costUsd: 0, tokens: 799, activeRuns: 0 } }),
      makeBudget({ id: 'near', period: 'MONTH', maxCostUsd: 5, used: { costUsd: 4.2, tokens: 0, activeRuns: 9 }, maxConcurrentRuns: 1 }),
      makeBudget({ id: 'spent', masteryName: 'Report', maxCostUsd: 1, maxTokens: 1000, used: { costUsd: 0.5, tokens: 1200, activeRuns: 0 } }),
    ];
    expect(budgetWarnings(budgets)).toEqual([
      { key: 'near:maxCostUsd', threshold: 80, text: 'Whole team, per month: $4.20 of $5.00 this month (84 %)' },
      { key: 'spent:maxTokens', threshold: 100, text: 'Report, per day: 1,200 of 1,000 tokens today (120 %)' },
    ]);
  });

  it('writes a spend past a tiny limit apart from the limit, in the line and in its warning', () => {
    const budget = makeBudget({ masteryName: 'Report', maxCostUsd: 0.0001, used: { costUsd: 0.00014145, tokens: 0, activeRuns: 0 } });
    expect(usageLines(budget)[0]).toEqual({ field: 'maxCostUsd', text: '$0.000141 of $0.0001 today', isReached: true });
    expect(budgetWarnings([budget]).map((w) => w.text)).toEqual(['Report, per day: $0.000141 of $0.0001 today (141 %)']);
  });

  it('writes a run alert with its amounts told apart', () => {
    const alert = { budgetName: "the team's daily budget", threshold: 100 as const, limit: 0.0001 };
    expect(runAlertText({ ...alert, limitKind: 'cost', used: 0.00014145 }, 'Draft')).toBe(
      `Budget alert: the team's daily budget is used up ($0.000141 of $0.0001), after step "Draft".`,
    );
    expect(runAlertText({ ...alert, limitKind: 'tokens', threshold: 80, used: 5600, limit: 7000 }, 'Draft')).toBe(
      `Budget alert: the team's daily budget is 80 % used (5,600 tokens of 7,000 tokens), after step "Draft".`,
    );
  });
});
