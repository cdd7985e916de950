import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, trpcFailure } from '@/test/api';
import { lineGraph } from './testing/make-graph';
import { untilRunEnds } from './run-end';
import { evaluateCheck } from './check';

describeEachDb('test inputs', (getDb) => {
  it('saves a run input under a name, and a hand-written one with a check; refuses a bad check, a taken name and other teams', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Inputs');
    const editor = team.as('EDITOR');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, lineGraph([{ id: 'double', type: 'transform', config: { expression: 'input.n * 2' } }]));
    await editor.evolution.setMode({ masteryId, mode: 'OFF' });
    const run = await editor.runs.start({ masteryId, input: { n: 21 } });
    await untilRunEnds(db, { id: team.id, role: 'EDITOR' }, run.id, 30_000);

    const saved = await editor.testInputs.fromRun({ runId: run.id, name: 'twenty-one', check: '$output = 42' });
    expect(saved).toMatchObject({ masteryId, name: 'twenty-one', input: { n: 21 }, check: '$output = 42' });
    await editor.testInputs.create({ masteryId, name: 'by hand', input: { n: 1 } });
    expect((await team.as('VIEWER').testInputs.list({ masteryId })).map((t) => [t.name, t.check])).toEqual([['by hand', null], ['twenty-one', '$output = 42']]);

    const syntax = await trpcFailure(editor.testInputs.create({ masteryId, name: 'broken', input: {}, check: '$output = (' }));
    expect(syntax.code).toBe('BAD_REQUEST');
    expect(syntax.message).toContain('check:');
    expect((await trpcFailure(editor.testInputs.create({ masteryId, name: 'by hand', input: {} }))).code).toBe('CONFLICT');
    expect((await trpcFailure(team.as('VIEWER').testInputs.create({ masteryId, name: 'viewer', input: {} }))).code).toBe('FORBIDDEN');
    const other = await makeTeam(db, 'Other inputs');
    expect((await trpcFailure(other.as('OWNER').testInputs.fromRun({ runId: run.id, name: 'theirs' }))).code).toBe('NOT_FOUND');
    expect((await trpcFailure(other.as('OWNER').testInputs.delete({ id: saved.id }))).code).toBe('NOT_FOUND');
    await editor.testInputs.delete({ id: saved.id });
    expect(await db.testInput.count({ where: { masteryId } })).toBe(1);
  }, 90_000);

  it('evaluates a check over $output and $input, and a hostile check fails instead of hanging', async () => {
    expect(await evaluateCheck('$output.total > $input.min', { total: 5 }, { min: 3 })).toEqual({ isPassed: true, value: true });
    expect(await evaluateCheck('$count($output.rows)', { rows: [] }, {})).toEqual({ isPassed: false, value: 0 });
    const hostile = await evaluateCheck('($f := function($n){ $f($n + 1) }; $f(0))', {}, {});
    expect(hostile.isPassed).toBe(false);
    expect('error' in hostile && hostile.error).toMatch(/depth|recursed|longer than/);
  });
});
