/**
 * Budget alerts over the real database, engine and mock LLM server: a run of six LLM steps whose calls
 * take a token budget past 80 % (fourth call) and 100 % (fifth) records one `budget.alert` event for
 * each crossing, on the step that crossed it, not one per step after it; the sixth call is refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { countTokens, promptTokens } from '@/test/openai-mock/protocol';
import { llmRuntime, makeLlmTeam } from '@/test/openai-mock/fixtures';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { reachedThresholds } from './alerts';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

const SYSTEM = 'You are a precise analyst.';
const PROMPT = 'Go on.';
const ANSWER = 'Forty characters of an answer, no more..';
const STEPS = ['s1', 's2', 's3', 's4', 's5', 's6'];

describeEachDb('budget alerts', (getDb) => {
  it('records one event at 80 % and one at 100 %, on the steps that crossed them, then refuses the next call', async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Alerted');
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    const graph = makeGraph({
      nodes: [{ id: 'input', type: 'input' }, ...STEPS.map((id) => ({ id, type: 'llm', config: { agentId: agent.id, prompt: PROMPT } }))],
      edges: ['input', ...STEPS].slice(1).map((id, i) => `${i === 0 ? 'input' : STEPS[i - 1]}->${id}`),
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    // Every call costs the same tokens as the mock counts them; 4 calls pass 80 % of the limit, 5 pass 100 %.
    const perCall = promptTokens({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: PROMPT }] }) + countTokens(ANSWER);
    const maxTokens = Math.round(perCall * 4.6);
    await team.as('OWNER').budgets.save({ masteryId: null, period: 'MONTH', maxCostUsd: null, maxTokens, maxConcurrentRuns: null });
    for (let i = 0; i < STEPS.length; i++) mock.enqueue({ kind: 'text', text: ANSWER });
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const { id } = await editor.runs.start({ masteryId, input: {} });
    const run = await runtime.engine.untilAtRest(id as RunId);

    expect(run.status).toBe('FAILED');
    const { events } = await editor.runs.events({ runId: id, afterSeq: 0, limit: 1000 });
    const alerts = events.filter((e) => e.type === 'budget.alert').map((e) => e.payload);
    expect(alerts).toEqual([
      expect.objectContaining({ nodeId: 's4', threshold: 80, limitKind: 'tokens', limit: maxTokens, used: perCall * 4, budgetName: "the team's monthly budget" }),
      expect.objectContaining({ nodeId: 's5', threshold: 100, limitKind: 'tokens', limit: maxTokens, used: perCall * 5 }),
    ]);
    const stored = await editor.runs.get({ id });
    expect(stored.steps.find((s) => s.nodeId === 's6')).toMatchObject({ status: 'FAILED', error: { code: 'BUDGET_EXCEEDED' } });
    expect(await db.budgetAlert.count({ where: { runId: id } })).toBe(2);
    // The run panel reads them back through the budgets API.
    expect((await team.as('VIEWER').budgets.runAlerts({ runId: id })).map((a) => [a.nodeId, a.threshold])).toEqual([['s4', 80], ['s5', 100]]);
  });

  it('raises only "used up" when one step takes the budget from under 80 % to past 100 %, and stores both crossings', async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Overshot');
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    const steps = STEPS.slice(0, 2);
    const graph = makeGraph({
      nodes: [{ id: 'input', type: 'input' }, ...steps.map((id) => ({ id, type: 'llm', config: { agentId: agent.id, prompt: PROMPT } }))],
      edges: ['input', ...steps].slice(1).map((id, i) => `${i === 0 ? 'input' : steps[i - 1]}->${id}`),
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const perCall = promptTokens({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: PROMPT }] }) + countTokens(ANSWER);
    // One call overshoots the limit, as 706 tokens did against 700.
    const maxTokens = perCall - 1;
    await team.as('OWNER').budgets.save({ masteryId: null, period: 'MONTH', maxCostUsd: null, maxTokens, maxConcurrentRuns: null });
    for (const _ of steps) mock.enqueue({ kind: 'text', text: ANSWER });
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const { id } = await editor.runs.start({ masteryId, input: {} });
    await runtime.engine.untilAtRest(id as RunId);

    const alerts = await team.as('VIEWER').budgets.runAlerts({ runId: id });
    expect(alerts.map((a) => [a.nodeId, a.threshold, a.used, a.limit])).toEqual([['s1', 100, perCall, maxTokens]]);
    // Both crossings are stored, so a later call in the period does not raise the 80 % one.
    expect((await db.budgetAlert.findMany({ where: { runId: id }, orderBy: { threshold: 'asc' } })).map((a) => a.threshold)).toEqual([80, 100]);
  });

  it('reaches each threshold of each limit only at or past it', () => {
    const budget = { id: 'b1', teamId: 't', masteryId: null, period: 'DAY' as const, maxCostUsd: 1, maxTokens: 1000, maxConcurrentRuns: null, mastery: null };
    const spend = { budget, since: new Date(0), spent: { costUsd: 0.5, tokens: 700 } };
    expect(reachedThresholds(spend, { costUsd: 0.29, tokens: 99 })).toEqual([]);
    expect(reachedThresholds(spend, { costUsd: 0.3, tokens: 100 }).map((n) => `${n.limitKind} ${n.threshold}`)).toEqual(['cost 80', 'tokens 80']);
    expect(reachedThresholds(spend, { costUsd: 0, tokens: 300 }).map((n) => `${n.limitKind} ${n.threshold}`)).toEqual(['tokens 80', 'tokens 100']);
  });
});
