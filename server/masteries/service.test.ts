import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeTeam } from '@/test/api';

describeEachDb('masteries', (getDb) => {
  it('creates a mastery with a published first version, renames and archives it', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Builders');
    const editor = team.as('EDITOR');
    const created = await editor.masteries.create({ name: 'Weekly digest', description: 'Mondays' });
    const full = await editor.masteries.byId({ id: created.id });
    expect(full.currentVersion).toMatchObject({ number: 1, status: 'PUBLISHED' });
    expect((full.currentVersion?.graph as { nodes: { type: string }[] }).nodes.map((n) => n.type)).toEqual(['input', 'output']);

    await editor.masteries.rename({ id: created.id, name: 'Monday digest' });
    await expect(editor.masteries.create({ name: 'monday DIGEST', description: '' })).rejects.toThrow('already exists');
    await editor.masteries.archive({ id: created.id });
    expect(await editor.masteries.list({ includeArchived: false })).toEqual([]);
    const all = await editor.masteries.list({ includeArchived: true });
    expect(all).toMatchObject([{ name: 'Monday digest', currentVersion: 1, lastRun: null }]);
    expect(all[0]?.archivedAt).toBeInstanceOf(Date);
    await editor.masteries.unarchive({ id: created.id });
    expect((await editor.masteries.list({ includeArchived: false })).map((m) => m.name)).toEqual(['Monday digest']);
  });

  it('lists only the active team\'s masteries, with the last run status', async () => {
    const db = getDb().client;
    const a = await makeTeam(db, 'Alpha');
    const b = await makeTeam(db, 'Beta');
    const mine = await a.as('EDITOR').masteries.create({ name: 'Alpha job', description: '' });
    await b.as('EDITOR').masteries.create({ name: 'Beta job', description: '' });
    const version = await db.masteryVersion.findFirstOrThrow({ where: { masteryId: mine.id } });
    await db.run.create({ data: { teamId: a.id, masteryId: mine.id, versionId: version.id, status: 'FAILED', input: {}, createdAt: new Date(Date.now() - 1000) } });
    await db.run.create({ data: { teamId: a.id, masteryId: mine.id, versionId: version.id, status: 'SUCCEEDED', input: {} } });
    const list = await a.as('VIEWER').masteries.list({ includeArchived: false });
    expect(list.map((m) => [m.name, m.lastRun?.status])).toEqual([['Alpha job', 'SUCCEEDED']]);
  });

  it('names the newest unpublished draft, in the list and when opened, until it is published', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Drafters');
    const editor = team.as('EDITOR');
    const created = await editor.masteries.create({ name: 'Drafty', description: '' });
    const first = await editor.masteries.byId({ id: created.id });
    expect(first.latestDraft).toBeNull();
    const graph = first.currentVersion?.graph;
    const v2 = await editor.versions.saveDraft({ masteryId: created.id, baseVersionId: first.currentVersion?.id ?? '', graph, note: 'two' });
    const v3 = await editor.versions.saveDraft({ masteryId: created.id, baseVersionId: v2.id, graph, note: 'three' });
    expect((await editor.masteries.byId({ id: created.id })).latestDraft).toEqual({ id: v3.id, number: 3 });
    expect((await editor.masteries.list({ includeArchived: false }))[0]).toMatchObject({ currentVersion: 1, draftVersion: 3 });

    await editor.versions.publish({ versionId: v3.id });
    expect((await editor.masteries.byId({ id: created.id })).latestDraft).toBeNull();
    expect((await editor.masteries.list({ includeArchived: false }))[0]).toMatchObject({ currentVersion: 3, draftVersion: null });
  });
});
