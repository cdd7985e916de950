/** `approval` through the engine and the real database: approve, reject (fail or branch), timeout, restart, and who may decide. */
import { expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor, outcomeText as codeOf } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { FakeClock } from '@/server/engine/fake-clock';
import type { RunId } from '@/server/engine/graph';
import { createRunRuntime, type RunRuntime } from '@/server/runs/runtime';

type Team = Awaited<ReturnType<typeof makeTeam>>;

const approvalGraph = (config: Record<string, unknown>) =>
  makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      { id: 'gate', type: 'approval', config: { message: 'Publish for {{ input.region }}?', ...config } },
      { id: 'publish', type: 'transform', config: { expression: '"published"' } },
      { id: 'notify', type: 'transform', config: { expression: '"told the author"' } },
      { id: 'result', type: 'output', config: { result: '{{ $exists(steps.publish.output) ? steps.publish.output : steps.notify.output }}' } },
    ],
    edges: ['input->gate', 'gate-approved->publish', 'gate-rejected->notify', 'publish->result', 'notify->result'],
  });

async function startWaiting(db: PrismaClient, team: Team, config: Record<string, unknown>, runtime: RunRuntime = runtimeFor(db)) {
  const { masteryId } = await makeMasteryWithGraph(db, team.id, approvalGraph(config));
  const { id } = await team.as('EDITOR').runs.start({ masteryId, input: { region: 'north' } });
  const waiting = await runtime.engine.untilAtRest(id as RunId);
  return { id, waiting };
}


describeEachDb('approval node', (getDb) => {
  it('waits with its message, refuses viewers and editors, and an approver approves: the approved branch runs', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Approvals');
    const { id, waiting } = await startWaiting(db, team, {});
    expect(waiting.status).toBe('WAITING');
    const step = await db.runStep.findFirstOrThrow({ where: { runId: id, nodeId: 'gate' } });
    expect(step).toMatchObject({ status: 'WAITING', waitReason: 'approval', output: { waiting: { message: 'Publish for north?', onReject: 'fail', deadline: null } } });

    for (const role of ['VIEWER', 'EDITOR'] as const) {
      expect(await codeOf(team.as(role).runs.decide({ runId: id, nodeId: 'gate', decision: 'approve' }))).toMatch(/^FORBIDDEN/);
    }
    const decided = await team.as('APPROVER').runs.decide({ runId: id, nodeId: 'gate', decision: 'approve', comment: 'looks right' });
    expect(decided.id).toBe(id);
    const run = await runtimeFor(db).engine.untilAtRest(id as RunId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: 'published' });
    const gate = await db.runStep.findFirstOrThrow({ where: { runId: id, nodeId: 'gate' } });
    expect(gate).toMatchObject({ status: 'SUCCEEDED', handles: ['approved'], retryAt: null, waitReason: null });
    expect(gate.output).toMatchObject({ decision: 'approved', comment: 'looks right', timedOut: false, decidedBy: { id: team.members.APPROVER.userId, email: team.members.APPROVER.email } });
    expect(await db.runStep.findFirstOrThrow({ where: { runId: id, nodeId: 'notify' } })).toMatchObject({ status: 'SKIPPED' });
    const log = await db.auditLog.findFirstOrThrow({ where: { targetId: id, action: 'run.approve' } });
    expect(log).toMatchObject({ actorId: team.members.APPROVER.userId, teamId: team.id, data: { nodeId: 'gate', decision: 'approve', comment: 'looks right' } });

    // Decided once: a second decision is a conflict, not a second resume.
    expect(await codeOf(team.as('OWNER').runs.decide({ runId: id, nodeId: 'gate', decision: 'reject' }))).toMatch(/^CONFLICT: Step "gate" is not waiting for a decision \(it is SUCCEEDED\)/);
    expect(await codeOf(team.as('OWNER').runs.decide({ runId: id, nodeId: 'publish', decision: 'approve' }))).toMatch(/^BAD_REQUEST: Step "publish" is a transform step/);
  });

  it('a rejection fails the run with APPROVAL_REJECTED naming who rejected, by default', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Rejecters');
    const { id } = await startWaiting(db, team, {});
    await team.as('OWNER').runs.decide({ runId: id, nodeId: 'gate', decision: 'reject', comment: 'wrong numbers' });
    const run = await runtimeFor(db).engine.untilAtRest(id as RunId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'APPROVAL_REJECTED', nodeId: 'gate', message: expect.stringMatching(/Node "gate" \(approval\): rejected by .*owner.*: wrong numbers/) });
    expect(await db.auditLog.count({ where: { targetId: id, action: 'run.reject' } })).toBe(1);
  });

  it('with onReject "branch", a rejection takes the rejected output', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Branchers');
    const { id } = await startWaiting(db, team, { onReject: 'branch' });
    await team.as('APPROVER').runs.decide({ runId: id, nodeId: 'gate', decision: 'reject' });
    expect(await runtimeFor(db).engine.untilAtRest(id as RunId)).toMatchObject({ status: 'SUCCEEDED', output: 'told the author' });
  });

  it('takes its timeout decision when nobody decides in time', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Sleepy approvers');
    const { id, waiting } = await startWaiting(db, team, { timeoutMs: 1000, onTimeout: 'approve' });
    expect(waiting.status).toBe('WAITING');
    expect((await db.runStep.findFirstOrThrow({ where: { runId: id, nodeId: 'gate' } })).retryAt).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const run = await runtimeFor(db).engine.untilAtRest(id as RunId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: 'published' });
    expect((await db.runStep.findFirstOrThrow({ where: { runId: id, nodeId: 'gate' } })).output).toMatchObject({ decision: 'approved', timedOut: true, decidedBy: null });
  });

  it('after a restart, an approval whose deadline passed while the process was down takes its timeout branch', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Restarted');
    // The first process ran two hours ago (a fake clock that never moves): its one-hour deadline has passed.
    const before = createRunRuntime(db, { clock: new FakeClock(Date.now() - 2 * 3_600_000) });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, approvalGraph({ timeoutMs: 3_600_000, onTimeout: 'reject', onReject: 'branch' }));
    const { callerFor } = await import('@/test/api');
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime: before });
    const { id } = await editor.runs.start({ masteryId, input: { region: 'south' } });
    expect((await before.engine.untilAtRest(id as RunId)).status).toBe('WAITING');

    const after = createRunRuntime(db);
    expect(await after.engine.recover()).toContain(id);
    // Recovery arms the overdue deadline with no delay; the decision follows on the next timer tick.
    await vi.waitFor(async () => expect((await db.run.findUniqueOrThrow({ where: { id } })).status).not.toBe('WAITING'), { timeout: 5000 });
    const run = await after.engine.untilAtRest(id as RunId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: 'told the author' });
  });
});
