import { expect, it } from 'vitest';
import { untilRunEnds } from '@/server/evolution/run-end';
import { describeEachDb } from '@/test/db';
import { makeTeam, trpcFailure } from '@/test/api';

const at = (x: number) => ({ x, y: 0 });

/** Doubles n; a negative n fails the step. */
const DOUBLE = 'input.n < 0 ? $error("negative") : input.n * 2';

function graphWith(expression: string, prompt = 'line one\nline two\nline three') {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      { id: 'calc', type: 'transform', name: 'Calc', position: at(300), config: { expression } },
      { id: 'note', type: 'note', name: 'Note', position: at(300), config: { text: prompt } },
      { id: 'result', type: 'output', name: 'Result', position: at(600), config: {} },
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'calc' },
      { id: 'e2', source: 'calc', target: 'result' },
    ],
    settings: { maxParallel: 4, inputSchema: { type: 'object', properties: { n: { type: 'number' } } } },
  };
}

async function setUp(db: Parameters<typeof makeTeam>[0]) {
  const team = await makeTeam(db, 'History');
  const editor = team.as('EDITOR');
  const mastery = await editor.masteries.create({ name: `History ${Math.random().toString(36).slice(2, 8)}`, description: '' });
  // The failing run below is not this test's business: no proposal for it.
  await editor.evolution.setMode({ masteryId: mastery.id, mode: 'OFF' });
  const first = (await editor.masteries.byId({ id: mastery.id })).currentVersion;
  if (!first) throw new Error('a new mastery has a first version');
  const v2 = await editor.versions.saveDraft({ masteryId: mastery.id, baseVersionId: first.id, graph: graphWith(DOUBLE), note: 'doubles' });
  await editor.versions.publish({ versionId: v2.id });
  return { team, editor, masteryId: mastery.id, firstId: first.id, v2Id: v2.id };
}

type Team = Awaited<ReturnType<typeof makeTeam>>;

async function runAndWait(db: Parameters<typeof makeTeam>[0], team: Team, masteryId: string, input: Record<string, unknown>) {
  const run = await team.as('EDITOR').runs.start({ masteryId, input });
  await untilRunEnds(db, { id: team.id, role: 'EDITOR' }, run.id, 30_000);
  return run.id;
}

