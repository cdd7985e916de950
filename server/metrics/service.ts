/**
 * Team metrics over a window of days: per mastery (its top-level runs) and per agent (the LLM
 * attempts that ran as it), with success rate, p50/p95 duration, tokens and cost, and a daily series.
 * Read from the daily rollups only (MetricsRunDay, MetricsCallDay), which the database fills as runs end:
 * a year of history is a few thousand rows. Runs count once they have ended; p50/p95 are read from
 * duration histograms (histogram.ts), so they are approximate.
 */
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { TeamScope } from '@/server/teams/service';
import { addInto, emptyHistogram, percentile } from './histogram';
import type { metricsSummarySchema } from './schemas';

const DAY_MS = 86_400_000;

/** '{0,2,1,…}' (an int[] as text) as numbers. */
const bucketsText = z
  .string()
  .regex(/^\{[\d,]*\}$/)
  .transform((text) => (text.length <= 2 ? [] : text.slice(1, -1).split(',').map(Number)));
const count = z.coerce.number();
const runDaySchema = z.object({ masteryId: z.string(), day: z.string(), runs: count, succeeded: count, failed: count, tokens: count, costUsd: count, durations: bucketsText });
const callDaySchema = z.object({ agentId: z.string(), calls: count, succeeded: count, failed: count, ended: count, estimatedCalls: count, tokens: count, costUsd: count, durations: bucketsText });

interface Aggregate {
  count: number;
  succeeded: number;
  failed: number;
  ended: number;
  tokens: number;
  cost: number;
  estimatedCalls: number;
  durations: number[];
}

const emptyAggregate = (): Aggregate => ({ count: 0, succeeded: 0, failed: 0, ended: 0, tokens: 0, cost: 0, estimatedCalls: 0, durations: emptyHistogram() });

/** Adds one rollup row into the aggregate of its key. */
function addTo(aggregates: Map<string, Aggregate>, key: string, row: Omit<Aggregate, 'durations'> & { durations: readonly number[] }): void {
  let aggregate = aggregates.get(key);
  if (aggregate === undefined) {
    aggregate = emptyAggregate();
    aggregates.set(key, aggregate);
  }
  aggregate.count += row.count;
  aggregate.succeeded += row.succeeded;
  aggregate.failed += row.failed;
  aggregate.ended += row.ended;
  aggregate.tokens += row.tokens;
  aggregate.cost += row.cost;
  aggregate.estimatedCalls += row.estimatedCalls;
  addInto(aggregate.durations, row.durations);
}

const rate = (a: Aggregate) => (a.ended === 0 ? null : a.succeeded / a.ended);
const roundOrNull = (value: number | null) => (value === null ? null : Math.round(value));
const byCost = <T extends { costUsd: number }>(count: (item: T) => number) => (a: T, b: T) => b.costUsd - a.costUsd || count(b) - count(a);

/** The first day of the window (UTC midnight), `days` days including today. */
export function windowStart(days: number, now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

export async function metricsSummary(db: PrismaClient, team: TeamScope, input: z.output<typeof metricsSummarySchema>, now = new Date()) {
  const since = windowStart(input.days, now);
  const firstDay = since.toISOString().slice(0, 10);
  // Histograms come as text and are parsed here: a driver's array decoding cost more than the rest (a
  // 90-day window is ~2,000 rows of 181 buckets).
  const [runDays, callDays] = await Promise.all([
    db.$queryRaw<unknown[]>`
      SELECT "masteryId", to_char(day, 'YYYY-MM-DD') AS day, runs, succeeded, failed, ("tokensIn" + "tokensOut")::float8 AS tokens,
        "costUsd", "durationBuckets"::text AS durations
      FROM "MetricsRunDay" WHERE "teamId" = ${team.id} AND day >= ${firstDay}::date`.then((rows) => rows.map((row) => runDaySchema.parse(row))),
    db.$queryRaw<unknown[]>`
      SELECT "agentId", calls, succeeded, failed, ended, "estimatedCalls", ("reportedTokens" + "estimatedTokens")::float8 AS tokens,
        "costUsd", "durationBuckets"::text AS durations
      FROM "MetricsCallDay" WHERE "teamId" = ${team.id} AND day >= ${firstDay}::date`.then((rows) => rows.map((row) => callDaySchema.parse(row))),
  ]);

  const masteries = new Map<string, Aggregate>();
  const perDay = new Map<string, { runs: number; tokens: number; costUsd: number }>();
  for (const row of runDays) {
    const { tokens } = row;
    // Every counted run has ended: succeeded, failed or cancelled.
    addTo(masteries, row.masteryId, { count: row.runs, succeeded: row.succeeded, failed: row.failed, ended: row.runs, tokens, cost: row.costUsd, estimatedCalls: 0, durations: row.durations });
    const sum = perDay.get(row.day) ?? { runs: 0, tokens: 0, costUsd: 0 };
    perDay.set(row.day, { runs: sum.runs + row.runs, tokens: sum.tokens + tokens, costUsd: sum.costUsd + row.costUsd });
  }
  // Calls without an agent (an inline model) only tell whether the period's tokens include estimates.
  const agents = new Map<string, Aggregate>();
  let hasEstimates = false;
  for (const row of callDays) {
    if (row.estimatedCalls > 0) hasEstimates = true;
    if (row.agentId === '') continue;
    addTo(agents, row.agentId, { count: row.calls, succeeded: row.succeeded, failed: row.failed, ended: row.ended, tokens: row.tokens, cost: row.costUsd, estimatedCalls: row.estimatedCalls, durations: row.durations });
  }

  const [masteryNames, agentNames] = await Promise.all([
    db.mastery.findMany({ where: { teamId: team.id, id: { in: [...masteries.keys()] } }, select: { id: true, name: true } }),
    db.agent.findMany({ where: { teamId: team.id, id: { in: [...agents.keys()] } }, select: { id: true, name: true } }),
  ]);
  const nameOf = (names: Array<{ id: string; name: string }>, id: string) => names.find((n) => n.id === id)?.name ?? id;
  const timing = (a: Aggregate) => ({ p50Ms: roundOrNull(percentile(a.durations, 0.5)), p95Ms: roundOrNull(percentile(a.durations, 0.95)) });

  const daily = Array.from({ length: input.days }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return { day, ...(perDay.get(day) ?? { runs: 0, tokens: 0, costUsd: 0 }) };
  });

  return {
    since,
    masteries: [...masteries]
      .map(([id, a]) => ({ masteryId: id, name: nameOf(masteryNames, id), runs: a.count, succeeded: a.succeeded, failed: a.failed, successRate: rate(a), ...timing(a), tokens: a.tokens, costUsd: a.cost }))
      .sort(byCost((m) => m.runs)),
    agents: [...agents]
      .map(([id, a]) => ({ agentId: id, name: nameOf(agentNames, id), calls: a.count, succeeded: a.succeeded, successRate: rate(a), ...timing(a), tokens: a.tokens, costUsd: a.cost, isEstimated: a.estimatedCalls > 0 }))
      .sort(byCost((a) => a.calls)),
    /** Some LLM calls of the period had no reported usage: their tokens (and so the totals) are estimates. */
    hasEstimates,
    daily,
  };
}
