/**
 * Reads of many outputs are capped by bytes, on the real database: `runs.outputs` keeps the outputs asked
 * for first while they fit and marks the others omitted with their size; `runs.get` does the same over
 * its steps' and attempts' outputs; `runs.step` still gives an omitted step in full. The cap is lowered
 * here; the API's own is MAX_OUTPUTS_RESPONSE_BYTES.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { fitUnderCap } from './output-cap';
import { OMITTED_OUTPUT_NOTE, isOmittedOutput } from './omitted-output';
import { getRunOutputs, getRunView } from './run-view';
import { getRun } from './service';

const BIG = 'b'.repeat(6_000);
const MID = 'm'.repeat(3_000);

const graph = makeGraph({
  nodes: [
    { id: 'input', type: 'input' },
    { id: 'big', type: 'transform', config: { expression: `"${BIG}"` } },
    { id: 'mid', type: 'transform', config: { expression: `"${MID}"` } },
    { id: 'small', type: 'transform', config: { expression: '{ "n": 2 }' } },
  ],
  edges: ['input->big', 'input->mid', 'input->small'],
});

/** Bytes of each output's stored JSON text. */
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describeEachDb('reads of many outputs, capped by bytes', (getDb) => {
  async function finishedRun() {
    const db = getDb().client;
    const team = await makeTeam(db, 'Capped');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    expect((await runtimeFor(db).engine.untilAtRest(id as RunId)).status).toBe('SUCCEEDED');
    return { db, team, id, scope: { id: team.id, role: 'VIEWER' as const } };
  }

  it('runs.outputs: the outputs asked for first, while they fit; the others omitted with their size', async () => {
    const { db, team, id, scope } = await finishedRun();
    const cap = bytes(MID) + bytes({ n: 2 }) + 10;
    const outputs = await getRunOutputs(db, scope, id, ['mid', 'big', 'small', 'nowhere'], cap);
    expect({ ...outputs }).toEqual({ mid: MID, big: { omitted: OMITTED_OUTPUT_NOTE, bytes: bytes(BIG) }, small: { n: 2 } });
    // Asked in another order, the big one fits first and the others do not.
    const bigFirst = await getRunOutputs(db, scope, id, ['big', 'mid', 'small'], bytes(BIG));
    expect(Object.entries(bigFirst).map(([key, value]) => [key, isOmittedOutput(value)])).toEqual([['big', false], ['mid', true], ['small', true]]);
    // Under the API's own cap everything fits, and the step view gives an omitted step in full.
    expect({ ...(await team.as('VIEWER').runs.outputs({ id, nodeIds: ['big', 'mid'] })) }).toEqual({ big: BIG, mid: MID });
    expect(await team.as('VIEWER').runs.step({ id, nodeId: 'big' })).toMatchObject({ output: BIG });
  });

  it('runs.get: steps then attempts by node id, while they fit; the rest omitted, the rows all there', async () => {
    const { db, team, id, scope } = await finishedRun();
    // big (6,000) and input ({}) of the steps fit; mid would pass the cap, small still fits after it.
    const run = await getRun(db, scope, id, bytes(BIG) + 100);
    expect(run.steps.map((step) => [step.nodeId, step.status, isOmittedOutput(step.output) ? 'omitted' : step.output])).toEqual([
      ['big', 'SUCCEEDED', BIG],
      ['input', 'SUCCEEDED', {}],
      ['mid', 'SUCCEEDED', 'omitted'],
      ['small', 'SUCCEEDED', { n: 2 }],
    ]);
    expect(run.steps.find((step) => step.nodeId === 'mid')?.output).toEqual({ omitted: OMITTED_OUTPUT_NOTE, bytes: bytes(MID) });
    expect(run.attempts.map((attempt) => [attempt.nodeId, isOmittedOutput(attempt.output)])).toEqual([
      ['big', true], ['input', false], ['mid', true], ['small', false],
    ]);
    // The run's own output (its three last steps' outputs) is past this cap: its size alone, first.
    const own = bytes({ big: BIG, mid: MID, small: { n: 2 } });
    expect(run.output).toEqual({ omitted: OMITTED_OUTPUT_NOTE, bytes: own });
    const fitting = await getRun(db, scope, id, own + bytes(BIG) + 10);
    expect([isOmittedOutput(fitting.output), ...fitting.steps.map((step) => isOmittedOutput(step.output))]).toEqual([false, false, false, true, false]);
    const whole = await team.as('VIEWER').runs.get({ id });
    expect(whole.output).toEqual({ big: BIG, mid: MID, small: { n: 2 } });
    expect(whole.steps.map((step) => step.output)).toEqual([BIG, {}, MID, { n: 2 }]);
    expect(whole.attempts.map((attempt) => attempt.output)).toEqual([BIG, {}, MID, { n: 2 }]);
  });

  it('runs.view: the run’s own output whole under the cap, its size alone past it', async () => {
    const { db, scope, id } = await finishedRun();
    const own = bytes({ big: BIG, mid: MID, small: { n: 2 } });
    expect((await getRunView(db, scope, id, own)).output).toEqual({ big: BIG, mid: MID, small: { n: 2 } });
    expect((await getRunView(db, scope, id, own - 1)).output).toEqual({ omitted: OMITTED_OUTPUT_NOTE, bytes: own });
  });
});

it('fits greedily in the order given', () => {
  const items = [{ bytes: 5 }, { bytes: 8 }, { bytes: 3 }, { bytes: 2 }];
  expect(fitUnderCap(items, 10)).toEqual({ kept: [{ bytes: 5 }, { bytes: 3 }, { bytes: 2 }], left: [{ bytes: 8 }] });
});