describeEachDb('version history, compare and rollback', (getDb) => {
  it('lists each version with its runs and success rate, leaving evaluation runs out', async () => {
    const db = getDb().client;
    const { team, editor, masteryId, v2Id } = await setUp(db);
    await runAndWait(db, team, masteryId, { n: 2 });
    await runAndWait(db, team, masteryId, { n: 3 });
    // One failure out of three ended runs.
    await runAndWait(db, team, masteryId, { n: -1 });
    const evaluation = await db.run.findFirstOrThrow({ where: { masteryId } });
    await db.run.create({ data: { teamId: team.id, masteryId, versionId: v2Id, input: {}, status: 'FAILED', purpose: 'EVALUATION' } });

    const list = await team.as('VIEWER').versions.list({ masteryId });
    const v2 = list.find((v) => v.id === v2Id);
    expect(v2).toMatchObject({ number: 2, source: 'USER', status: 'PUBLISHED', isCurrent: true, note: 'doubles', parent: { number: 1 } });
    expect(v2?.author?.id).toBe(team.members.EDITOR.userId);
    expect(v2?.runStats.runs).toBe(3);
    expect(v2?.runStats.failed).toBe(1);
    expect(v2?.runStats.successRate).toBeCloseTo(2 / 3);
    expect(list.find((v) => v.number === 1)?.runStats).toEqual({ runs: 0, succeeded: 0, failed: 0, successRate: null });
    expect(evaluation.purpose).toBe('PRODUCTION');
    const runs = await editor.runs.list({ masteryId, limit: 10 });
    expect(runs.items).toHaveLength(3);
    // The first transform starts the expression pool's child processes, slow on a loaded machine.
  }, 90_000);

  it('compares two versions node by node, with a line diff for long texts and the settings changes', async () => {
    const db = getDb().client;
    const { team, editor, masteryId, v2Id } = await setUp(db);
    const base = graphWith(DOUBLE);
    const next = graphWith('input.n * 3', 'line one\nline 2\nline three');
    next.nodes = next.nodes.filter((n) => n.id !== 'result');
    next.nodes.push({ id: 'final', type: 'output', name: 'Final', position: at(900), config: {} });
    next.edges = [next.edges[0]!, { id: 'e3', source: 'calc', target: 'final' }];
    next.settings = { maxParallel: 2, inputSchema: { type: 'object', properties: { n: { type: 'integer' } } } };
    next.nodes[0]!.position = at(50);
    expect(base.nodes).toHaveLength(4);
    const v3 = await editor.versions.saveDraft({ masteryId, baseVersionId: v2Id, graph: next, note: '' });

    const { diff } = await team.as('VIEWER').versions.compare({ fromId: v2Id, toId: v3.id });
    expect(diff.nodes.map((n) => [n.id, n.kind])).toEqual([['result', 'removed'], ['calc', 'changed'], ['note', 'changed'], ['final', 'added']]);
    const calc = diff.nodes.find((n) => n.id === 'calc');
    expect(calc?.fields).toEqual([{ path: 'config.expression', kind: 'changed', before: DOUBLE, after: 'input.n * 3' }]);
    const note = diff.nodes.find((n) => n.id === 'note');
    expect(note?.fields[0]?.lines).toEqual([
      { kind: 'same', text: 'line one\n' },
      { kind: 'removed', text: 'line two\n' },
      { kind: 'added', text: 'line 2\n' },
      { kind: 'same', text: 'line three' },
    ]);
    expect(diff.edges.map((e) => [e.id, e.kind])).toEqual([['e2', 'removed'], ['e3', 'added']]);
    expect(diff.settings).toEqual([{ path: 'settings.maxParallel', kind: 'changed', before: 4, after: 2 }]);
    expect(diff.inputSchema).toEqual([{ path: 'inputSchema.properties.n.type', kind: 'changed', before: 'number', after: 'integer' }]);
    expect(diff.summary).toEqual({ added: 2, removed: 2, changed: 2 });
  });

  it('rolls back by creating a new current version equal to the earlier one, audit-logged, deleting nothing', async () => {
    const db = getDb().client;
    const { team, editor, masteryId, firstId, v2Id } = await setUp(db);
    const rolled = await editor.versions.makeCurrent({ versionId: firstId });
    expect(rolled).toMatchObject({ number: 3, source: 'ROLLBACK', status: 'PUBLISHED', parentId: v2Id });
    expect((await editor.masteries.byId({ id: masteryId })).currentVersion?.id).toBe(rolled.id);
    const first = await db.masteryVersion.findUniqueOrThrow({ where: { id: firstId } });
    const copy = await db.masteryVersion.findUniqueOrThrow({ where: { id: rolled.id } });
    expect(copy.graph).toEqual(first.graph);
    expect(await db.masteryVersion.count({ where: { masteryId } })).toBe(3);
    const { diff } = await editor.versions.compare({ fromId: firstId, toId: rolled.id });
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 0 });
    const log = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: 'version.rollback' } });
    const activity = await team.as('VIEWER').versions.activity({ masteryId });
    expect(activity.map((a) => a.action)).toEqual(['version.rollback', 'version.publish', 'version.save']);
    expect(activity[0]?.actor?.id).toBe(team.members.EDITOR.userId);
    expect(log).toMatchObject({ actorId: team.members.EDITOR.userId, targetId: rolled.id, data: { masteryId, from: 2, to: 1, created: 3 } });

    expect((await trpcFailure(editor.versions.makeCurrent({ versionId: rolled.id }))).code).toBe('CONFLICT');
    expect((await trpcFailure(team.as('VIEWER').versions.makeCurrent({ versionId: v2Id }))).code).toBe('FORBIDDEN');
    const other = await makeTeam(db, 'Elsewhere');
    expect((await trpcFailure(other.as('OWNER').versions.makeCurrent({ versionId: v2Id }))).code).toBe('NOT_FOUND');
    expect((await trpcFailure(other.as('OWNER').versions.compare({ fromId: firstId, toId: v2Id }))).code).toBe('NOT_FOUND');
  });
});
