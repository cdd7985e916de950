/** The seeded "Research and critique" mastery runs to completion against the mock OpenAI server. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor } from '@/test/api';
import type { RunId } from '@/server/engine/graph';
import { DEMO, seedDemo } from '@/prisma/seed/seed';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime } from '@/test/openai-mock/fixtures';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi();
});
afterAll(() => mock.close());

describeEachDb('demo "Research and critique"', (getDb) => {
  it('runs its three llm steps through the seeded agents and writes a brief, with usage and cost', async () => {
    const db = getDb().client;
    await seedDemo(db, { baseUrl: 'http://localhost:3000' });
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO.owner.email } });
    const mastery = await db.mastery.findFirstOrThrow({ where: { teamId: DEMO.teamId, name: 'Research and critique' } });
    const runtime = llmRuntime(db, { apiKey: 'sk-demo', baseURL: mock.url });
    const caller = callerFor(db, { user: { userId: owner.id, email: owner.email }, activeTeamId: DEMO.teamId, runtime });
    const { id } = await caller.runs.start({ masteryId: mastery.id, input: { topic: 'Heat pumps in cold climates' } });
    const run = await runtime.engine.untilAtRest(id as RunId);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ brief: expect.stringContaining('Write a balanced one-page brief') });
    const attempts = await db.stepRun.findMany({ where: { runId: id, model: { not: null } }, orderBy: { nodeId: 'asc' } });
    expect(attempts.map((a) => [a.nodeId, a.model, a.agentVersion])).toEqual([
      ['critique', 'gpt-4o-mini', 1],
      ['research', 'gpt-4o-mini', 1],
      ['synthesise', 'gpt-4o-mini', 1],
    ]);
    // gpt-4o-mini is in the seeded price table, so every call has a cost.
    for (const a of attempts) expect(a.costUsd).toBeGreaterThan(0);
    const stored = await db.run.findUniqueOrThrow({ where: { id } });
    expect(stored.costUsd).toBeCloseTo(attempts.reduce((sum, a) => sum + a.costUsd, 0));
    // The synthesiser's prompt carried the two earlier answers.
    const synthesis = mock.requests.find((r) => JSON.stringify(r.messages).includes('balanced one-page brief'));
    expect(JSON.stringify(synthesis?.messages)).toContain('Mock answer from gpt-4o-mini');
  });
});
