/**
 * `metrics.summary` over the real database, read from the daily rollups that the database fills as runs
 * end: counts, success rate, p50/p95 (from duration buckets), tokens and cost per mastery and per agent,
 * the daily series, the window, evaluation and other teams' runs left out; on a generated history the
 * rollups equal a direct computation over the rows; a run that ends twice counts once; a run of the
 * engine (its last attempts stored in the same statement as its end) is counted whole.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime, makeLlmTeam } from '@/test/openai-mock/fixtures';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { bucketOf, PERCENTILE_PRECISION } from './histogram';
import { windowStart } from './service';
import { addRun, exactMetrics, seeded, type ExactRow } from './testing/history';

const graph = makeGraph({ nodes: [{ id: 'input', type: 'input' }], edges: [] });

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

/** A percentile read from the buckets lies in the exact one's bucket or a neighbour. */
function expectNearBucket(actual: number | null, exact: number | null): void {
  expect(actual === null).toBe(exact === null);
  if (actual === null || exact === null) return;
  expect(Math.abs(bucketOf(actual) - bucketOf(exact)), `${actual} ms against ${exact} ms`).toBeLessThanOrEqual(1);
}

function expectSameFigures(actual: { count: number; succeeded: number; tokens: number; costUsd: number; p50Ms: number | null; p95Ms: number | null }, exact: ExactRow): void {
  expect({ count: actual.count, succeeded: actual.succeeded, tokens: actual.tokens }).toEqual({ count: exact.count, succeeded: exact.succeeded, tokens: exact.tokens });
  expect(actual.costUsd).toBeCloseTo(exact.cost, 9);
  expectNearBucket(actual.p50Ms, exact.p50);
  expectNearBucket(actual.p95Ms, exact.p95);
}

