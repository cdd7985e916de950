/**
 * Prices are per team: one team's owner changing or removing a model's price changes what that team's
 * calls cost, never another team's. Both teams call the same mock model through the real API; each
 * run's recorded cost is read back through runs.get.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { outcomeText } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime, makeLlmTeam, runGraph } from '@/test/openai-mock/fixtures';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { BUILT_IN_PRICES } from './built-in-prices';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

const MODEL = 'gpt-4o-mini';
const builtIn = BUILT_IN_PRICES.find((price) => price.model === MODEL);
const graph = makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'ask', type: 'llm', config: { model: MODEL, prompt: 'Say something.' } }], edges: ['input->ask'] });

describeEachDb('prices per team', (getDb) => {
  async function costOfOneCall(team: Awaited<ReturnType<typeof makeLlmTeam>>['team']) {
    const db = getDb().client;
    mock.enqueue({ kind: 'text', text: 'Something short.' });
    const run = await runGraph(db, llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url }), team, graph);
    expect((await run.untilAtRest()).status).toBe('SUCCEEDED');
    const stored = await run.get();
    const [attempt] = stored.attempts.filter((a) => a.nodeId === 'ask');
    if (attempt === undefined) throw new Error('the run has no attempt of "ask"');
    return { cost: stored.costUsd, tokensIn: attempt.tokensIn, tokensOut: attempt.tokensOut };
  }
  const priced = (price: { inputPerMTok: number; outputPerMTok: number }, call: { tokensIn: number; tokensOut: number }) =>
    (call.tokensIn * price.inputPerMTok + call.tokensOut * price.outputPerMTok) / 1_000_000;

  it("one team's price change and removal leave another team's prices and costs as they were", async () => {
    if (builtIn === undefined) throw new Error(`${MODEL} has no built-in price`);
    const db = getDb().client;
    const { team: victim } = await makeLlmTeam(db, 'Victims');
    const { team: other } = await makeLlmTeam(db, 'Others');
    const huge = { model: MODEL, inputPerMTok: 100_000, outputPerMTok: 100_000 };

    await other.as('OWNER').prices.save(huge);
    await other.as('OWNER').prices.save({ model: 'gpt-4.1-mini', inputPerMTok: 0, outputPerMTok: 0 });
    await other.as('OWNER').prices.remove({ model: 'gpt-4.1-mini' });

    const victimCall = await costOfOneCall(victim);
    expect(victimCall.cost).toBeGreaterThan(0);
    expect(victimCall.cost).toBeCloseTo(priced(builtIn, victimCall), 12);
    const otherCall = await costOfOneCall(other);
    expect(otherCall.cost).toBeCloseTo(priced(huge, otherCall), 12);

    expect(await victim.as('VIEWER').prices.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ model: MODEL, inputPerMTok: builtIn.inputPerMTok, outputPerMTok: builtIn.outputPerMTok, source: 'built-in' }),
        expect.objectContaining({ model: 'gpt-4.1-mini', source: 'built-in' }),
      ]),
    );
    expect(await other.as('VIEWER').prices.list()).toEqual(expect.arrayContaining([expect.objectContaining({ ...huge, source: 'team' })]));

    // Removing the team's own price returns the team to the built-in one.
    await other.as('OWNER').prices.remove({ model: MODEL });
    const after = await costOfOneCall(other);
    expect(after.cost).toBeCloseTo(priced(builtIn, after), 12);
  });

  it('keeps built-in prices read-only: removing one is refused and changes nothing', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Built-in removers');
    expect(await outcomeText(team.as('OWNER').prices.remove({ model: MODEL }))).toMatch(/^NOT_FOUND: .*built-in/);
    expect(await team.as('VIEWER').prices.list()).toEqual(expect.arrayContaining([expect.objectContaining({ model: MODEL, source: 'built-in' })]));
  });
});
