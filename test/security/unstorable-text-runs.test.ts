/**
 * A NUL and lone surrogates are ordinary characters of run data: a run input holding them, a test input
 * (a run input kept for replays), and a step output holding them that becomes a child run's input
 * (`mastery` and `map` steps), are stored and read back as they were, through the real API, database and engine. Before, the child run's row was written
 * through Prisma's own JSON parser, which refuses a lone surrogate: the step failed showing Prisma's text.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';

const ODD = 'a\ud800\u0000b\udc00';
/** What the code step returns, written in the step's own JavaScript. */
const ODD_SOURCE = "'a\\ud800\\u0000b\\udc00'";

const echo = makeGraph({
  nodes: [{ id: 'input', type: 'input' }, { id: 'result', type: 'output', config: { result: '{{ input }}' } }],
  edges: ['input->result'],
});

const feedsChildren = (childId: string) =>
  makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      { id: 'odd', type: 'code', config: { code: `return { s: ${ODD_SOURCE}, list: [${ODD_SOURCE}, 'plain'] }`, timeoutMs: 20_000 } },
      { id: 'call', type: 'mastery', config: { masteryId: childId, input: '{{ steps.odd.output }}' } },
      { id: 'each', type: 'map', config: { items: 'steps.odd.output.list', masteryId: childId, input: '{{ { "item": $item } }}' } },
      { id: 'result', type: 'output', config: { result: { call: '{{ steps.call.output }}', each: '{{ steps.each.output }}' } } },
    ],
    edges: ['input->odd', 'odd->call', 'odd->each', 'call->result', 'each->result'],
  });

describeEachDb('NUL and lone surrogates in run data', (getDb) => {
  let team: Awaited<ReturnType<typeof makeTeam>>;
  let childId: string;

  beforeAll(async () => {
    team = await makeTeam(getDb().client, 'Odd text runs');
    childId = (await makeMasteryWithGraph(getDb().client, team.id, echo, 'Echo')).masteryId;
  });

  it('keeps them in a run input (runs.start, runs.get)', async () => {
    const db = getDb().client;
    const input = { [`k${ODD}`]: ODD, nested: [{ s: ODD }] };
    const { id } = await team.as('EDITOR').runs.start({ masteryId: childId, input });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    const run = await team.as('VIEWER').runs.get({ id });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.input).toEqual(input);
    expect(run.output).toEqual(input);
  });

  it('keeps them in a step output that feeds a mastery step and a map step, in the child runs too', async () => {
    const db = getDb().client;
    const { masteryId } = await makeMasteryWithGraph(db, team.id, feedsChildren(childId), 'Feeds children');
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    const viewer = team.as('VIEWER');
    const run = await viewer.runs.get({ id });
    expect(run.error).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    const made = { s: ODD, list: [ODD, 'plain'] };
    expect(run.output).toEqual({ call: made, each: [{ item: ODD }, { item: 'plain' }] });

    const children = await db.run.findMany({ where: { parentRunId: id }, select: { id: true, parentStep: true }, orderBy: { createdAt: 'asc' } });
    expect(children.map((c) => c.parentStep).sort()).toEqual(['call', 'each[0]', 'each[1]']);
    const call = await viewer.runs.get({ id: children.find((c) => c.parentStep === 'call')?.id ?? '' });
    expect(call.input).toEqual(made);
    expect(call.output).toEqual(made);
    const items = await Promise.all(children.filter((c) => c.parentStep !== 'call').map((c) => viewer.runs.get({ id: c.id })));
    expect(items.map((r) => r.input)).toEqual(expect.arrayContaining([{ item: ODD }, { item: 'plain' }]));
    expect(items.map((r) => r.output)).toEqual(expect.arrayContaining([{ item: ODD }, { item: 'plain' }]));
  });

  it('keeps them in a test input, made directly or from a run (testInputs.create, fromRun, list)', async () => {
    const db = getDb().client;
    const input = { [`k${ODD}`]: ODD, nested: [{ s: ODD }] };
    const editor = team.as('EDITOR');
    await editor.testInputs.create({ masteryId: childId, name: 'typed', input });
    const { id } = await editor.runs.start({ masteryId: childId, input });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    await editor.testInputs.fromRun({ runId: id, name: 'from a run' });
    const kept = await team.as('VIEWER').testInputs.list({ masteryId: childId });
    expect(kept.map((t) => [t.name, t.input])).toEqual([['from a run', input], ['typed', input]]);
  });
});
