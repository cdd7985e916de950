import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeTeam, trpcFailure as errorOf } from '@/test/api';

const at = (x: number) => ({ x, y: 0 });

function threeSteps(expression = 'input.n * 2') {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      { id: 'double', type: 'transform', name: 'Double', position: at(300), config: { expression } },
      { id: 'result', type: 'output', name: 'Result', position: at(600), config: {} },
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'double' },
      { id: 'e2', source: 'double', target: 'result' },
    ],
    settings: { maxParallel: 4 },
  };
}


async function setUp(getDb: () => { client: Parameters<typeof makeTeam>[0] }) {
  const db = getDb().client;
  const team = await makeTeam(db, 'Versions');
  const editor = team.as('EDITOR');
  const mastery = await editor.masteries.create({ name: `Doubler ${Math.random().toString(36).slice(2, 8)}`, description: '' });
  const first = (await editor.masteries.byId({ id: mastery.id })).currentVersion;
  if (!first) throw new Error('a new mastery has a first version');
  return { db, team, editor, masteryId: mastery.id, firstId: first.id };
}

describeEachDb('versions', (getDb) => {
  it('saves a new draft on top of the base without touching it, then publishes it as current', async () => {
    const { db, team, editor, masteryId, firstId } = await setUp(getDb);
    const draft = await editor.versions.saveDraft({ masteryId, baseVersionId: firstId, graph: threeSteps(), note: 'Adds a step' });
    expect(draft).toMatchObject({ number: 2, status: 'DRAFT', parentId: firstId });
    expect((await editor.masteries.byId({ id: masteryId })).currentVersion?.id).toBe(firstId);

    const saved = await team.as('VIEWER').versions.byId({ id: draft.id });
    expect(saved.graph).toMatchObject({ nodes: [{ id: 'input' }, { id: 'double', config: { expression: 'input.n * 2' } }, { id: 'result' }] });
    expect(saved.author?.id).toBe(team.members.EDITOR.userId);

    await editor.versions.publish({ versionId: draft.id });
    expect((await editor.masteries.byId({ id: masteryId })).currentVersion).toMatchObject({ id: draft.id, status: 'PUBLISHED' });
    const list = await team.as('VIEWER').versions.list({ masteryId });
    expect(list.map((v) => [v.number, v.status, v.isCurrent, v.parent?.number ?? null, v.note])).toEqual([
      [2, 'PUBLISHED', true, 1, 'Adds a step'],
      [1, 'PUBLISHED', false, null, 'Created'],
    ]);
    const first = await db.masteryVersion.findUniqueOrThrow({ where: { id: firstId } });
    expect((first.graph as { nodes: unknown[] }).nodes).toHaveLength(2);
  });

  it('refuses a save on a stale base with CONFLICT naming who saved which version, and saves on top with force', async () => {
    const { team, editor, masteryId, firstId } = await setUp(getDb);
    const theirs = await team.as('OWNER').versions.saveDraft({ masteryId, baseVersionId: firstId, graph: threeSteps('input.n + 1'), note: 'theirs' });
    const conflict = await errorOf(editor.versions.saveDraft({ masteryId, baseVersionId: firstId, graph: threeSteps(), note: 'mine' }));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain('Version 2 was saved by versions-owner');
    expect((await editor.versions.list({ masteryId })).map((v) => v.number)).toEqual([2, 1]);

    const mine = await editor.versions.saveDraft({ masteryId, baseVersionId: firstId, graph: threeSteps(), note: 'mine', force: true });
    expect(mine).toMatchObject({ number: 3, parentId: theirs.id });
  });

  it('refuses an invalid graph listing every problem, and saves nothing', async () => {
    const { editor, masteryId, firstId } = await setUp(getDb);
    const bad = threeSteps();
    bad.edges.push({ id: 'back', source: 'result', target: 'double' });
    bad.nodes.push({ id: 'mystery', type: 'nope', name: '', position: at(0), config: {} });
    const error = await errorOf(editor.versions.saveDraft({ masteryId, baseVersionId: firstId, graph: bad, note: '' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/Cycle: .*→/);
    expect(error.message).toContain('unknown node type "nope"');
    expect((await editor.versions.list({ masteryId })).map((v) => v.number)).toEqual([1]);
  });

  it('imports a valid file as a draft and refuses a bad one without saving', async () => {
    const { editor, masteryId, firstId } = await setUp(getDb);
    const refused = await errorOf(editor.versions.import({ masteryId, graph: { nodes: [{ id: 'Bad Id', type: 'transform', config: {} }] }, note: '' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect((await editor.versions.list({ masteryId })).map((v) => v.number)).toEqual([1]);
    const imported = await editor.versions.import({ masteryId, graph: threeSteps(), note: 'Imported' });
    expect(imported).toMatchObject({ number: 2, status: 'DRAFT', parentId: firstId });
  });

  it('refuses viewers every write, and other teams see nothing', async () => {
    const { db, team, masteryId, firstId } = await setUp(getDb);
    const viewer = team.as('VIEWER');
    expect((await errorOf(viewer.versions.saveDraft({ masteryId, baseVersionId: firstId, graph: threeSteps(), note: '' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(viewer.versions.import({ masteryId, graph: threeSteps(), note: '' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(viewer.versions.publish({ versionId: firstId }))).code).toBe('FORBIDDEN');
    const other = await makeTeam(db, 'Others');
    expect((await errorOf(other.as('OWNER').versions.byId({ id: firstId }))).code).toBe('NOT_FOUND');
    expect((await errorOf(other.as('OWNER').versions.list({ masteryId }))).code).toBe('NOT_FOUND');
    expect(await db.masteryVersion.count({ where: { masteryId } })).toBe(1);
  });
});
