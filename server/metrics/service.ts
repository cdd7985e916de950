/**
 * Team metrics over a window of days: per mastery (its top-level runs) and per agent (the LLM
 * attempts that ran as it), with success rate, p50/p95 duration, tokens and cost, and a daily series.
 * Aggregated in SQL: percentiles need percentile_cont, which both PostgreSQL and PGlite have.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { TeamScope } from '@/server/teams/service';
import type { metricsSummarySchema } from './schemas';

const DAY_MS = 86_400_000;

interface Aggregate {
  id: string;
  total: number;
  succeeded: number;
  failed: number;
  ended: number;
  p50: number | null;
  p95: number | null;
  tokens: number;
  cost: number;
}

// Drivers return counts and sums as bigint or numeric strings; the API speaks plain numbers.
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Math.round(Number(value)));

function toAggregate(row: Record<string, unknown>): Aggregate {
  return {
    id: String(row.id),
    total: num(row.total),
    succeeded: num(row.succeeded),
    failed: num(row.failed),
    ended: num(row.ended),
    p50: numOrNull(row.p50),
    p95: numOrNull(row.p95),
    tokens: num(row.tokens),
    cost: num(row.cost),
  };
}

const rate = (a: Aggregate) => (a.ended === 0 ? null : a.succeeded / a.ended);
const byCost = <T extends { costUsd: number }>(count: (item: T) => number) => (a: T, b: T) => b.costUsd - a.costUsd || count(b) - count(a);

/** The first day of the window (UTC midnight), `days` days including today. */
export function windowStart(days: number, now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

export async function metricsSummary(db: PrismaClient, team: TeamScope, input: z.output<typeof metricsSummarySchema>, now = new Date()) {
  const since = windowStart(input.days, now);
  // Three independent reads, sent together: on PostgreSQL each takes its own pooled connection.
  // Evaluation runs (replays of proposals) are left out: they measure a proposal, not the mastery.
  const [masteryRows, agentRows, dayRows] = await Promise.all([
    db.$queryRaw<Array<Record<string, unknown>>>`
    SELECT r."masteryId" AS id, count(*) AS total,
      count(*) FILTER (WHERE r.status = 'SUCCEEDED') AS succeeded,
      count(*) FILTER (WHERE r.status = 'FAILED') AS failed,
      count(*) FILTER (WHERE r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')) AS ended,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (r."finishedAt" - r."startedAt")) * 1000) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM (r."finishedAt" - r."startedAt")) * 1000) AS p95,
      sum(r."tokensIn" + r."tokensOut") AS tokens, sum(r."costUsd") AS cost
    FROM "Run" r
    WHERE r."teamId" = ${team.id} AND r."createdAt" >= ${since} AND r."parentRunId" IS NULL AND r.purpose = 'PRODUCTION'
    GROUP BY r."masteryId"`,
    // Estimated attempts without an agent (an inline model) form the null group: they only tell whether
    // the period's tokens include estimates.
    db.$queryRaw<Array<Record<string, unknown>>>`
    SELECT a."agentId" AS id, count(*) AS total,
      count(*) FILTER (WHERE a.status = 'SUCCEEDED') AS succeeded,
      count(*) FILTER (WHERE a.status = 'FAILED') AS failed,
      count(*) FILTER (WHERE a.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')) AS ended,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY a."durationMs") AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY a."durationMs") AS p95,
      sum(a."tokensIn" + a."tokensOut") AS tokens, sum(a."costUsd") AS cost, bool_or(a."isEstimated") AS estimated
    FROM "StepRun" a JOIN "Run" r ON r.id = a."runId"
    WHERE r."teamId" = ${team.id} AND r."createdAt" >= ${since} AND (a."agentId" IS NOT NULL OR a."isEstimated") AND r.purpose = 'PRODUCTION'
    GROUP BY a."agentId"`,
    db.$queryRaw<Array<Record<string, unknown>>>`
    SELECT to_char(date_trunc('day', r."createdAt"), 'YYYY-MM-DD') AS day, count(*) AS runs,
      sum(r."tokensIn" + r."tokensOut") AS tokens, sum(r."costUsd") AS cost
    FROM "Run" r
    WHERE r."teamId" = ${team.id} AND r."createdAt" >= ${since} AND r."parentRunId" IS NULL AND r.purpose = 'PRODUCTION'
    GROUP BY 1`,
  ]);

  const masteryAggs = masteryRows.map(toAggregate);
  const agentAggs = agentRows.filter((row) => row.id !== null).map(toAggregate);
  const estimatedAgents = new Set(agentRows.filter((row) => row.estimated === true).map((row) => String(row.id)));
  const [masteryNames, agentNames] = await Promise.all([
    db.mastery.findMany({ where: { teamId: team.id, id: { in: masteryAggs.map((a) => a.id) } }, select: { id: true, name: true } }),
    db.agent.findMany({ where: { teamId: team.id, id: { in: agentAggs.map((a) => a.id) } }, select: { id: true, name: true } }),
  ]);
  const nameOf = (names: Array<{ id: string; name: string }>, id: string) => names.find((n) => n.id === id)?.name ?? id;

  const perDay = new Map(dayRows.map((row) => [String(row.day), row]));
  const daily = Array.from({ length: input.days }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const row = perDay.get(day);
    return { day, runs: num(row?.runs), tokens: num(row?.tokens), costUsd: num(row?.cost) };
  });

  return {
    since,
    masteries: masteryAggs
      .map((a) => ({ masteryId: a.id, name: nameOf(masteryNames, a.id), runs: a.total, succeeded: a.succeeded, failed: a.failed, successRate: rate(a), p50Ms: a.p50, p95Ms: a.p95, tokens: a.tokens, costUsd: a.cost }))
      .sort(byCost((m) => m.runs)),
    agents: agentAggs
      .map((a) => ({ agentId: a.id, name: nameOf(agentNames, a.id), calls: a.total, succeeded: a.succeeded, successRate: rate(a), p50Ms: a.p50, p95Ms: a.p95, tokens: a.tokens, costUsd: a.cost, isEstimated: estimatedAgents.has(a.id) }))
      .sort(byCost((a) => a.calls)),
    /** Some LLM calls of the period had no reported usage: their tokens (and so the totals) are estimates. */
    hasEstimates: agentRows.some((row) => row.estimated === true),
    daily,
  };
}
