import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { BROKEN_MASTERIES } from '../testing/fixtures';
import { makeBrokenMastery, makeEvolutionTeam, runToEnd, startEvolutionBench, type EvolutionBench } from '../testing/setup';
import { propose } from '../propose';
import { llmPatchStrategy } from './llm-patch';

const fixture = (name: string) => {
  const found = BROKEN_MASTERIES.find((m) => m.name === name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found;
};

describeEachDb('the model strategy against the local OpenAI-compatible test server', (getDb) => {
  let bench: EvolutionBench;
  beforeAll(async () => {
    bench = await startEvolutionBench(getDb().client);
  });
  afterAll(async () => {
    await bench.close();
  });

  async function failedRun(name: string, isScripted = true) {
    const broken = fixture(name);
    const team = await makeEvolutionTeam(bench, 'Model');
    const { masteryId, versionId } = await makeBrokenMastery(bench, team, broken.graph({ http: bench.http.base }));
    const run = await runToEnd(bench, team, masteryId, broken.input);
    expect(run.status).toBe('FAILED');
    if (isScripted) bench.llm.enqueue(...(broken.replies ?? []));
    return { team, masteryId, versionId, runId: run.id };
  }

  it('keeps a scripted patch that validates, with its tokens and cost, and its replay passes', async () => {
    const { team, versionId, runId } = await failedRun('Wrong expression');
    const asked = bench.llm.requests.length;
    const result = await propose(bench.db, bench.deps, team.scope, team.members.EDITOR.userId, { runId });
    expect(result.attempts.map((a) => [a.strategy, a.outcome])).toEqual([['guard-expression', 'REFUSED'], ['llm-patch', 'PROPOSED']]);
    const request = bench.llm.requests[asked];
    expect(request?.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(request?.messages)).toContain('$number(input.total)');
    const proposal = await bench.db.masteryVersion.findUniqueOrThrow({ where: { id: result.proposal?.id ?? '' }, include: { evolution: true } });
    expect(proposal).toMatchObject({ parentId: versionId, source: 'EVOLVER', status: 'PROPOSED' });
    expect(proposal.note).toContain('Model edit of expression of "amount": The input writes decimals with a comma.');
    expect(proposal.evolution?.tokensIn).toBeGreaterThan(0);
    expect(proposal.evolution?.tokensOut).toBeGreaterThan(0);
    expect(proposal.evolution?.costUsd).toBeGreaterThan(0);
    const evidence = proposal.evolution?.evidence as { items: Array<{ parent: { status: string }; proposal: { status: string } }> };
    expect(evidence.items.map((i) => [i.parent.status, i.proposal.status])).toEqual([['FAILED', 'PASSED']]);
  });

  it('refuses a patch that names a step the graph does not have, storing nothing but the logged attempt', async () => {
    const { team, masteryId, runId } = await failedRun('Malformed model patch');
    const result = await propose(bench.db, bench.deps, team.scope, null, { runId });
    expect(result.proposal).toBeNull();
    expect(result.attempts.at(-1)).toMatchObject({ strategy: 'llm-patch', outcome: 'REFUSED', reason: 'the patch edits a step "nowhere" that the graph does not have' });
    expect(await bench.db.masteryVersion.count({ where: { masteryId } })).toBe(1);
    const logged = await bench.db.evolutionAttempt.findFirstOrThrow({ where: { runId, strategy: 'llm-patch' } });
    expect(logged).toMatchObject({ outcome: 'REFUSED', proposalId: null });
    expect(logged.tokensOut).toBeGreaterThan(0);
  });

  it('refuses an answer that is not a patch at all, and one whose edit breaks the graph', async () => {
    const { team, masteryId, runId } = await failedRun('Wrong expression', false);
    bench.llm.enqueue(
      { kind: 'json', value: { reason: 'no edits', edits: 'not a list' } },
      { kind: 'json', value: { reason: 'breaks it', edits: [{ nodeId: 'amount', field: 'expression', value: '$number(' }] } },
    );
    const malformed = await propose(bench.db, bench.deps, team.scope, null, { runId, strategies: [llmPatchStrategy] });
    expect(malformed.attempts[0]?.reason).toMatch(/^the model's patch is malformed: edits/);
    const broken = await propose(bench.db, bench.deps, team.scope, null, { runId, strategies: [llmPatchStrategy] });
    expect(broken.proposal).toBeNull();
    expect(broken.attempts[0]?.reason).toContain('the patched graph does not validate');
    expect(await bench.db.masteryVersion.count({ where: { masteryId } })).toBe(1);
  });
});
