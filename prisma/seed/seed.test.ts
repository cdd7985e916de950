import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { checkCredentials } from '@/server/auth/users';
import { DEMO, seedDemo } from './seed';

describeEachDb('demo seed', (getDb) => {
  it('seeds the demo team once: a second run adds nothing and keeps edits', async () => {
    const db = getDb().client;
    const first = await seedDemo(db, { baseUrl: 'http://localhost:3000' });
    expect(first.created).toHaveLength(3);
    const counts = async () => ({
      users: await db.user.count(),
      teams: await db.team.count(),
      memberships: await db.membership.count(),
      agents: await db.agent.count(),
      masteries: await db.mastery.count(),
      versions: await db.masteryVersion.count(),
    });
    const before = await counts();
    expect(before).toMatchObject({ users: 2, teams: 1, memberships: 2, agents: 2, masteries: 3, versions: 3 });
    await db.mastery.updateMany({ where: { name: 'API report' }, data: { description: 'edited' } });
    expect((await seedDemo(db, { baseUrl: 'http://localhost:3000' })).created).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(await db.mastery.findFirst({ where: { name: 'API report' } })).toMatchObject({ description: 'edited' });
  });

  it('lets the demo owner and viewer sign in with the printed passwords, with their roles', async () => {
    const db = getDb().client;
    await seedDemo(db, { baseUrl: 'http://localhost:3000' });
    for (const [who, role] of [[DEMO.owner, 'OWNER'], [DEMO.viewer, 'VIEWER']] as const) {
      const user = await checkCredentials(db, who.email, who.password, { address: '192.0.2.1' });
      expect(await db.membership.findFirst({ where: { userId: user.id, teamId: DEMO.teamId } })).toMatchObject({ role });
    }
  });

  it('builds the research graph around the two seeded agents', async () => {
    const db = getDb().client;
    await seedDemo(db, { baseUrl: 'http://localhost:3000' });
    const mastery = await db.mastery.findFirstOrThrow({ where: { name: 'Research and critique' }, include: { currentVersion: true } });
    const graph = mastery.currentVersion?.graph as { nodes: { id: string; config: { agentId?: string } }[] };
    const agentIds = new Set((await db.agent.findMany({ where: { teamId: DEMO.teamId } })).map((a) => a.id));
    const used = graph.nodes.flatMap((n) => (n.config.agentId ? [n.config.agentId] : []));
    expect(used.length).toBe(3);
    for (const id of used) expect(agentIds.has(id)).toBe(true);
  });
});

describeEachDb('demo graphs', (getDb) => {
  it('pass the engine validator, every node type registered', async () => {
    const { validateGraph } = await import('@/server/engine/validate');
    const { nodeRegistry } = await import('@/server/nodes');
    const db = getDb().client;
    await seedDemo(db, { baseUrl: 'http://localhost:3000' });
    const versions = await db.masteryVersion.findMany({ include: { mastery: { select: { name: true } } } });
    expect(versions).toHaveLength(3);
    for (const version of versions) {
      const { problems } = validateGraph(version.graph, nodeRegistry);
      const blocking = problems.filter((p) => p.severity === 'error');
      expect([version.mastery.name, blocking]).toEqual([version.mastery.name, []]);
    }
  });
});
