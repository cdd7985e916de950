/**
 * The run API over the real database: a run's whole life is stored (run row, one step row per node,
 * one row per attempt, numbered events) and the API refuses what must not run.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor, trpcFailure as failure } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';

const chain = (processExpression: string) =>
  makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      { id: 'api', type: 'transform', config: { expression: '{ "orders": [1, 2, 3] }' } },
      { id: 'process', type: 'transform', config: { expression: processExpression } },
      { id: 'report', type: 'transform', config: { expression: '"total " & $string(steps.process.output)' } },
      { id: 'result', type: 'output', config: { result: '{{ { "report": steps.report.output } }}' } },
    ],
    edges: ['input->api', 'api->process', 'process->report', 'report->result'],
    settings: { inputSchema: { type: 'object', properties: { region: { type: 'string', enum: ['north', 'south'] } }, required: ['region'] } },
  });


describeEachDb('runs', (getDb) => {
  it('runs a chain to completion and stores every step, attempt and numbered event', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Runners');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, chain('$sum(steps.api.output.orders)'));
    const editor = team.as('EDITOR');
    const { id } = await editor.runs.start({ masteryId, input: { region: 'north' } });
    await runtimeFor(db).engine.untilAtRest(id as RunId);

    const run = await team.as('VIEWER').runs.get({ id });
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: { report: 'total 6' }, input: { region: 'north' } });
    expect(run.steps.map((s) => [s.nodeId, s.status, s.attempt])).toEqual([
      ['api', 'SUCCEEDED', 1], ['input', 'SUCCEEDED', 1], ['process', 'SUCCEEDED', 1], ['report', 'SUCCEEDED', 1], ['result', 'SUCCEEDED', 1],
    ]);
    expect(run.attempts.find((a) => a.nodeId === 'process')).toMatchObject({ status: 'SUCCEEDED', output: 6, isResumed: false });
    expect(run.finishedAt).toBeInstanceOf(Date);

    const { events, lastSeq } = await team.as('VIEWER').runs.events({ runId: id, afterSeq: 0, limit: 500 });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    // What the store keeps beside an event (its commit's table rows) is not the client's.
    for (const event of events) expect(Object.keys(event).sort()).toEqual(['createdAt', 'payload', 'seq', 'type']);
    expect(lastSeq).toBe(events.length);
    expect(events[0]).toMatchObject({ type: 'run.status', payload: { status: 'QUEUED' } });
    expect(events.at(-1)).toMatchObject({ type: 'run.status', payload: { status: 'SUCCEEDED' } });
    const page = await team.as('VIEWER').runs.events({ runId: id, afterSeq: 3, limit: 2 });
    expect(page.events.map((e) => e.seq)).toEqual([4, 5]);
  });

  it('fails the run when a middle step fails, naming the step, and skips what follows', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Failing');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, chain('$error("upstream data is broken")'));
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: { region: 'south' } });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    const run = await team.as('VIEWER').runs.get({ id });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ nodeId: 'process' });
    expect(JSON.stringify(run.error)).toContain('upstream data is broken');
    expect(Object.fromEntries(run.steps.map((s) => [s.nodeId, s.status]))).toMatchObject({ api: 'SUCCEEDED', process: 'FAILED' });
    expect(run.steps.find((s) => s.nodeId === 'report')?.status).not.toBe('SUCCEEDED');
  });

  it('refuses an input that does not match the input schema before creating a run', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Strict input');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, chain('1'));
    const error = await failure(team.as('EDITOR').runs.start({ masteryId, input: { region: 'mars' } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('input.region');
    expect(await db.run.count({ where: { masteryId } })).toBe(0);
  });

  it('refuses a graph that fails validation with every problem listed, creating nothing', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Broken graph');
    const broken = makeGraph({
      nodes: [{ id: 'input', type: 'input' }, { id: 'a', type: 'transform', config: { expression: '1' } }, { id: 'b', type: 'nosuchtype' }],
      edges: ['input->a', 'a->b', 'b->a'],
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, broken);
    const error = await failure(team.as('EDITOR').runs.start({ masteryId, input: {} }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('nosuchtype');
    expect(error.message).toMatch(/a → b → a|b → a → b/);
    expect(await db.run.count({ where: { masteryId } })).toBe(0);
  });

  it('cancels a running run: the waiting step is cancelled and the run says so', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Cancelling');
    const slow = makeGraph({
      nodes: [{ id: 'input', type: 'input' }, { id: 'wait', type: 'delay', config: { ms: 60_000 } }, { id: 'result', type: 'output', config: {} }],
      edges: ['input->wait', 'wait->result'],
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, slow);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    const started = Date.now();
    expect(await team.as('EDITOR').runs.cancel({ id })).toEqual({ id, status: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(10_000);
    const run = await team.as('VIEWER').runs.get({ id });
    expect(run.steps.find((s) => s.nodeId === 'wait')?.status).toBe('CANCELLED');
  });

  it('lists runs newest first, filtered and paged', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Listing');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, chain('1'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await team.as('EDITOR').runs.start({ masteryId, input: { region: 'north' } });
      await runtimeFor(db).engine.untilAtRest(id as RunId);
      ids.push(id);
    }
    const viewer = team.as('VIEWER');
    const first = await viewer.runs.list({ masteryId, limit: 3 });
    expect(first.items.map((r) => r.id)).toEqual(ids.slice(2).reverse());
    // As tRPC's infinite queries ask for a page: the cursor (null at first) and a direction.
    const second = await viewer.runs.list({ masteryId, limit: 3, cursor: first.nextCursor, direction: 'forward' });
    expect(second.items.map((r) => r.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.nextCursor).toBeNull();
    expect((await viewer.runs.list({ masteryId, status: 'FAILED', limit: 10 })).items).toEqual([]);
    expect((await viewer.masteries.list({ includeArchived: false })).find((m) => m.id === masteryId)?.lastRun?.status).toBe('SUCCEEDED');
  });

  it('lists the whole team\'s runs, filtered by mastery, who started them and day, with who and what input', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Team runs');
    const a = await makeMasteryWithGraph(db, team.id, chain('1'), 'Alpha');
    const b = await makeMasteryWithGraph(db, team.id, chain('1'), 'Beta');
    const byEditor = await team.as('EDITOR').runs.start({ masteryId: a.masteryId, input: { region: 'north' } });
    const byOwner = await team.as('OWNER').runs.start({ masteryId: b.masteryId, input: { region: 'south' } });
    await runtimeFor(db).engine.untilAtRest(byEditor.id as RunId);
    await runtimeFor(db).engine.untilAtRest(byOwner.id as RunId);
    // An old run, from another day, of the same team.
    await db.run.update({ where: { id: byOwner.id }, data: { createdAt: new Date('2026-01-15T12:00:00Z') } });

    const viewer = team.as('VIEWER');
    const all = await viewer.runs.list({ limit: 10 });
    expect(all.items.map((run) => run.id)).toEqual([byEditor.id, byOwner.id]);
    expect(all.items[0]).toMatchObject({ mastery: { id: a.masteryId }, startedBy: { email: team.members.EDITOR.email }, inputPreview: '{"region":"north"}' });
    expect((await viewer.runs.list({ limit: 10, startedById: team.members.OWNER.userId })).items.map((run) => run.id)).toEqual([byOwner.id]);
    expect((await viewer.runs.list({ limit: 10, masteryId: b.masteryId })).items.map((run) => run.id)).toEqual([byOwner.id]);
    expect((await viewer.runs.list({ limit: 10, from: '2026-01-15', to: '2026-01-15' })).items.map((run) => run.id)).toEqual([byOwner.id]);
    expect((await viewer.runs.list({ limit: 10, to: '2026-01-14' })).items).toEqual([]);
    // Another team sees none of them.
    const other = await makeTeam(db, 'Elsewhere');
    expect((await other.as('OWNER').runs.list({ limit: 10 })).items).toEqual([]);
  });
});
