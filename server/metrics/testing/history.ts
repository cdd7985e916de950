/**
 * Runs for the metrics tests, stored the way the engine stores them: created running, their attempts
 * written, then ended by an update of their status (which the rollup trigger sees). And the figures
 * computed directly over those rows, to compare the rollups with.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';

const DAY = 86_400_000;

export interface AttemptSpec {
  status: 'SUCCEEDED' | 'FAILED';
  durationMs: number | null;
  tokens: number;
  costUsd: number;
  agentId?: string;
  model?: string;
  isEstimated?: boolean;
}

export interface RunSpec {
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'RUNNING';
  durationMs: number;
  tokens: number;
  costUsd: number;
  daysAgo?: number;
  parentRunId?: string;
  purpose?: 'PRODUCTION' | 'EVALUATION';
  attempts?: AttemptSpec[];
}

export async function addRun(db: PrismaClient, teamId: string, masteryId: string, spec: RunSpec): Promise<string> {
  const version = await db.masteryVersion.findFirstOrThrow({ where: { masteryId }, select: { id: true } });
  const createdAt = new Date(Date.now() - (spec.daysAgo ?? 0) * DAY);
  const run = await db.run.create({
    data: { teamId, masteryId, versionId: version.id, input: {}, status: 'RUNNING', createdAt, startedAt: createdAt, parentRunId: spec.parentRunId ?? null, purpose: spec.purpose ?? 'PRODUCTION' },
  });
  await db.stepRun.createMany({
    data: (spec.attempts ?? []).map((a, i) => ({
      runId: run.id,
      nodeId: `step-${i}`,
      attempt: 1,
      status: a.status,
      agentId: a.agentId ?? null,
      agentVersion: a.agentId === undefined ? null : 1,
      model: a.model ?? null,
      isEstimated: a.isEstimated ?? false,
      startedAt: createdAt,
      durationMs: a.durationMs,
      tokensIn: a.tokens,
      costUsd: a.costUsd,
    })),
  });
  await db.run.update({
    where: { id: run.id },
    data: {
      tokensIn: spec.tokens,
      costUsd: spec.costUsd,
      status: spec.status,
      finishedAt: spec.status === 'RUNNING' ? null : new Date(createdAt.getTime() + spec.durationMs),
    },
  });
  return run.id;
}

/** A small deterministic generator (mulberry32), so a failing history can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ExactRow {
  id: string;
  count: number;
  succeeded: number;
  failed: number;
  tokens: number;
  cost: number;
  p50: number | null;
  p95: number | null;
}

const toExact = (row: Record<string, unknown>): ExactRow => ({
  id: String(row.id),
  count: Number(row.count),
  succeeded: Number(row.succeeded),
  failed: Number(row.failed),
  tokens: Number(row.tokens ?? 0),
  cost: Number(row.cost ?? 0),
  p50: row.p50 === null ? null : Number(row.p50),
  p95: row.p95 === null ? null : Number(row.p95),
});

/** Exact figures of the team's ended production runs since `since`, straight from Run and StepRun. */
export async function exactMetrics(db: PrismaClient, teamId: string, since: Date) {
  const [masteries, agents, days] = await Promise.all([
    db.$queryRaw<Array<Record<string, unknown>>>`
      SELECT r."masteryId" AS id, count(*) AS count, count(*) FILTER (WHERE r.status = 'SUCCEEDED') AS succeeded,
        count(*) FILTER (WHERE r.status = 'FAILED') AS failed, sum(r."tokensIn" + r."tokensOut") AS tokens, sum(r."costUsd") AS cost,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (r."finishedAt" - r."startedAt")) * 1000) AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM (r."finishedAt" - r."startedAt")) * 1000) AS p95
      FROM "Run" r
      WHERE r."teamId" = ${teamId} AND r."createdAt" >= ${since} AND r."parentRunId" IS NULL AND r.purpose = 'PRODUCTION'
        AND r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<Array<Record<string, unknown>>>`
      SELECT a."agentId" AS id, count(*) AS count, count(*) FILTER (WHERE a.status = 'SUCCEEDED') AS succeeded,
        count(*) FILTER (WHERE a.status = 'FAILED') AS failed, sum(a."tokensIn" + a."tokensOut") AS tokens, sum(a."costUsd") AS cost,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY a."durationMs") AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY a."durationMs") AS p95
      FROM "StepRun" a JOIN "Run" r ON r.id = a."runId"
      WHERE r."teamId" = ${teamId} AND r."createdAt" >= ${since} AND a."agentId" IS NOT NULL AND r.purpose = 'PRODUCTION'
        AND r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<Array<Record<string, unknown>>>`
      SELECT to_char(r."createdAt", 'YYYY-MM-DD') AS id, count(*) AS count, 0 AS succeeded, 0 AS failed,
        sum(r."tokensIn" + r."tokensOut") AS tokens, sum(r."costUsd") AS cost, NULL AS p50, NULL AS p95
      FROM "Run" r
      WHERE r."teamId" = ${teamId} AND r."createdAt" >= ${since} AND r."parentRunId" IS NULL AND r.purpose = 'PRODUCTION'
        AND r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
      GROUP BY 1 ORDER BY 1`,
  ]);
  return { masteries: masteries.map(toExact), agents: agents.map(toExact), days: days.map(toExact) };
}
