import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { lineGraph } from './testing/make-graph';
import { makeBrokenMastery, makeEvolutionTeam, runToEnd, startEvolutionBench, type EvolutionBench, type EvolutionTeam } from './testing/setup';
import { proposeMissed } from './missed-proposals';
import { proposeOnce } from './proposal-claim';
import { propose } from './propose';

const slowGraph = (http: string) => lineGraph([{ id: 'import', type: 'http', config: { url: `${http}/slow?ms=500` }, policy: { timeoutMs: 300 } }]);

// Each test makes real runs and replays them: slow on a loaded machine, hence the longer timeouts.
describeEachDb('automatic proposals across a restart', (getDb) => {
  let bench: EvolutionBench;
  beforeAll(async () => {
    bench = await startEvolutionBench(getDb().client);
  });
  afterAll(async () => {
    await bench.close();
  });

  /** A run that failed while nobody watched it: the mastery is switched to PROPOSE only afterwards. */
  async function unwatchedFailure(team: EvolutionTeam) {
    const { masteryId } = await makeBrokenMastery(bench, team, slowGraph(bench.http.base));
    const run = await runToEnd(bench, team, masteryId);
    expect(run.status).toBe('FAILED');
    await bench.db.mastery.update({ where: { id: masteryId }, data: { evolverMode: 'PROPOSE' } });
    return { masteryId, runId: run.id };
  }

  const proposalsOf = (runId: string) => bench.db.evolutionAttempt.findMany({ where: { runId, outcome: 'PROPOSED' }, select: { proposalId: true, evidence: true } });

  it('proposes once for a failed run that has none, even with two callers at once, and never again', async () => {
    const team = await makeEvolutionTeam(bench, 'Restart');
    const { runId } = await unwatchedFailure(team);
    const { masteryId: offId, runId: offRun } = await unwatchedFailure(team);
    await bench.db.mastery.update({ where: { id: offId }, data: { evolverMode: 'OFF' } });
    const startedAt = new Date();

    const [first, second] = await Promise.all([proposeMissed(bench.db, bench.deps, { startedAt }), proposeMissed(bench.db, bench.deps, { startedAt })]);
    expect(first.proposed + second.proposed).toBeGreaterThanOrEqual(1);
    const proposals = await proposalsOf(runId);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]?.evidence).not.toBeNull();
    expect(await bench.db.autoProposal.findUnique({ where: { runId } })).toMatchObject({ finishedAt: expect.any(Date) });
    expect(await bench.db.evolutionAttempt.count({ where: { runId: offRun } })).toBe(0);

    // A later start, and a live watcher finishing late, find the claim and do nothing.
    expect(await proposeMissed(bench.db, bench.deps, { startedAt: new Date() })).toMatchObject({ proposed: 0, resumed: 0 });
    expect(await proposeOnce(bench.db, bench.deps, team.scope, runId, new Date())).toBe('SKIPPED');
    expect(await proposalsOf(runId)).toHaveLength(1);
  }, 90_000);

  it('leaves a run someone proposed for by hand, and old failures, alone', async () => {
    const team = await makeEvolutionTeam(bench, 'By hand');
    const { runId } = await unwatchedFailure(team);
    await propose(bench.db, bench.deps, team.scope, team.members.EDITOR.userId, { runId });
    const old = await unwatchedFailure(team);
    await bench.db.run.update({ where: { id: old.runId }, data: { finishedAt: new Date(Date.now() - 3 * 24 * 3_600_000) } });
    await proposeMissed(bench.db, bench.deps, { startedAt: new Date() });
    expect(await proposalsOf(runId)).toHaveLength(1);
    expect(await bench.db.evolutionAttempt.count({ where: { runId: old.runId } })).toBe(0);
  }, 90_000);

  it('finishes an interrupted proposal: a stored proposal gets its evidence, not a second proposal', async () => {
    const team = await makeEvolutionTeam(bench, 'Interrupted');
    const { runId } = await unwatchedFailure(team);
    const beforeRestart = new Date(Date.now() - 60_000);
    // The earlier process claimed the run and stored the proposal, then stopped before the replays.
    await bench.db.autoProposal.create({ data: { runId, claimedAt: beforeRestart } });
    const made = await propose(bench.db, bench.deps, team.scope, null, { runId });
    await bench.db.$executeRaw`UPDATE "EvolutionAttempt" SET evidence = NULL WHERE "proposalId" = ${made.proposal?.id ?? ''}`;

    // A claim made by this process (after it started) is a live one: not taken over.
    expect(await proposeOnce(bench.db, bench.deps, team.scope, runId, new Date(beforeRestart.getTime() - 1))).toBe('SKIPPED');
    const [a, b] = await Promise.all([proposeMissed(bench.db, bench.deps, { startedAt: new Date() }), proposeMissed(bench.db, bench.deps, { startedAt: new Date() })]);
    expect(a.resumed + b.resumed).toBe(1);
    expect(a.proposed + b.proposed).toBe(0);
    const proposals = await proposalsOf(runId);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]?.proposalId).toBe(made.proposal?.id);
    expect((proposals[0]?.evidence as { items: Array<{ proposal: { status: string } }> }).items[0]?.proposal.status).toBe('PASSED');
  }, 90_000);

  it('watches a run resumed by recovery, and proposes when it fails', async () => {
    const team = await makeEvolutionTeam(bench, 'Resumed');
    const { masteryId } = await makeBrokenMastery(bench, team, slowGraph(bench.http.base));
    // Started with the evolver off, so no watcher of its own; switched on as if by the earlier process.
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    await bench.db.mastery.update({ where: { id: masteryId }, data: { evolverMode: 'PROPOSE' } });
    const counts = await proposeMissed(bench.db, bench.deps, { resumedRunIds: [id], startedAt: new Date() });
    expect(counts.watched).toBe(1);
    let proposals: Awaited<ReturnType<typeof proposalsOf>> = [];
    for (let i = 0; i < 300 && (proposals.length === 0 || proposals[0]?.evidence === null); i++) {
      proposals = await proposalsOf(id);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(proposals).toHaveLength(1);
    expect(proposals[0]?.evidence).not.toBeNull();
  }, 90_000);
});
