/**
 * Budgets over the real database and engine: a spent budget refuses new runs with a clear
 * error and creates nothing; a concurrent-run limit counts the runs still going; an LLM call is refused
 * mid-run once the budget is used up (the run stops with BUDGET_EXCEEDED); a mastery's budget leaves the
 * team's other masteries alone; bad limits are named.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam, outcomeText, runtimeFor } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime, makeLlmTeam } from '@/test/openai-mock/fixtures';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { periodStart } from './usage';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

const quick = makeGraph({
  nodes: [
    { id: 'input', type: 'input' },
    { id: 'double', type: 'transform', config: { expression: '2 * 21' } },
  ],
  edges: ['input->double'],
});

const waitsForApproval = makeGraph({
  nodes: [
    { id: 'input', type: 'input' },
    { id: 'ok', type: 'approval', config: { message: 'Go on?' } },
  ],
  edges: ['input->ok'],
});

const limits = { maxCostUsd: null, maxTokens: null, maxConcurrentRuns: null };

/** A finished run of `masteryId` that spent `costUsd` and `tokens`, as if it ran earlier today. */
async function spend(db: PrismaClient, teamId: string, masteryId: string, costUsd: number, tokens: number) {
  const version = await db.masteryVersion.findFirstOrThrow({ where: { masteryId } });
  await db.run.create({ data: { teamId, masteryId, versionId: version.id, input: {}, status: 'SUCCEEDED', costUsd, tokensIn: tokens, tokensOut: 0 } });
}

describeEachDb('budgets', (getDb) => {
  it('refuses a new run once the budget is spent, naming the budget and the amounts, and creates nothing', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Spenders');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, quick);
    await team.as('OWNER').budgets.save({ masteryId: null, period: 'DAY', ...limits, maxCostUsd: 0.5 });
    await spend(db, team.id, masteryId, 0.3, 100);
    expect(await outcomeText(team.as('EDITOR').runs.start({ masteryId, input: {} }))).toBe('OK');

    await spend(db, team.id, masteryId, 0.25, 100);
    const before = await db.run.count({ where: { teamId: team.id } });
    expect(await outcomeText(team.as('EDITOR').runs.start({ masteryId, input: {} }))).toBe(
      "FORBIDDEN: Budget exceeded: the team's daily budget allows $0.50 and $0.55 was spent today; no new run starts until the day ends or the budget is raised",
    );
    expect(await db.run.count({ where: { teamId: team.id } })).toBe(before);

    // Raising the budget lets runs start again; what was spent yesterday does not count today.
    const [budget] = await team.as('VIEWER').budgets.list();
    expect(budget?.used).toMatchObject({ tokens: 200 });
    expect(budget?.used.costUsd).toBeCloseTo(0.55);
    await team.as('OWNER').budgets.save({ id: budget?.id, masteryId: null, period: 'DAY', ...limits, maxCostUsd: 1 });
    expect(await outcomeText(team.as('EDITOR').runs.start({ masteryId, input: {} }))).toBe('OK');
    expect(periodStart('DAY', new Date('2026-11-23T23:59:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(periodStart('MONTH', new Date('2026-11-23T10:00:00Z')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('names a spend past a tiny limit apart from the limit when it refuses a run', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Frugal');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, quick);
    await team.as('OWNER').budgets.save({ masteryId: null, period: 'DAY', ...limits, maxCostUsd: 0.0001 });
    await spend(db, team.id, masteryId, 0.00014145, 10);
    expect(await outcomeText(team.as('EDITOR').runs.start({ masteryId, input: {} }))).toBe(
      "FORBIDDEN: Budget exceeded: the team's daily budget allows $0.0001 and $0.000141 was spent today; no new run starts until the day ends or the budget is raised",
    );
  });

  it('counts the runs still going against a concurrent-run limit, and only that mastery for its own budget', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Concurrent');
    const { masteryId: slow } = await makeMasteryWithGraph(db, team.id, waitsForApproval);
    const { masteryId: other } = await makeMasteryWithGraph(db, team.id, quick);
    await team.as('OWNER').budgets.save({ masteryId: slow, period: 'MONTH', ...limits, maxConcurrentRuns: 1 });
    const editor = team.as('EDITOR');
    const first = await editor.runs.start({ masteryId: slow, input: {} });
    await runtimeFor(db).engine.untilAtRest(first.id as RunId); // waiting for a person: still going
    const { name } = await db.mastery.findUniqueOrThrow({ where: { id: slow } });
    expect(await outcomeText(editor.runs.start({ masteryId: slow, input: {} }))).toBe(
      `FORBIDDEN: Budget exceeded: the monthly budget of "${name}" allows 1 run at a time and 1 is going (sub-mastery runs count too); wait for one to end or cancel one`,
    );
    expect(await outcomeText(editor.runs.start({ masteryId: other, input: {} }))).toBe('OK');
    await editor.runs.cancel({ id: first.id });
    expect(await outcomeText(editor.runs.start({ masteryId: slow, input: {} }))).toBe('OK');
  });

  it('refuses an LLM call once the budget is used up mid-run: the run stops with BUDGET_EXCEEDED and the model is not called', async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Thrifty');
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    const graph = makeGraph({
      nodes: [
        { id: 'input', type: 'input' },
        { id: 'first', type: 'llm', config: { agentId: agent.id, prompt: 'One' } },
        { id: 'second', type: 'llm', config: { agentId: agent.id, prompt: 'Two' } },
      ],
      edges: ['input->first', 'first->second'],
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    await team.as('OWNER').budgets.save({ masteryId, period: 'DAY', ...limits, maxTokens: 5 });
    mock.enqueue({ kind: 'text', text: 'a fairly long first answer that uses more than five tokens' });
    const calls = mock.requests.length;
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const { id } = await editor.runs.start({ masteryId, input: {} });
    const run = await runtime.engine.untilAtRest(id as RunId);

    expect(mock.requests.length - calls).toBe(1);
    expect(run.status).toBe('FAILED');
    const stored = await editor.runs.get({ id });
    const second = stored.steps.find((s) => s.nodeId === 'second');
    expect(second).toMatchObject({ status: 'FAILED', attempt: 1, error: { code: 'BUDGET_EXCEEDED' } });
    expect((second?.error as { message: string }).message).toMatch(/^Node "second" \(llm\): Budget exceeded: the daily budget of "[^"]+" allows 5 tokens and \d+ were used today; the model was not called$/);
    expect(stored.tokensIn + stored.tokensOut).toBeGreaterThan(5);
  });

  it('names a bad limit, and refuses another team\'s mastery', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Limits');
    const owner = team.as('OWNER');
    expect(await outcomeText(owner.budgets.save({ masteryId: null, period: 'DAY', ...limits }))).toBe(
      'BAD_REQUEST: maxCostUsd: Set at least one limit: max cost, max tokens or max concurrent runs',
    );
    expect(await outcomeText(owner.budgets.save({ masteryId: null, period: 'DAY', ...limits, maxTokens: 0 }))).toBe('BAD_REQUEST: maxTokens: Max tokens must be at least 1');
    const other = await makeTeam(db, 'Elsewhere');
    const { masteryId: theirs } = await makeMasteryWithGraph(db, other.id, quick);
    expect(await outcomeText(owner.budgets.save({ masteryId: theirs, period: 'DAY', ...limits, maxTokens: 10 }))).toBe('NOT_FOUND: Mastery was not found');
    expect(await db.budget.count({ where: { teamId: team.id } })).toBe(0);
  });
});
