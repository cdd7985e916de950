/**
 * `metrics.summary` over the real database: counts, success rate, p50/p95 (percentile_cont), tokens and
 * cost per mastery and per agent, the daily series, the window, and nothing from another team.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { windowStart } from './service';

const graph = makeGraph({ nodes: [{ id: 'input', type: 'input' }], edges: [] });
const DAY = 86_400_000;

interface RunSpec {
  status: 'SUCCEEDED' | 'FAILED' | 'RUNNING';
  durationMs: number;
  tokens: number;
  costUsd: number;
  daysAgo?: number;
  agentId?: string;
  parentRunId?: string;
}

async function addRun(db: PrismaClient, teamId: string, masteryId: string, spec: RunSpec): Promise<string> {
  const version = await db.masteryVersion.findFirstOrThrow({ where: { masteryId } });
  const createdAt = new Date(Date.now() - (spec.daysAgo ?? 0) * DAY);
  const startedAt = createdAt;
  const finishedAt = spec.status === 'RUNNING' ? null : new Date(startedAt.getTime() + spec.durationMs);
  const run = await db.run.create({
    data: { teamId, masteryId, versionId: version.id, input: {}, status: spec.status, createdAt, startedAt, finishedAt, tokensIn: spec.tokens, tokensOut: 0, costUsd: spec.costUsd, parentRunId: spec.parentRunId ?? null },
  });
  if (spec.agentId !== undefined) {
    await db.stepRun.create({
      data: { runId: run.id, nodeId: 'ask', attempt: 1, status: spec.status, agentId: spec.agentId, agentVersion: 1, startedAt, finishedAt, durationMs: spec.durationMs, tokensIn: spec.tokens, costUsd: spec.costUsd },
    });
  }
  return run.id;
}

describeEachDb('metrics', (getDb) => {
  it('sums runs per mastery and LLM calls per agent, with success rate and p50/p95, over the window', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Measured');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const { masteryId: quiet } = await makeMasteryWithGraph(db, team.id, graph);
    const agent = await team.as('EDITOR').agents.create({ name: 'Analyst', model: 'gpt-4o-mini' });
    const first = await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0.01, agentId: agent.id });
    await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 200, tokens: 20, costUsd: 0.02, agentId: agent.id, daysAgo: 2 });
    await addRun(db, team.id, masteryId, { status: 'FAILED', durationMs: 300, tokens: 30, costUsd: 0.03, agentId: agent.id });
    await addRun(db, team.id, masteryId, { status: 'RUNNING', durationMs: 0, tokens: 5, costUsd: 0 });
    // Outside the 7-day window, and a child run (inside its parent's figures): neither counts as a run.
    await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 900, tokens: 1000, costUsd: 1, daysAgo: 10 });
    await addRun(db, team.id, quiet, { status: 'SUCCEEDED', durationMs: 50, tokens: 1, costUsd: 0, parentRunId: first });
    const other = await makeTeam(db, 'Others');
    const { masteryId: theirs } = await makeMasteryWithGraph(db, other.id, graph);
    await addRun(db, other.id, theirs, { status: 'SUCCEEDED', durationMs: 10, tokens: 99, costUsd: 9 });

    const week = await team.as('VIEWER').metrics.summary({ days: 7 });
    expect(week.masteries).toHaveLength(1);
    const [mastery] = week.masteries;
    expect(mastery).toMatchObject({ masteryId, runs: 4, succeeded: 2, failed: 1, p50Ms: 200, p95Ms: 290, tokens: 65 });
    expect(mastery?.successRate).toBeCloseTo(2 / 3);
    expect(mastery?.costUsd).toBeCloseTo(0.06);
    expect(week.agents).toEqual([expect.objectContaining({ agentId: agent.id, name: 'Analyst', calls: 3, succeeded: 2, p50Ms: 200, p95Ms: 290, tokens: 60 })]);
    expect(week.hasEstimates).toBe(false);
    expect(week.agents[0]?.isEstimated).toBe(false);
    expect(week.daily).toHaveLength(7);
    expect(week.daily.at(-1)).toMatchObject({ day: new Date().toISOString().slice(0, 10), runs: 3 });
    expect(week.daily.reduce((sum, d) => sum + d.runs, 0)).toBe(4);
    expect(week.since.toISOString()).toBe(windowStart(7, new Date()).toISOString());

    const month = await team.as('VIEWER').metrics.summary({ days: 30 });
    expect(month.masteries[0]).toMatchObject({ runs: 5, tokens: 1065 });
    expect(month.daily).toHaveLength(30);
  });

  it('says which tokens are estimates: per agent, and for the period when a call without an agent was estimated', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Estimated');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const agent = await team.as('EDITOR').agents.create({ name: 'Guessed', model: 'local-model' });
    const viaAgent = await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0, agentId: agent.id });
    expect((await team.as('VIEWER').metrics.summary({ days: 7 })).hasEstimates).toBe(false);
    await db.stepRun.updateMany({ where: { runId: viaAgent }, data: { isEstimated: true } });
    const summary = await team.as('VIEWER').metrics.summary({ days: 7 });
    expect(summary).toMatchObject({ hasEstimates: true, agents: [{ agentId: agent.id, isEstimated: true, calls: 1 }] });

    const other = await makeTeam(db, 'Inline');
    const { masteryId: inline } = await makeMasteryWithGraph(db, other.id, graph);
    const run = await addRun(db, other.id, inline, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0 });
    await db.stepRun.create({ data: { runId: run, nodeId: 'ask', attempt: 1, status: 'SUCCEEDED', model: 'local-model', tokensIn: 10, isEstimated: true } });
    expect(await other.as('VIEWER').metrics.summary({ days: 7 })).toMatchObject({ hasEstimates: true, agents: [] });
  });

  it('starts the window at UTC midnight, today included', () => {
    expect(windowStart(7, new Date('2026-11-23T18:00:00Z')).toISOString()).toBe('2026-11-17T00:00:00.000Z');
    expect(windowStart(1, new Date('2026-11-23T00:00:01Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
});
