import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { lineGraph } from './testing/make-graph';
import { makeBrokenMastery, makeEvolutionTeam, runToEnd, startEvolutionBench, type EvolutionBench, type EvolutionTeam } from './testing/setup';
import { untilRunEnds } from './run-end';
import { proposeOnce } from './proposal-claim';
import { propose } from './propose';
import { timeoutStrategy } from './strategies/timeout';

/** Fails every other request with a 503: the run fails, the old version's replay right after passes. */
const flakyGraph = (http: string, key: string) => lineGraph([{ id: 'import', type: 'http', config: { url: `${http}/cycle/${key}?fail=1&status=503` } }]);
const slowGraph = (http: string) => lineGraph([{ id: 'import', type: 'http', config: { url: `${http}/slow?ms=500` }, policy: { timeoutMs: 400 } }]);

/** Each test runs and replays real runs; on a busy machine that takes longer than the default. */
const SLOW = 120_000;

describeEachDb('the evolver does not repeat a decided change', (getDb) => {
  let bench: EvolutionBench;
  beforeAll(async () => {
    bench = await startEvolutionBench(getDb().client);
  });
  afterAll(async () => {
    await bench.close();
  });

  const evolverVersions = (masteryId: string) => bench.db.masteryVersion.count({ where: { masteryId, source: 'EVOLVER' } });

  async function failedRun(team: EvolutionTeam, masteryId: string) {
    const run = await runToEnd(bench, team, masteryId);
    expect(run.status).toBe('FAILED');
    return run.id;
  }

  it('says plainly when the old version passed the failed input on replay, and names steps by their card name', async () => {
    const team = await makeEvolutionTeam(bench);
    const graph = flakyGraph(bench.http.base, 'evidence');
    graph.nodes = graph.nodes.map((node) => (node.id === 'import' ? { ...node, name: 'Import batch' } : node));
    const { masteryId } = await makeBrokenMastery(bench, team, graph);
    const runId = await failedRun(team, masteryId);
    const { proposal } = await team.as('EDITOR').evolution.propose({ runId });
    expect(proposal?.strategy).toBe('retry-backoff');
    const detail = await team.as('VIEWER').evolution.byId({ proposalId: proposal?.id ?? '' });
    const failedInput = detail.evolution?.evidence?.items.find((item) => item.testInputId === null);
    expect([failedInput?.parent.status, failedInput?.proposal.status]).toEqual(['PASSED', 'PASSED']);
    expect(detail.evolution?.evidence?.isPassing).toBe(true);
    expect(detail.evidenceState).toBe('NOT_REPRODUCED');
    expect((await team.as('VIEWER').evolution.queue({ masteryId })).items.map((item) => item.evidenceState)).toEqual(['NOT_REPRODUCED']);
    expect(detail.nodeNames).toMatchObject({ import: 'Import batch' });
  }, SLOW);

  it('does not propose a rejected change again, automatically or when asked, and says which version it was', async () => {
    const team = await makeEvolutionTeam(bench);
    const { masteryId } = await makeBrokenMastery(bench, team, flakyGraph(bench.http.base, 'rejected'));
    const first = await failedRun(team, masteryId);
    const { proposal } = await team.as('EDITOR').evolution.propose({ runId: first });
    const proposalId = proposal?.id ?? '';
    await team.as('APPROVER').evolution.reject({ proposalId, reason: 'retries hide the outage' });

    const again = await failedRun(team, masteryId);
    // Without a model: the built-in fix is the only one, so a repeat of it leaves nothing to propose.
    const deps = { ...bench.deps, llm: undefined };
    expect(await proposeOnce(bench.db, deps, team.scope, again)).toBe('PROPOSED');
    expect(await evolverVersions(masteryId)).toBe(1);
    const refused = await bench.db.evolutionAttempt.findFirstOrThrow({ where: { runId: again, strategy: 'retry-backoff' } });
    expect(refused).toMatchObject({ outcome: 'REFUSED', proposalId: null });
    expect(refused.reason).toBe(`the same change was proposed as version ${proposal?.number} and rejected ("retries hide the outage")`);

    const asked = await propose(bench.db, deps, team.scope, team.members.EDITOR.userId, { runId: again });
    expect(asked.proposal).toBeNull();
    expect(asked.attempts.find((a) => a.strategy === 'retry-backoff')?.repeatOf).toMatchObject({ id: proposalId, number: proposal?.number, status: 'REJECTED' });
    expect(await evolverVersions(masteryId)).toBe(1);
    // The run's panel finds the proposal made for the first run, with its decision.
    expect(await team.as('VIEWER').evolution.forRun({ runId: first })).toEqual([
      expect.objectContaining({ id: proposalId, number: proposal?.number, status: 'REJECTED', decisionNote: 'retries hide the outage', strategy: 'retry-backoff' }),
    ]);
    expect(await team.as('VIEWER').evolution.forRun({ runId: again })).toEqual([]);
  }, SLOW);

  it('does not propose again a change that was approved and then rolled back', async () => {
    const team = await makeEvolutionTeam(bench);
    const { masteryId, versionId } = await makeBrokenMastery(bench, team, slowGraph(bench.http.base));
    const runId = await failedRun(team, masteryId);
    const { proposal } = await propose(bench.db, bench.deps, team.scope, null, { runId, strategies: [timeoutStrategy] });
    await team.as('APPROVER').evolution.approve({ proposalId: proposal?.id ?? '' });
    await team.as('EDITOR').versions.makeCurrent({ versionId });

    const asked = await propose(bench.db, bench.deps, team.scope, team.members.EDITOR.userId, { runId, strategies: [timeoutStrategy] });
    expect(asked.proposal).toBeNull();
    expect(asked.attempts).toEqual([expect.objectContaining({ strategy: 'timeout', outcome: 'REFUSED', repeatOf: expect.objectContaining({ id: proposal?.id, status: 'APPROVED', isRolledBack: true, isCurrent: false }) })]);
    expect(asked.attempts[0]?.reason).toBe(`the same change was approved as version ${proposal?.number} and later rolled back`);
    // Every strategy: another change may still be proposed, never the rolled-back one.
    const any = await propose(bench.db, bench.deps, team.scope, null, { runId });
    expect(any.proposal?.strategy).not.toBe('timeout');
    expect(await evolverVersions(masteryId)).toBe(any.proposal === null ? 1 : 2);
  }, SLOW);

  it('explains that a rejected approval is a decision, not a fault, and tries nothing', async () => {
    const team = await makeEvolutionTeam(bench);
    const graph = lineGraph([{ id: 'review', type: 'approval', config: { message: 'Ship it?' } }]);
    graph.edges = (graph.edges ?? []).map((edge) => (edge.source === 'review' ? { ...edge, sourceHandle: 'approved' } : edge));
    const { masteryId } = await makeBrokenMastery(bench, team, graph);
    const { id: runId } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    for (let i = 0; i < 100 && (await bench.db.run.findUniqueOrThrow({ where: { id: runId } })).status !== 'WAITING'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await team.as('APPROVER').runs.decide({ runId, nodeId: 'review', decision: 'reject', comment: 'not this week' });
    expect((await untilRunEnds(bench.db, team.scope, runId, 10_000)).run.status).toBe('FAILED');

    const result = await team.as('EDITOR').evolution.propose({ runId });
    expect(result.proposal).toBeNull();
    expect(result.attempts).toEqual([]);
    expect(result.explanation).toContain('A person rejected the approval step "review"');
    expect(result.explanation).toContain('not this week');
    expect(result.explanation).toContain('That is a decision, not a fault to fix');
    expect(await bench.db.evolutionAttempt.count({ where: { runId } })).toBe(0);
  }, SLOW);
});
