/**
 * A provider that reports no usage (no final usage chunk) over the real database and the local mock
 * server: the call's tokens are counted with gpt-tokenizer, priced at the team's price and marked as
 * estimated, so a token budget still stops the run before the next call.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/model/gpt-4o';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime, makeLlmTeam } from '@/test/openai-mock/fixtures';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

const ANSWER = 'An answer streamed by a server that never says how many tokens it used.';

describeEachDb('usage estimated when the provider reports none', (getDb) => {
  it('counts and prices the tokens, marks the attempt as estimated, and a token budget stops the run', async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Unreported');
    await team.as('OWNER').prices.save({ model: 'gpt-4o-mini', inputPerMTok: 150, outputPerMTok: 600 });
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    const graph = makeGraph({
      nodes: [
        { id: 'input', type: 'input' },
        { id: 'first', type: 'llm', config: { agentId: agent.id, prompt: 'Tell me something.' } },
        { id: 'second', type: 'llm', config: { agentId: agent.id, prompt: 'And more.' } },
      ],
      edges: ['input->first', 'first->second'],
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    await team.as('OWNER').budgets.save({ masteryId, period: 'DAY', maxCostUsd: null, maxTokens: 20, maxConcurrentRuns: null });
    mock.enqueue({ kind: 'text', text: ANSWER, withoutUsage: true });
    const calls = mock.requests.length;
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const { id } = await editor.runs.start({ masteryId, input: {} });
    const run = await runtime.engine.untilAtRest(id as RunId);

    expect(mock.requests.length - calls).toBe(1);
    expect(run.status).toBe('FAILED');
    const stored = await editor.runs.get({ id });
    const first = stored.attempts.find((a) => a.nodeId === 'first');
    const tokensOut = countTokens(ANSWER);
    expect(first).toMatchObject({ status: 'SUCCEEDED', isEstimated: true, tokensOut });
    expect(first?.tokensIn).toBeGreaterThan(countTokens('You are a precise analyst.') + countTokens('Tell me something.'));
    expect(first?.costUsd).toBeCloseTo(((first?.tokensIn ?? 0) * 150 + tokensOut * 600) / 1_000_000, 10);
    expect(stored.tokensIn + stored.tokensOut).toBe((first?.tokensIn ?? 0) + tokensOut);
    expect(stored.steps.find((s) => s.nodeId === 'second')).toMatchObject({ status: 'FAILED', error: { code: 'BUDGET_EXCEEDED' } });
  });

  it('keeps the reported figures, not an estimate, when the provider sends usage', async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Reported');
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    const graph = makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'ask', type: 'llm', config: { agentId: agent.id, prompt: 'Hi' } }], edges: ['input->ask'] });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    mock.enqueue({ kind: 'text', text: ANSWER });
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const { id } = await editor.runs.start({ masteryId, input: {} });
    expect((await runtime.engine.untilAtRest(id as RunId)).status).toBe('SUCCEEDED');
    const [attempt] = (await editor.runs.get({ id })).attempts.filter((a) => a.nodeId === 'ask');
    // The mock counts four characters a token: its figure, not gpt-tokenizer's.
    expect(attempt).toMatchObject({ isEstimated: false, tokensOut: Math.ceil(ANSWER.length / 4) });
  });
});
