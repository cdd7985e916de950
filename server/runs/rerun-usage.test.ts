/**
 * A re-run from the failed step costs only what runs again: a kept LLM step is not called again (the local
 * OpenAI-compatible server counts the calls), and its tokens and cost stay with the run that paid them, so
 * budgets and metrics, which sum runs and attempts, count them once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime, makeLlmTeam } from '@/test/openai-mock/fixtures';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { spentSince } from '@/server/budgets/usage';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

const graph = (shape: string) =>
  makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      { id: 'ask', type: 'llm', config: { model: 'gpt-4o-mini', prompt: 'Name a colour.' } },
      { id: 'shape', type: 'transform', config: { expression: shape } },
    ],
    edges: ['input->ask', 'ask->shape'],
  });

describeEachDb('re-run usage', (getDb) => {
  it('does not call a kept LLM step again nor count its tokens and cost twice', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Rerun usage');
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph('$number(steps.ask.output)'));
    const since = new Date(Date.now() - 60_000);
    mock.enqueue({ kind: 'text', text: 'teal' });
    const calls = mock.requests.length;

    const first = await editor.runs.start({ masteryId, input: {} });
    const failed = await runtime.engine.untilAtRest(first.id as RunId);
    expect(failed).toMatchObject({ status: 'FAILED', error: { nodeId: 'shape' } });
    expect(failed.totals.tokensIn + failed.totals.tokensOut).toBeGreaterThan(0);
    const fixed = await db.masteryVersion.create({ data: { masteryId, number: 2, graph: graph('$uppercase(steps.ask.output)') as object } });

    const again = await editor.runs.rerun({ runId: first.id, mode: 'FROM_FAILED_STEP', versionId: fixed.id });
    const rerun = await runtime.engine.untilAtRest(again.id as RunId);
    expect(rerun).toMatchObject({ status: 'SUCCEEDED', output: 'TEAL', totals: { tokensIn: 0, tokensOut: 0, costUsd: 0 } });
    expect(mock.requests.length - calls).toBe(1);
    const kept = await db.runStep.findUniqueOrThrow({ where: { runId_nodeId: { runId: again.id, nodeId: 'ask' } } });
    expect(kept).toMatchObject({ isReused: true, output: 'teal', tokensIn: 0, tokensOut: 0, costUsd: 0 });
    expect(await db.stepRun.count({ where: { runId: again.id, nodeId: 'ask' } })).toBe(0);
    const spent = await spentSince(db, { teamId: team.id, masteryId }, since);
    expect(spent.tokens).toBe(failed.totals.tokensIn + failed.totals.tokensOut);
  });
});
