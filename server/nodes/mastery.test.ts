/** `mastery` through the engine and the real database: a linked child run, its failure named, the depth limit, cancel and timeout. */
import { expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { makeGraph, type NodeSpec } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';

type Team = Awaited<ReturnType<typeof makeTeam>>;

const child = (expression: string, extra: NodeSpec[] = []) =>
  makeGraph({
    nodes: [{ id: 'input', type: 'input' }, ...extra, { id: 'work', type: 'transform', config: { expression } }, { id: 'result', type: 'output' }],
    edges: extra.length === 0 ? ['input->work', 'work->result'] : ['input->wait', 'wait->work', 'work->result'],
  });

const parent = (config: Record<string, unknown>, policy?: Record<string, unknown>) =>
  makeGraph({
    nodes: [{ id: 'input', type: 'input' }, { id: 'sub', type: 'mastery', config, ...(policy ? { policy } : {}) }, { id: 'result', type: 'output' }],
    edges: ['input->sub', 'sub->result'],
  });

async function run(db: PrismaClient, team: Team, graph: unknown, input: Record<string, unknown> = {}) {
  const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
  const { id } = await team.as('EDITOR').runs.start({ masteryId, input });
  return id as RunId;
}

describeEachDb('mastery node', (getDb) => {
  it('runs the other mastery as a linked child run and passes its output on', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Callers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, child('{ "doubled": input.n * 2 }'));
    const id = await run(db, team, parent({ masteryId, input: '{{ { "n": input.n + 1 } }}' }), { n: 20 });
    expect(await runtimeFor(db).engine.untilAtRest(id)).toMatchObject({ status: 'SUCCEEDED', output: { doubled: 42 } });
    const kid = await db.run.findFirstOrThrow({ where: { parentRunId: id } });
    expect(kid).toMatchObject({ parentStep: 'sub', depth: 1, status: 'SUCCEEDED', masteryId, teamId: team.id, input: { n: 21 } });
  });

  it('fails with CHILD_RUN_FAILED naming the child run and its failed step', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Failing callers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, child('$error("no stock")'));
    const id = await run(db, team, parent({ masteryId }));
    const parentRun = await runtimeFor(db).engine.untilAtRest(id);
    const kid = await db.run.findFirstOrThrow({ where: { parentRunId: id } });
    expect(parentRun.status).toBe('FAILED');
    expect(parentRun.error).toMatchObject({ code: 'CHILD_RUN_FAILED', nodeId: 'sub' });
    expect(parentRun.error?.message).toContain(`Node "sub" (mastery): sub-mastery run ${kid.id} failed at step "work"`);
    expect(parentRun.error?.message).toContain('no stock');
  });

  it('stops a mastery that calls itself at the depth limit, with a clear error', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Recursive');
    const { masteryId, versionId } = await makeMasteryWithGraph(db, team.id, child('1'));
    await db.masteryVersion.update({ where: { id: versionId }, data: { graph: parent({ masteryId, maxDepth: 3 }) as object } });
    const id = await run(db, team, parent({ masteryId, maxDepth: 3 }));
    // The top run waits for its whole chain. Runs at depth 1, 2 and 3 exist; the one at depth 3 refused to start a fourth level.
    const top = await runtimeFor(db).engine.untilAtRest(id);
    const chain = await db.run.findMany({ where: { masteryId }, orderBy: { depth: 'asc' }, select: { depth: true, status: true, error: true } });
    expect(chain.map((r) => r.depth)).toEqual([1, 2, 3]);
    expect(chain[2]?.error).toMatchObject({ code: 'MASTERY_DEPTH_EXCEEDED', message: expect.stringContaining('depth limit 3 reached') });
    expect(top.error).toMatchObject({ code: 'CHILD_RUN_FAILED' });
    expect(top.error?.message).toContain('MASTERY_DEPTH_EXCEEDED');
  });

  it('refuses a mastery of another team as not found', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Ours');
    const other = await makeTeam(db, 'Theirs');
    const { masteryId } = await makeMasteryWithGraph(db, other.id, child('1'));
    const result = await runtimeFor(db).engine.untilAtRest(await run(db, team, parent({ masteryId })));
    expect(result.error).toMatchObject({ code: 'NOT_FOUND', nodeId: 'sub', message: expect.stringContaining('Mastery was not found') });
    expect(await db.run.count({ where: { masteryId } })).toBe(0);
  });

  it('cancelling the parent cancels the running child', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Cancellers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, child('1', [{ id: 'wait', type: 'delay', config: { ms: 60_000 } }]));
    const id = await run(db, team, parent({ masteryId }));
    await vi.waitFor(async () => expect(await db.run.findFirst({ where: { parentRunId: id, status: 'RUNNING' } })).not.toBeNull());
    const kid = await db.run.findFirstOrThrow({ where: { parentRunId: id } });
    await team.as('EDITOR').runs.cancel({ id });
    expect((await runtimeFor(db).engine.untilAtRest(id)).status).toBe('CANCELLED');
    await vi.waitFor(async () => expect((await db.run.findUniqueOrThrow({ where: { id: kid.id } })).status).toBe('CANCELLED'));
  });

  it('a step timeout fails the parent with NODE_TIMEOUT and cancels the child', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Impatient');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, child('1', [{ id: 'wait', type: 'delay', config: { ms: 60_000 } }]));
    const id = await run(db, team, parent({ masteryId }, { timeoutMs: 300 }));
    const result = await runtimeFor(db).engine.untilAtRest(id);
    expect(result.error).toMatchObject({ code: 'NODE_TIMEOUT', nodeId: 'sub' });
    await vi.waitFor(async () => expect((await db.run.findFirstOrThrow({ where: { parentRunId: id } })).status).toBe('CANCELLED'));
  });
});
