/**
 * What the run panel reads over the real database: `runs.view` gives each step's status, times and its
 * attempts summed up, without any step's input or output (but a waiting step's request); `runs.step`
 * gives one step in full with its input resolved; `runs.outputs` the outputs asked for.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import type { RunViewStep } from './run-view';

const BIG = 'x'.repeat(9_000);

const graph = makeGraph({
  nodes: [
    { id: 'input', type: 'input' },
    { id: 'big', type: 'transform', config: { expression: `"${BIG}"` } },
    { id: 'small', type: 'transform', config: { expression: '{ "n": 2 }' } },
    {
      id: 'flaky',
      type: 'transform',
      config: { expression: '{ "sizes": [$length(steps.big.output), steps.small.output.n] }' },
    },
    { id: 'gate', type: 'approval', config: { message: 'Go on?' } },
    { id: 'result', type: 'output' },
  ],
  edges: ['input->big', 'input->small', 'big->flaky', 'small->flaky', 'flaky->gate', 'gate-approved->result'],
});

describeEachDb('run view', (getDb) => {
  it('lists steps without their data, sums up attempts, and gives one step in full on demand', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Viewers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    const waiting = await runtimeFor(db).engine.untilAtRest(id as RunId);
    expect(waiting.status).toBe('WAITING');
    // Two failed attempts before the one that succeeded, as a retried step has them, one with usage estimated.
    await db.stepRun.updateMany({ where: { runId: id, nodeId: 'flaky' }, data: { attempt: 3, durationMs: 30, queuedAt: new Date(Date.now() - 60_000) } });
    await db.stepRun.createMany({
      data: [1, 2].map((attempt) => ({ runId: id, nodeId: 'flaky', attempt, status: 'FAILED' as const, durationMs: 5, isEstimated: attempt === 2, error: { code: 'CODE_FAILED', message: `try ${attempt}` } })),
    });

    const viewer = team.as('VIEWER');
    const view = await viewer.runs.view({ id });
    expect(view).toMatchObject({ id, status: 'WAITING', mastery: { id: masteryId }, isEstimated: true });
    const steps = JSON.parse(view.stepsJson) as RunViewStep[];
    expect(steps.map((s) => [s.nodeId, s.status, s.attemptCount])).toEqual([
      ['big', 'SUCCEEDED', 1], ['flaky', 'SUCCEEDED', 3], ['gate', 'WAITING', 1], ['input', 'SUCCEEDED', 1], ['small', 'SUCCEEDED', 1],
    ]);
    const flaky = steps.find((s) => s.nodeId === 'flaky');
    expect(flaky).toMatchObject({ durationMs: 40, isEstimated: true, waitingOutput: null });
    expect(flaky?.queuedMs).toBeLessThan(Date.now() - 50_000);
    expect(steps.find((s) => s.nodeId === 'gate')).toMatchObject({ waitReason: 'approval', waitingOutput: { waiting: { message: 'Go on?' } } });
    // No step's data: the big output is nowhere in the list.
    expect(JSON.stringify(view)).not.toContain(BIG.slice(0, 100));
    for (const step of steps) expect(Object.keys(step)).not.toEqual(expect.arrayContaining(['input']));

    const step = await viewer.runs.step({ id, nodeId: 'flaky' });
    expect(step).toMatchObject({ status: 'SUCCEEDED', output: { sizes: [9_000, 2] }, input: { big: BIG, small: { n: 2 } } });
    expect(step?.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 'FAILED', { code: 'CODE_FAILED', message: 'try 1' }],
      [2, 'FAILED', { code: 'CODE_FAILED', message: 'try 2' }],
      [3, 'SUCCEEDED', null],
    ]);
    expect(await viewer.runs.step({ id, nodeId: 'result' })).toBeNull();
    // A retrying step says when its next attempt is due, for the Data tab's countdown.
    const due = new Date(Date.now() + 30_000);
    await db.runStep.update({ where: { runId_nodeId: { runId: id, nodeId: 'flaky' } }, data: { retryAt: due } });
    expect((await viewer.runs.step({ id, nodeId: 'flaky' }))?.retryAt).toEqual(due);

    const outputs = await viewer.runs.outputs({ id, nodeIds: ['small', 'flaky', 'result', 'nowhere'] });
    expect({ ...outputs }).toEqual({ small: { n: 2 }, flaky: { sizes: [9_000, 2] } });
  });
});