describeEachDb('metrics', (getDb) => {
  it('sums ended runs per mastery and LLM calls per agent, with success rate and p50/p95, over the window', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Measured');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const { masteryId: quiet } = await makeMasteryWithGraph(db, team.id, graph);
    const agent = await team.as('EDITOR').agents.create({ name: 'Analyst', model: 'gpt-4o-mini' });
    const call = (status: 'SUCCEEDED' | 'FAILED', durationMs: number, tokens: number, costUsd: number) => ({ status, durationMs, tokens, costUsd, agentId: agent.id });
    const first = await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0.01, attempts: [call('SUCCEEDED', 100, 10, 0.01)] });
    await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 200, tokens: 20, costUsd: 0.02, daysAgo: 2, attempts: [call('SUCCEEDED', 200, 20, 0.02)] });
    await addRun(db, team.id, masteryId, { status: 'FAILED', durationMs: 300, tokens: 30, costUsd: 0.03, attempts: [call('FAILED', 300, 30, 0.03)] });
    // Still running: it counts once it has ended.
    await addRun(db, team.id, masteryId, { status: 'RUNNING', durationMs: 0, tokens: 5, costUsd: 0 });
    // Outside the 7-day window, a child run (inside its parent's figures) and an evaluation run: none counts as a run.
    await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 900, tokens: 1000, costUsd: 1, daysAgo: 10 });
    await addRun(db, team.id, quiet, { status: 'SUCCEEDED', durationMs: 50, tokens: 1, costUsd: 0, parentRunId: first });
    await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 50, tokens: 7, costUsd: 7, purpose: 'EVALUATION', attempts: [call('SUCCEEDED', 50, 7, 7)] });
    const other = await makeTeam(db, 'Others');
    const { masteryId: theirs } = await makeMasteryWithGraph(db, other.id, graph);
    await addRun(db, other.id, theirs, { status: 'SUCCEEDED', durationMs: 10, tokens: 99, costUsd: 9 });

    const week = await team.as('VIEWER').metrics.summary({ days: 7 });
    expect(week.masteries).toHaveLength(1);
    const [mastery] = week.masteries;
    expect(mastery).toMatchObject({ masteryId, runs: 3, succeeded: 2, failed: 1, tokens: 60 });
    expect(Math.abs((mastery?.p50Ms ?? 0) / 200 - 1)).toBeLessThanOrEqual(PERCENTILE_PRECISION);
    expect(Math.abs((mastery?.p95Ms ?? 0) / 290 - 1)).toBeLessThanOrEqual(PERCENTILE_PRECISION);
    expect(mastery?.successRate).toBeCloseTo(2 / 3);
    expect(mastery?.costUsd).toBeCloseTo(0.06);
    expect(week.agents).toEqual([expect.objectContaining({ agentId: agent.id, name: 'Analyst', calls: 3, succeeded: 2, tokens: 60 })]);
    expect(week.hasEstimates).toBe(false);
    expect(week.agents[0]?.isEstimated).toBe(false);
    expect(week.daily).toHaveLength(7);
    expect(week.daily.at(-1)).toMatchObject({ day: new Date().toISOString().slice(0, 10), runs: 2 });
    expect(week.daily.reduce((sum, d) => sum + d.runs, 0)).toBe(3);
    expect(week.since.toISOString()).toBe(windowStart(7, new Date()).toISOString());

    const month = await team.as('VIEWER').metrics.summary({ days: 30 });
    expect(month.masteries[0]).toMatchObject({ runs: 4, tokens: 1060 });
    expect(month.daily).toHaveLength(30);
    expect((await other.as('VIEWER').metrics.summary({ days: 7 })).masteries).toEqual([expect.objectContaining({ masteryId: theirs, runs: 1, tokens: 99 })]);
  });

  it('says which tokens are estimates: per agent, and for the period when a call without an agent was estimated', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Estimated');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const agent = await team.as('EDITOR').agents.create({ name: 'Guessed', model: 'local-model' });
    const attempt = { status: 'SUCCEEDED' as const, durationMs: 100, tokens: 10, costUsd: 0, agentId: agent.id };
    await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0, attempts: [attempt] });
    expect((await team.as('VIEWER').metrics.summary({ days: 7 })).hasEstimates).toBe(false);
    await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0, attempts: [{ ...attempt, isEstimated: true }] });
    const summary = await team.as('VIEWER').metrics.summary({ days: 7 });
    expect(summary).toMatchObject({ hasEstimates: true, agents: [{ agentId: agent.id, isEstimated: true, calls: 2, tokens: 20 }] });

    const other = await makeTeam(db, 'Inline');
    const { masteryId: inline } = await makeMasteryWithGraph(db, other.id, graph);
    await addRun(db, other.id, inline, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0, attempts: [{ status: 'SUCCEEDED', durationMs: 5, tokens: 10, costUsd: 0, model: 'local-model', isEstimated: true }] });
    expect(await other.as('VIEWER').metrics.summary({ days: 7 })).toMatchObject({ hasEstimates: true, agents: [] });
  });

  it('equals a direct computation over the rows on a generated history, for every period', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Generated');
    const random = seeded(20261207);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const masteries = await Promise.all([1, 2, 3].map(async (i) => (await makeMasteryWithGraph(db, team.id, graph, `Mastery ${i}`)).masteryId));
    const agents = await Promise.all([1, 2].map(async (i) => (await team.as('EDITOR').agents.create({ name: `Agent ${i}`, model: 'gpt-4o-mini' })).id));
    const parents: string[] = [];
    for (let i = 0; i < 160; i++) {
      // Durations over four decades, so the buckets are exercised; some runs are children, evaluations or still running.
      const duration = () => Math.round(10 ** (1 + random() * 4));
      const attempts = Array.from({ length: Math.floor(random() * 4) }, () => ({
        status: random() < 0.85 ? ('SUCCEEDED' as const) : ('FAILED' as const),
        durationMs: random() < 0.05 ? null : duration(),
        tokens: Math.floor(random() * 3000),
        costUsd: Math.floor(random() * 3000) / 1e6,
        ...(random() < 0.7 ? { agentId: pick(agents) } : { model: 'inline-model' }),
      }));
      const kind = random();
      const id = await addRun(db, team.id, pick(masteries), {
        status: kind < 0.05 ? 'RUNNING' : pick(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const),
        durationMs: duration(),
        tokens: attempts.reduce((sum, a) => sum + a.tokens, 0),
        costUsd: attempts.reduce((sum, a) => sum + a.costUsd, 0),
        daysAgo: Math.floor(random() * 100),
        purpose: kind > 0.95 ? 'EVALUATION' : 'PRODUCTION',
        parentRunId: kind > 0.8 && kind <= 0.95 && parents.length > 0 ? pick(parents) : undefined,
        attempts,
      });
      if (kind <= 0.8) parents.push(id);
    }
    const other = await makeTeam(db, 'Neighbours');
    const { masteryId: theirs } = await makeMasteryWithGraph(db, other.id, graph);
    const theirAgent = await other.as('EDITOR').agents.create({ name: 'Theirs', model: 'gpt-4o-mini' });
    await addRun(db, other.id, theirs, { status: 'SUCCEEDED', durationMs: 10, tokens: 5, costUsd: 1, attempts: [{ status: 'SUCCEEDED', durationMs: 5, tokens: 5, costUsd: 1, agentId: theirAgent.id }] });

    for (const days of [7, 30, 90] as const) {
      const summary = await team.as('VIEWER').metrics.summary({ days });
      const exact = await exactMetrics(db, team.id, summary.since);
      expect(summary.masteries.map((m) => m.masteryId).sort()).toEqual(exact.masteries.map((m) => m.id));
      for (const row of exact.masteries) {
        const mastery = summary.masteries.find((m) => m.masteryId === row.id);
        expect(mastery?.failed).toBe(row.failed);
        if (mastery) expectSameFigures({ ...mastery, count: mastery.runs }, row);
      }
      expect(summary.agents.map((a) => a.agentId).sort()).toEqual(exact.agents.map((a) => a.id));
      for (const row of exact.agents) {
        const agent = summary.agents.find((a) => a.agentId === row.id);
        if (agent) expectSameFigures({ ...agent, count: agent.calls }, row);
      }
      const days_ = summary.daily.filter((d) => d.runs > 0);
      expect(days_.map((d) => ({ day: d.day, runs: d.runs, tokens: d.tokens }))).toEqual(exact.days.map((d) => ({ day: d.id, runs: d.count, tokens: d.tokens })));
      expect(JSON.stringify(summary)).not.toContain(theirs);
      expect(JSON.stringify(summary)).not.toContain(theirAgent.id);
    }
  });

  it('counts a run that ends twice once: a repeated final commit, and the backfill run again', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Recovered');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const agent = await team.as('EDITOR').agents.create({ name: 'Once', model: 'gpt-4o-mini' });
    const id = await addRun(db, team.id, masteryId, { status: 'SUCCEEDED', durationMs: 100, tokens: 10, costUsd: 0.5, attempts: [{ status: 'SUCCEEDED', durationMs: 50, tokens: 10, costUsd: 0.5, agentId: agent.id }] });
    const before = await team.as('VIEWER').metrics.summary({ days: 7 });
    expect(before.masteries).toEqual([expect.objectContaining({ runs: 1, tokens: 10 })]);
    // The final commit stored again, as after a crash between its write and its acknowledgement.
    await db.$executeRaw`UPDATE "Run" SET status = 'SUCCEEDED', "finishedAt" = "finishedAt" WHERE id = ${id}`;
    await db.$executeRaw`UPDATE "Run" SET status = 'FAILED' WHERE id = ${id}`;
    // The migration's backfill over every ended run, again.
    await db.$executeRaw`SELECT metrics_count_runs(ARRAY(SELECT id FROM "Run"))`;
    expect(await team.as('VIEWER').metrics.summary({ days: 7 })).toEqual(before);
  });

  it('counts a run of the engine whole: its last LLM call is stored in the statement that ends it', async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Engine');
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    const llmGraph = makeGraph({
      nodes: [
        { id: 'input', type: 'input' },
        { id: 'first', type: 'llm', config: { agentId: agent.id, prompt: 'One.' } },
        { id: 'second', type: 'llm', config: { agentId: agent.id, prompt: 'Two.' } },
      ],
      edges: ['input->first', 'first->second'],
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, llmGraph);
    mock.enqueue({ kind: 'text', text: 'First answer.' });
    mock.enqueue({ kind: 'text', text: 'Second answer, a little longer.' });
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const { id } = await editor.runs.start({ masteryId, input: {} });
    expect((await runtime.engine.untilAtRest(id as RunId)).status).toBe('SUCCEEDED');
    const stored = await editor.runs.get({ id });
    const summary = await team.as('VIEWER').metrics.summary({ days: 7 });
    expect(summary.masteries).toEqual([expect.objectContaining({ masteryId, runs: 1, succeeded: 1, tokens: stored.tokensIn + stored.tokensOut })]);
    const calls = stored.attempts.filter((a) => a.agentId === agent.id);
    expect(calls).toHaveLength(2);
    expect(summary.agents).toEqual([expect.objectContaining({ agentId: agent.id, calls: 2, succeeded: 2, tokens: calls.reduce((sum, a) => sum + a.tokensIn + a.tokensOut, 0) })]);
  });

  it('puts durations in the same buckets as the database', async () => {
    const db = getDb().client;
    const values = [0, 0.5, 1, 1.1, 7, 99.9, 100, 101, 1234, 59_999, 3_600_000, 1e9, 5e10];
    const rows = await db.$queryRaw<Array<{ bucket: number }>>`SELECT metrics_bucket(v) AS bucket FROM unnest(${values}::float8[]) WITH ORDINALITY AS u(v, i) ORDER BY i`;
    expect(rows.map((r) => r.bucket)).toEqual(values.map(bucketOf));
  });

  it('starts the window at UTC midnight, today included', () => {
    expect(windowStart(7, new Date('2026-11-23T18:00:00Z')).toISOString()).toBe('2026-11-17T00:00:00.000Z');
    expect(windowStart(1, new Date('2026-11-23T00:00:01Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
});
