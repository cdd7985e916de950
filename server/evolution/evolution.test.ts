import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeTeam, trpcFailure } from '@/test/api';
import { lineGraph } from './testing/make-graph';
import { makeBrokenMastery, makeEvolutionTeam, runToEnd, startEvolutionBench, type EvolutionBench } from './testing/setup';
import { gatherEvidence } from './evidence';
import { propose } from './propose';
import { approvalsByStrategy } from './ranking';

const slowGraph = (http: string, ms = 500, timeoutMs = 400) => lineGraph([{ id: 'import', type: 'http', config: { url: `${http}/slow?ms=${ms}` }, policy: { timeoutMs } }]);

describeEachDb('the evolver on real runs', (getDb) => {
  let bench: EvolutionBench;
  beforeAll(async () => {
    bench = await startEvolutionBench(getDb().client);
  });
  afterAll(async () => {
    await bench.close();
  });

  async function failedTimeoutRun() {
    const team = await makeEvolutionTeam(bench);
    const { masteryId, versionId } = await makeBrokenMastery(bench, team, slowGraph(bench.http.base));
    const run = await runToEnd(bench, team, masteryId);
    expect(run.status).toBe('FAILED');
    return { team, masteryId, versionId, runId: run.id };
  }

  it('proposes a longer timeout with retries, backed by evaluation replays, and only an approver makes it current', async () => {
    const { team, masteryId, versionId, runId } = await failedTimeoutRun();
    const editor = team.as('EDITOR');
    await editor.testInputs.create({ masteryId, name: 'rows', input: {}, check: '$count($output.rows) = 3' });
    await editor.testInputs.create({ masteryId, name: 'wrong expectation', input: {}, check: '$count($output.rows) = 4' });

    const result = await editor.evolution.propose({ runId });
    expect(result.proposal?.strategy).toBe('timeout');
    const proposalId = result.proposal?.id ?? '';
    const version = await bench.db.masteryVersion.findUniqueOrThrow({ where: { id: proposalId } });
    expect(version).toMatchObject({ source: 'EVOLVER', status: 'PROPOSED', parentId: versionId, authorId: team.members.EDITOR.userId });
    expect(version.note).toContain('timeout raised to 1.20 s');

    const detail = await team.as('VIEWER').evolution.byId({ proposalId });
    expect(detail.comparison?.diff.nodes.map((n) => [n.id, n.kind, n.fields.map((f) => f.path)])).toEqual([['import', 'changed', ['policy.retry', 'policy.timeoutMs']]]);
    const items = detail.evolution?.evidence?.items ?? [];
    expect(items.map((i) => [i.label, i.parent.status, i.proposal.status])).toEqual([
      ['Input of the failed run', 'TIMED_OUT', 'PASSED'],
      ['rows', 'TIMED_OUT', 'PASSED'],
      ['wrong expectation', 'TIMED_OUT', 'CHECK_FAILED'],
    ]);
    expect(items[2]?.proposal.check).toEqual({ isPassed: false, value: false });
    expect(items[0]?.proposal.durationMs).toBeGreaterThanOrEqual(500);
    expect(detail.evolution?.evidence?.isPassing).toBe(false);
    // Six replays were run, none of them in the run list, the last run or the metrics.
    expect(await bench.db.run.count({ where: { masteryId, purpose: 'EVALUATION' } })).toBe(6);
    expect((await editor.runs.list({ masteryId, limit: 50 })).items.map((r) => r.id)).toEqual([runId]);
    expect((await editor.masteries.list({ includeArchived: false })).find((m) => m.id === masteryId)?.lastRun?.status).toBe('FAILED');
    const metrics = await team.as('VIEWER').metrics.summary({ days: 7 });
    expect(metrics.masteries.find((m) => m.masteryId === masteryId)).toMatchObject({ runs: 1, failed: 1, succeeded: 0 });

    expect((await team.as('VIEWER').evolution.queue({})).count).toBe(1);
    expect((await trpcFailure(editor.evolution.approve({ proposalId }))).code).toBe('FORBIDDEN');
    expect((await trpcFailure(team.as('VIEWER').evolution.approve({ proposalId }))).code).toBe('FORBIDDEN');
    const stranger = await makeTeam(bench.db, 'Strangers');
    expect((await trpcFailure(stranger.as('OWNER').evolution.approve({ proposalId }))).code).toBe('NOT_FOUND');
    expect((await trpcFailure(stranger.as('OWNER').evolution.reject({ proposalId, reason: 'no' }))).code).toBe('NOT_FOUND');

    const approved = await team.as('APPROVER').evolution.approve({ proposalId });
    expect(approved.status).toBe('APPROVED');
    expect((await trpcFailure(team.as('OWNER').evolution.approve({ proposalId }))).message).toContain('already approved');
    expect((await trpcFailure(team.as('OWNER').evolution.reject({ proposalId, reason: 'late' }))).code).toBe('CONFLICT');
    const list = await team.as('VIEWER').versions.list({ masteryId });
    expect(list[0]).toMatchObject({ id: proposalId, isCurrent: true, status: 'APPROVED', source: 'EVOLVER', decidedBy: { id: team.members.APPROVER.userId } });
    expect(await bench.db.auditLog.count({ where: { teamId: team.id, action: 'version.approve', targetId: proposalId, actorId: team.members.APPROVER.userId } })).toBe(1);
    expect((await team.as('VIEWER').evolution.queue({})).count).toBe(0);
    expect((await runToEnd(bench, team, masteryId)).status).toBe('SUCCEEDED');
  });

  it('refuses to approve a proposal whose parent is no longer current, and re-proposes it on the current version', async () => {
    const { team, masteryId, versionId, runId } = await failedTimeoutRun();
    const first = await team.as('EDITOR').evolution.propose({ runId });
    const proposalId = first.proposal?.id ?? '';
    const draft = await team.as('EDITOR').versions.saveDraft({ masteryId, baseVersionId: proposalId, graph: slowGraph(bench.http.base, 500, 300), note: 'someone else', force: true });
    await team.as('EDITOR').versions.publish({ versionId: draft.id });

    const stale = await trpcFailure(team.as('APPROVER').evolution.approve({ proposalId }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain(`is current now; re-propose it on the current version`);
    expect((await bench.db.mastery.findUniqueOrThrow({ where: { id: masteryId } })).currentVersionId).toBe(draft.id);
    expect((await team.as('VIEWER').evolution.byId({ proposalId })).isStale).toBe(true);

    const again = await team.as('EDITOR').evolution.repropose({ proposalId });
    const fresh = await bench.db.masteryVersion.findUniqueOrThrow({ where: { id: again.proposal?.id ?? '' } });
    expect(fresh).toMatchObject({ parentId: draft.id, status: 'PROPOSED' });
    expect(fresh.note).toContain('timed out after 300 ms');
    expect(await bench.db.masteryVersion.findUniqueOrThrow({ where: { id: proposalId } })).toMatchObject({ status: 'REJECTED', decisionNote: `Superseded by version ${fresh.number}, proposed on the current version` });
    await team.as('APPROVER').evolution.approve({ proposalId: fresh.id });
    expect(versionId).not.toBe(fresh.id);
  });

  it('records a rejection with its reason, audit-logged, and ranks strategies by approvals per error class', async () => {
    const { team, runId } = await failedTimeoutRun();
    const { proposal } = await team.as('EDITOR').evolution.propose({ runId });
    await team.as('APPROVER').evolution.reject({ proposalId: proposal?.id ?? '', reason: 'too generous' });
    expect(await bench.db.masteryVersion.findUniqueOrThrow({ where: { id: proposal?.id ?? '' } })).toMatchObject({ status: 'REJECTED', decisionNote: 'too generous', decidedById: team.members.APPROVER.userId });
    expect(await bench.db.auditLog.count({ where: { teamId: team.id, action: 'version.reject' } })).toBe(1);

    expect(await approvalsByStrategy(bench.db, team.id, 'NODE_TIMEOUT')).toEqual(new Map());

    // A timeout is transient too: once the team approved a retry-backoff fix for NODE_TIMEOUT, it goes first.
    const { masteryId, versionId, runId: next } = await failedTimeoutRun().then(async (other) => ({ ...other, ...(await makeBrokenMastery(bench, team, slowGraph(bench.http.base))) }));
    const approvedBefore = await bench.db.masteryVersion.create({ data: { masteryId, number: 2, parentId: versionId, graph: {}, source: 'EVOLVER', status: 'APPROVED' } });
    await bench.db.evolutionAttempt.create({ data: { teamId: team.id, masteryId, runId: next, nodeId: 'import', errorCode: 'NODE_TIMEOUT', strategy: 'retry-backoff', outcome: 'PROPOSED', reason: 'earlier', proposalId: approvedBefore.id } });
    expect(await approvalsByStrategy(bench.db, team.id, 'NODE_TIMEOUT')).toEqual(new Map([['retry-backoff', 1]]));
    const failed = await runToEnd(bench, team, masteryId);
    const ranked = await propose(bench.db, bench.deps, team.scope, null, { runId: failed.id });
    expect(ranked.proposal?.strategy).toBe('retry-backoff');
  });

  it('shows a replay refused by a budget, or cut off at its time limit, as such and never as a pass', async () => {
    const { team, masteryId, versionId, runId } = await failedTimeoutRun();
    await bench.db.budget.create({ data: { teamId: team.id, masteryId, period: 'DAY', maxCostUsd: 0 } });
    const result = await propose(bench.db, bench.deps, team.scope, team.members.EDITOR.userId, { runId });
    const attempt = await bench.db.evolutionAttempt.findUniqueOrThrow({ where: { proposalId: result.proposal?.id ?? '' } });
    const evidence = attempt.evidence as { items: Array<{ parent: { status: string; error: string }; proposal: { status: string } }>; isPassing: boolean };
    expect(evidence.items.map((i) => [i.parent.status, i.proposal.status])).toEqual([['BUDGET_EXCEEDED', 'BUDGET_EXCEEDED']]);
    expect(evidence.items[0]?.parent.error).toContain('Budget exceeded');
    expect(evidence.isPassing).toBe(false);
    await bench.db.budget.deleteMany({ where: { teamId: team.id } });

    const slow = await makeBrokenMastery(bench, team, lineGraph([{ id: 'import', type: 'http', config: { url: `${bench.http.base}/slow?ms=5000` } }]));
    const cut = await gatherEvidence(bench.db, bench.runtime, team.scope, null, { masteryId: slow.masteryId, failedRunInput: {}, parentVersionId: slow.versionId, proposalVersionId: slow.versionId }, { timeoutMs: 300 });
    expect(cut.items.map((i) => [i.parent.status, i.proposal.status])).toEqual([['TIMED_OUT', 'TIMED_OUT']]);
    expect(cut.isPassing).toBe(false);
    expect(versionId).toBeTruthy();
  });

  it('proposes on its own once a run fails when the mastery says so, and not when it is off', async () => {
    const team = await makeEvolutionTeam(bench);
    const auto = await makeBrokenMastery(bench, team, slowGraph(bench.http.base), { isAuto: true });
    const off = await makeBrokenMastery(bench, team, slowGraph(bench.http.base));
    const failed = await runToEnd(bench, team, auto.masteryId);
    const ignored = await runToEnd(bench, team, off.masteryId);
    let proposal = null;
    for (let i = 0; i < 200 && proposal === null; i++) {
      proposal = await bench.db.evolutionAttempt.findFirst({ where: { runId: failed.id, outcome: 'PROPOSED', evidence: { not: { equals: null } } } });
      if (proposal === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(proposal).toMatchObject({ strategy: 'timeout', createdById: null });
    expect(await bench.db.evolutionAttempt.count({ where: { runId: ignored.id } })).toBe(0);
  });
});
