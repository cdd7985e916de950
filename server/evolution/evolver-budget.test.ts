import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph } from '@/test/api';
import { startRun } from '@/server/runs/service';
import { BROKEN_MASTERIES } from './testing/fixtures';
import { lineGraph } from './testing/make-graph';
import { makeBrokenMastery, makeEvolutionTeam, runToEnd, startEvolutionBench, type EvolutionBench } from './testing/setup';
import { propose } from './propose';
import { untilRunEnds } from './run-end';
import { evolverDeps } from './deps';
import { llmPatchStrategy } from './strategies/llm-patch';

const wrongExpression = BROKEN_MASTERIES.find((m) => m.name === 'Wrong expression');

// Each test makes real runs and replays them: slow on a loaded machine, hence the longer timeouts.
describeEachDb('the evolver within budgets and evaluation runs', (getDb) => {
  let bench: EvolutionBench;
  beforeAll(async () => {
    bench = await startEvolutionBench(getDb().client);
  });
  afterAll(async () => {
    await bench.close();
  });

  async function failedRun() {
    if (wrongExpression === undefined) throw new Error('no fixture');
    const team = await makeEvolutionTeam(bench, 'Spender');
    const { masteryId } = await makeBrokenMastery(bench, team, wrongExpression.graph({ http: bench.http.base }));
    const run = await runToEnd(bench, team, masteryId, wrongExpression.input);
    expect(run.status).toBe('FAILED');
    return { team, masteryId, runId: run.id, replies: wrongExpression.replies ?? [] };
  }

  it("counts the model's tokens and cost in the team's and the mastery's budgets, and does not call the model once one is spent", async () => {
    const { team, masteryId, runId, replies } = await failedRun();
    const before = await team.as('VIEWER').budgets.list();
    expect(before).toEqual([]);
    await bench.db.budget.create({ data: { teamId: team.id, period: 'DAY', maxTokens: 1_000_000 } });
    const mastery = await bench.db.budget.create({ data: { teamId: team.id, masteryId, period: 'MONTH', maxCostUsd: 1 } });
    bench.llm.enqueue(...replies);
    const spent = await propose(bench.db, bench.deps, team.scope, null, { runId, strategies: [llmPatchStrategy] });
    const attempt = spent.attempts[0];
    expect(attempt).toMatchObject({ strategy: 'llm-patch', outcome: 'PROPOSED' });
    expect(attempt?.tokens).toBeGreaterThan(0);
    expect(attempt?.costUsd).toBeGreaterThan(0);

    // The run itself called no model: what the budgets show now is the evolver's.
    const runSpend = await bench.db.run.aggregate({ where: { teamId: team.id, purpose: 'PRODUCTION' }, _sum: { tokensIn: true, tokensOut: true } });
    expect((runSpend._sum.tokensIn ?? 0) + (runSpend._sum.tokensOut ?? 0)).toBe(0);
    const used = await team.as('VIEWER').budgets.list();
    const teamBudget = used.find((b) => b.masteryId === null);
    const masteryBudget = used.find((b) => b.masteryId === masteryId);
    expect(teamBudget?.used.tokens).toBeGreaterThanOrEqual(attempt?.tokens ?? Infinity);
    expect(masteryBudget?.used.costUsd).toBeGreaterThanOrEqual(attempt?.costUsd ?? Infinity);

    // The mastery's budget is now spent to the last cent it allows: the model is not called again.
    await bench.db.budget.update({ where: { id: mastery.id }, data: { maxCostUsd: masteryBudget?.used.costUsd ?? 0 } });
    const asked = bench.llm.requests.length;
    const refused = await propose(bench.db, bench.deps, team.scope, null, { runId, strategies: [llmPatchStrategy] });
    expect(bench.llm.requests.length).toBe(asked);
    expect(refused.proposal).toBeNull();
    expect(refused.attempts[0]?.outcome).toBe('REFUSED');
    expect(refused.attempts[0]?.reason).toMatch(/^the model was not called: Budget exceeded: the monthly budget of "Broken[^"]*" allows/);
    const logged = await bench.db.evolutionAttempt.findFirstOrThrow({ where: { runId, outcome: 'REFUSED' } });
    expect(logged).toMatchObject({ tokensIn: 0, tokensOut: 0, costUsd: 0 });
  }, 90_000);

  it('uses an instruction only with a model, and says so when it cannot', async () => {
    const { team, runId } = await failedRun();
    const noModel = evolverDeps(bench.db, bench.runtime, undefined, bench.deps.replay);
    const result = await propose(bench.db, noModel, team.scope, null, { runId, instruction: 'make the prompt ask for JSON' });
    expect(result.notice).toBe('No model is configured, so the instruction was not used: only the built-in fixes were tried.');
    expect(result.attempts.map((a) => a.strategy)).toEqual(['guard-expression']);

    const asked = bench.llm.requests.length;
    bench.llm.enqueue({ kind: 'json', value: { reason: 'as asked', edits: [{ nodeId: 'amount', field: 'expression', value: '$number($replace(input.total, ",", "."))' }] } });
    const withModel = await propose(bench.db, bench.deps, team.scope, null, { runId, instruction: 'read decimal commas' });
    expect(withModel.notice).toBeNull();
    expect(withModel.attempts.map((a) => [a.strategy, a.outcome])).toEqual([['llm-patch', 'PROPOSED']]);
    expect(JSON.stringify(bench.llm.requests[asked]?.messages)).toContain('The person asks: read decimal commas');
  }, 90_000);

  it('starts the child runs of an evaluation run as evaluation runs, kept out of the run list', async () => {
    const team = await makeEvolutionTeam(bench, 'Nested');
    const child = await makeMasteryWithGraph(bench.db, team.id, lineGraph([{ id: 'double', type: 'transform', config: { expression: 'input.n * 2' } }]), 'Child');
    const parent = await makeMasteryWithGraph(bench.db, team.id, lineGraph([{ id: 'sub', type: 'mastery', config: { masteryId: child.masteryId, input: { n: 2 } } }]), 'Parent');
    await bench.db.mastery.updateMany({ where: { teamId: team.id }, data: { evolverMode: 'OFF' } });
    const replay = await startRun(bench.db, bench.runtime, team.scope, null, { masteryId: parent.masteryId, input: {} }, undefined, 'EVALUATION');
    const { run } = await untilRunEnds(bench.db, team.scope, replay.id, 30_000);
    expect(run.status).toBe('SUCCEEDED');
    const children = await bench.db.run.findMany({ where: { parentRunId: replay.id }, select: { purpose: true, masteryId: true, status: true } });
    expect(children).toEqual([{ purpose: 'EVALUATION', masteryId: child.masteryId, status: 'SUCCEEDED' }]);

    const production = await team.as('EDITOR').runs.start({ masteryId: parent.masteryId, input: {} });
    await untilRunEnds(bench.db, team.scope, production.id, 30_000);
    expect(await bench.db.run.findMany({ where: { parentRunId: production.id }, select: { purpose: true } })).toEqual([{ purpose: 'PRODUCTION' }]);
    const listed = await team.as('EDITOR').runs.list({ masteryId: child.masteryId, limit: 10 });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.parentRunId).toBe(production.id);
  }, 90_000);
});
