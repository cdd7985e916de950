/** Agents over the real database and the tRPC router: every change is a new version, roles are enforced. */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeTeam, outcomeCode as codeOf } from '@/test/api';


describeEachDb('agents', (getDb) => {
  it('creates an agent at version 1 and keeps a snapshot of every later change', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Agents crud');
    const editor = team.as('EDITOR');
    const created = await editor.agents.create({ name: 'Writer', model: 'gpt-4o-mini', systemPrompt: 'Write well.', capabilities: ['write'], traits: { tone: 'warm' } });
    expect(created).toMatchObject({ version: 1, temperature: 0.7, topP: null, maxTokens: null, traits: { tone: 'warm' } });

    const v2 = await editor.agents.update({ id: created.id, changes: { temperature: 0.2, maxTokens: 500 } });
    expect(v2).toMatchObject({ version: 2, temperature: 0.2, maxTokens: 500, systemPrompt: 'Write well.' });
    const v3 = await editor.agents.update({ id: created.id, changes: { systemPrompt: 'Write briefly.' } });
    expect(v3.version).toBe(3);

    const detail = await team.as('VIEWER').agents.byId({ id: created.id });
    expect(detail.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(detail.versions.map((v) => (v.snapshot as { systemPrompt: string; temperature: number }).temperature)).toEqual([0.2, 0.2, 0.7]);
    expect((detail.versions[0]?.snapshot as { systemPrompt: string }).systemPrompt).toBe('Write briefly.');
    expect(detail.versions[0]?.authorId).toBe(team.members.EDITOR.userId);
  });

  it('archives as a new version and lists archived agents only when asked', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Agents archive');
    const agent = await team.as('EDITOR').agents.create({ name: 'Old hand', model: 'gpt-4o' });
    const archived = await team.as('EDITOR').agents.archive({ id: agent.id });
    expect(archived.version).toBe(2);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await team.as('VIEWER').agents.list({ includeArchived: false })).map((a) => a.id)).not.toContain(agent.id);
    expect((await team.as('VIEWER').agents.list({ includeArchived: true })).map((a) => a.id)).toContain(agent.id);
    expect(await db.agentVersion.count({ where: { agentId: agent.id } })).toBe(2);

    const restored = await team.as('EDITOR').agents.restore({ id: agent.id });
    expect(restored).toMatchObject({ version: 3, archivedAt: null, name: 'Old hand' });
    expect((await team.as('VIEWER').agents.list({ includeArchived: false })).map((a) => a.id)).toContain(agent.id);
    expect(await db.auditLog.count({ where: { teamId: team.id, action: 'agent.restore', targetId: agent.id } })).toBe(1);
    // Restoring an agent in use changes nothing.
    expect((await team.as('EDITOR').agents.restore({ id: agent.id })).version).toBe(3);
  });

  it('lets viewers read and refuses their writes; refuses duplicate names, empty changes and extra fields', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Agents roles');
    const agent = await team.as('OWNER').agents.create({ name: 'Critic', model: 'gpt-4o' });
    const viewer = team.as('VIEWER');
    expect(await codeOf(viewer.agents.list())).toBe('OK');
    expect(await codeOf(viewer.agents.create({ name: 'Nope', model: 'gpt-4o' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.agents.update({ id: agent.id, changes: { temperature: 1 } }))).toBe('FORBIDDEN');
    expect(await codeOf(team.as('EDITOR').agents.create({ name: 'critic', model: 'gpt-4o' }))).toBe('CONFLICT');
    expect(await codeOf(team.as('EDITOR').agents.update({ id: agent.id, changes: {} }))).toBe('BAD_REQUEST');
    const loose = team.as('EDITOR') as unknown as { agents: { update(i: unknown): Promise<unknown>; create(i: unknown): Promise<unknown> } };
    expect(await codeOf(loose.agents.update({ id: agent.id, changes: { version: 9 } }))).toBe('BAD_REQUEST');
    expect(await codeOf(loose.agents.create({ name: 'X', model: 'gpt-4o', teamId: 'other' }))).toBe('BAD_REQUEST');
    expect(await codeOf(team.as('EDITOR').agents.create({ name: 'Hot', model: 'gpt-4o', temperature: 3 }))).toBe('BAD_REQUEST');
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).version).toBe(1);
  });
});
