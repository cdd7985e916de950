/**
 * Access rules for every procedure of the router: who may call it (role ladder), that signed-out callers
 * get UNAUTHORIZED, and that ids from another team are NOT_FOUND. The table must name every procedure,
 * so a new procedure cannot ship without its rule being tested here.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Role } from '@/server/generated/prisma/enums';
import { appRouter } from '@/server/api/root';
import { hasRole } from '@/server/auth/roles';
import { describeEachDb } from '@/test/db';
import { callerFor, makeTeam, uniqueEmail, outcomeCode as codeOf } from '@/test/api';

type Caller = ReturnType<typeof callerFor>;

interface Fixture {
  teamId: string;
  masteryId: string;
  inviteId: string;
  inviteToken: string;
  viewerId: string;
  runId: string;
  agentId: string;
  versionId: string;
  secretName: string;
  budgetId: string;
}

async function makeFixture(db: PrismaClient) {
  const team = await makeTeam(db, 'Fixture');
  const mastery = await team.as('OWNER').masteries.create({ name: 'Fixture mastery', description: '' });
  const invite = await team.as('OWNER').teams.invite({ email: uniqueEmail('invitee'), role: 'VIEWER' });
  const run = await team.as('OWNER').runs.start({ masteryId: mastery.id, input: { n: 1 } });
  const secret = await team.as('OWNER').secrets.set({ name: `FIXTURE_${randomBytes(4).toString('hex').toUpperCase()}`, value: 'fixture-secret-value' });
  const fixture: Fixture = {
    teamId: team.id,
    masteryId: mastery.id,
    inviteId: invite.id,
    inviteToken: invite.path.split('/').pop() ?? '',
    viewerId: team.members.VIEWER.userId,
    runId: run.id,
    agentId: (await team.as('OWNER').agents.create({ name: 'Fixture agent', model: 'gpt-4o-mini' })).id,
    versionId: (await team.as('OWNER').masteries.byId({ id: mastery.id })).currentVersion?.id ?? '',
    secretName: secret.name,
    budgetId: (await team.as('OWNER').budgets.save({ masteryId: mastery.id, period: 'MONTH', maxCostUsd: 1000, maxTokens: null, maxConcurrentRuns: null })).id,
  };
  return { team, fixture };
}

type Minimum = Role | 'SIGNED_IN' | 'PUBLIC';
interface Rule {
  min: Minimum;
  call: (c: Caller, f: Fixture) => Promise<unknown>;
  /** For procedures that take a record id: the call with another team's ids must be NOT_FOUND. */
  foreign?: boolean;
}

async function firstOf(updates: AsyncIterable<unknown>): Promise<unknown> {
  for await (const update of updates) return update;
  return undefined;
}

const RULES: Record<string, Rule> = {
  'agents.list': { min: 'VIEWER', call: (c) => c.agents.list({ includeArchived: true }) },
  'agents.byId': { min: 'VIEWER', call: (c, f) => c.agents.byId({ id: f.agentId }), foreign: true },
  'agents.create': { min: 'EDITOR', call: (c) => c.agents.create({ name: `Agent ${uniqueEmail()}`, model: 'gpt-4o' }) },
  'agents.update': { min: 'EDITOR', call: (c, f) => c.agents.update({ id: f.agentId, changes: { temperature: 0.1 } }), foreign: true },
  'metrics.summary': { min: 'VIEWER', call: (c) => c.metrics.summary({ days: 30 }) },
  'budgets.list': { min: 'VIEWER', call: (c) => c.budgets.list() },
  'budgets.save': { min: 'OWNER', call: (c, f) => c.budgets.save({ id: f.budgetId, masteryId: f.masteryId, period: 'DAY', maxCostUsd: 5, maxTokens: null, maxConcurrentRuns: null }), foreign: true },
  'budgets.remove': { min: 'OWNER', call: (c, f) => c.budgets.remove({ id: f.budgetId }), foreign: true },
  'budgets.runAlerts': { min: 'VIEWER', call: (c, f) => c.budgets.runAlerts({ runId: f.runId }), foreign: true },
  // Allowed removals of a model the team has no price of answer NOT_FOUND.
  'operations.overview': { min: 'OWNER', call: (c) => c.operations.overview() },
  'prices.list': { min: 'VIEWER', call: (c) => c.prices.list() },
  'prices.save': { min: 'OWNER', call: (c) => c.prices.save({ model: 'access-test-model', inputPerMTok: 1, outputPerMTok: 2 }) },
  'prices.remove': { min: 'OWNER', call: (c) => c.prices.remove({ model: 'access-test-model' }) },
  'agents.archive': { min: 'EDITOR', call: (c, f) => c.agents.archive({ id: f.agentId }), foreign: true },
  'agents.restore': { min: 'EDITOR', call: (c, f) => c.agents.restore({ id: f.agentId }), foreign: true },
  'auth.signUp': { min: 'PUBLIC', call: (c) => c.auth.signUp({ name: 'New', email: uniqueEmail('signup'), password: 'correct horse battery' }) },
  'auth.me': { min: 'SIGNED_IN', call: (c) => c.auth.me() },
  'teams.mine': { min: 'SIGNED_IN', call: (c) => c.teams.mine() },
  'teams.create': { min: 'SIGNED_IN', call: (c) => c.teams.create({ name: 'Another team' }) },
  'teams.switch': { min: 'VIEWER', call: (c, f) => c.teams.switch({ teamId: f.teamId }), foreign: true },
  'teams.current': { min: 'VIEWER', call: (c) => c.teams.current() },
  'teams.rename': { min: 'OWNER', call: (c) => c.teams.rename({ name: 'Renamed team' }) },
  // Turning it off: turning it on is refused to everyone where the installation allows no private network.
  'teams.setNetworkPolicy': { min: 'OWNER', call: (c) => c.teams.setNetworkPolicy({ allowPrivateNetwork: false }) },
  'teams.members': { min: 'VIEWER', call: (c) => c.teams.members() },
  'teams.changeRole': { min: 'OWNER', call: (c, f) => c.teams.changeRole({ userId: f.viewerId, role: 'EDITOR' }), foreign: true },
  'teams.removeMember': { min: 'OWNER', call: (c, f) => c.teams.removeMember({ userId: f.viewerId }), foreign: true },
  'teams.leave': { min: 'VIEWER', call: (c) => c.teams.leave() },
  'teams.invites': { min: 'OWNER', call: (c) => c.teams.invites() },
  'teams.invite': { min: 'OWNER', call: (c) => c.teams.invite({ email: uniqueEmail('inv'), role: 'EDITOR' }) },
  'teams.revokeInvite': { min: 'OWNER', call: (c, f) => c.teams.revokeInvite({ inviteId: f.inviteId }), foreign: true },
  'teams.inviteInfo': { min: 'SIGNED_IN', call: (c, f) => c.teams.inviteInfo({ token: f.inviteToken }) },
  'teams.acceptInvite': { min: 'SIGNED_IN', call: (c, f) => c.teams.acceptInvite({ token: f.inviteToken }) },
  'masteries.list': { min: 'VIEWER', call: (c) => c.masteries.list({ includeArchived: true }) },
  'masteries.byId': { min: 'VIEWER', call: (c, f) => c.masteries.byId({ id: f.masteryId }), foreign: true },
  'masteries.create': { min: 'EDITOR', call: (c) => c.masteries.create({ name: 'Created', description: '' }) },
  'masteries.rename': { min: 'EDITOR', call: (c, f) => c.masteries.rename({ id: f.masteryId, name: 'Renamed' }), foreign: true },
  'masteries.updateDescription': { min: 'EDITOR', call: (c, f) => c.masteries.updateDescription({ id: f.masteryId, description: 'Changed' }), foreign: true },
  'masteries.archive': { min: 'EDITOR', call: (c, f) => c.masteries.archive({ id: f.masteryId }), foreign: true },
  'masteries.unarchive': { min: 'EDITOR', call: (c, f) => c.masteries.unarchive({ id: f.masteryId }), foreign: true },
  'runs.start': { min: 'EDITOR', call: (c, f) => c.runs.start({ masteryId: f.masteryId, input: {} }), foreign: true },
  'runs.get': { min: 'VIEWER', call: (c, f) => c.runs.get({ id: f.runId }), foreign: true },
  'runs.view': { min: 'VIEWER', call: (c, f) => c.runs.view({ id: f.runId }), foreign: true },
  'runs.step': { min: 'VIEWER', call: (c, f) => c.runs.step({ id: f.runId, nodeId: 'input' }), foreign: true },
  'runs.outputs': { min: 'VIEWER', call: (c, f) => c.runs.outputs({ id: f.runId, nodeIds: ['input'] }), foreign: true },
  'runs.list': { min: 'VIEWER', call: (c, f) => c.runs.list({ masteryId: f.masteryId, limit: 10 }) },
  'runs.rerun': { min: 'EDITOR', call: (c, f) => c.runs.rerun({ runId: f.runId, mode: 'SAME_INPUT' }), foreign: true },
  'runs.cancel': { min: 'EDITOR', call: (c, f) => c.runs.cancel({ id: f.runId }), foreign: true },
  'versions.list': { min: 'VIEWER', call: (c, f) => c.versions.list({ masteryId: f.masteryId }), foreign: true },
  'versions.byId': { min: 'VIEWER', call: (c, f) => c.versions.byId({ id: f.versionId }), foreign: true },
  'versions.saveDraft': {
    min: 'EDITOR',
    call: async (c, f) => c.versions.saveDraft({ masteryId: f.masteryId, baseVersionId: f.versionId, graph: (await c.versions.byId({ id: f.versionId })).graph, note: '' }),
    foreign: true,
  },
  'versions.import': { min: 'EDITOR', call: (c, f) => c.versions.import({ masteryId: f.masteryId, graph: { nodes: [{ id: 'input', type: 'input', config: {} }] }, note: '' }), foreign: true },
  'versions.publish': { min: 'EDITOR', call: (c, f) => c.versions.publish({ versionId: f.versionId }), foreign: true },
  'versions.activity': { min: 'VIEWER', call: (c, f) => c.versions.activity({ masteryId: f.masteryId }), foreign: true },
  'versions.compare': { min: 'VIEWER', call: (c, f) => c.versions.compare({ fromId: f.versionId, toId: f.versionId }), foreign: true },
  'versions.makeCurrent': { min: 'EDITOR', call: (c, f) => c.versions.makeCurrent({ versionId: f.versionId }), foreign: true },
  'testInputs.list': { min: 'VIEWER', call: (c, f) => c.testInputs.list({ masteryId: f.masteryId }), foreign: true },
  'testInputs.create': { min: 'EDITOR', call: (c, f) => c.testInputs.create({ masteryId: f.masteryId, name: `t${randomBytes(3).toString('hex')}`, input: {} }), foreign: true },
  'testInputs.fromRun': { min: 'EDITOR', call: (c, f) => c.testInputs.fromRun({ runId: f.runId, name: `r${randomBytes(3).toString('hex')}` }), foreign: true },
  'testInputs.delete': { min: 'EDITOR', call: (c, f) => c.testInputs.delete({ id: f.versionId }), foreign: true },
  'evolution.queue': { min: 'VIEWER', call: (c) => c.evolution.queue({}) },
  'evolution.forRun': { min: 'VIEWER', call: (c, f) => c.evolution.forRun({ runId: f.runId }), foreign: true },
  'evolution.byId': { min: 'VIEWER', call: (c, f) => c.evolution.byId({ proposalId: f.versionId }), foreign: true },
  'evolution.propose': { min: 'EDITOR', call: (c, f) => c.evolution.propose({ runId: f.runId }), foreign: true },
  'evolution.repropose': { min: 'EDITOR', call: (c, f) => c.evolution.repropose({ proposalId: f.versionId }), foreign: true },
  'evolution.approve': { min: 'APPROVER', call: (c, f) => c.evolution.approve({ proposalId: f.versionId }), foreign: true },
  'evolution.reject': { min: 'APPROVER', call: (c, f) => c.evolution.reject({ proposalId: f.versionId, reason: 'no' }), foreign: true },
  'evolution.setMode': { min: 'EDITOR', call: (c, f) => c.evolution.setMode({ masteryId: f.masteryId, mode: 'OFF' }), foreign: true },
  // The fixture run has no approval step: allowed roles get a domain refusal, never FORBIDDEN.
  'runs.decide': { min: 'APPROVER', call: (c, f) => c.runs.decide({ runId: f.runId, nodeId: 'input', decision: 'approve' }), foreign: true },
  'runs.events': { min: 'VIEWER', call: (c, f) => c.runs.events({ runId: f.runId, afterSeq: 0, limit: 50 }), foreign: true },
  'runs.watch': { min: 'VIEWER', call: async (c, f) => firstOf(await c.runs.watch({ id: f.runId })), foreign: true },
  'secrets.list': { min: 'VIEWER', call: (c) => c.secrets.list() },
  'secrets.set': { min: 'EDITOR', call: (c) => c.secrets.set({ name: 'NEW_TOKEN', value: 'a new value' }) },
  // Names are per team: another team's secret of the same name is simply not there.
  'secrets.delete': { min: 'EDITOR', call: (c, f) => c.secrets.delete({ name: f.secretName }), foreign: true },
};


describeEachDb('access to every procedure', (getDb) => {
  it('the rule table names every procedure of the router', () => {
    expect(Object.keys(RULES).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  it('answers UNAUTHORIZED to signed-out callers of every protected procedure', async () => {
    const { fixture } = await makeFixture(getDb().client);
    const anonymous = callerFor(getDb().client, { user: null });
    for (const [name, rule] of Object.entries(RULES)) {
      const code = await codeOf(rule.call(anonymous, fixture));
      expect([name, code]).toEqual([name, rule.min === 'PUBLIC' ? 'OK' : 'UNAUTHORIZED']);
    }
  });

  it('refuses each role below the procedure minimum with FORBIDDEN and lets the others through', async () => {
    const db = getDb().client;
    for (const [name, rule] of Object.entries(RULES)) {
      if (rule.min === 'PUBLIC' || rule.min === 'SIGNED_IN') continue;
      for (const role of ['VIEWER', 'EDITOR', 'APPROVER', 'OWNER'] as const) {
        // A fresh team per call: allowed mutations (leave, remove) must not change the next case.
        const { team, fixture } = await makeFixture(db);
        const code = await codeOf(rule.call(team.as(role), fixture));
        const allowed = hasRole(role, rule.min);
        // Allowed calls may still fail for domain reasons (the last owner cannot leave), never for access.
        if (allowed) expect([name, role, code]).not.toEqual([name, role, 'FORBIDDEN']);
        else expect([name, role, code]).toEqual([name, role, 'FORBIDDEN']);
      }
    }
  }, 120_000);

  it('answers NOT_FOUND to an owner of another team for every procedure that takes an id, and changes nothing', async () => {
    const db = getDb().client;
    const { fixture: theirs } = await makeFixture(db);
    const { team: mine } = await makeFixture(db);
    for (const [name, rule] of Object.entries(RULES)) {
      if (!rule.foreign) continue;
      const code = await codeOf(rule.call(mine.as('OWNER'), theirs));
      expect([name, code]).toEqual([name, 'NOT_FOUND']);
    }
    const mastery = await db.mastery.findUniqueOrThrow({ where: { id: theirs.masteryId } });
    expect(mastery).toMatchObject({ name: 'Fixture mastery', description: '', archivedAt: null });
    const viewer = await db.membership.findFirstOrThrow({ where: { teamId: theirs.teamId, userId: theirs.viewerId } });
    expect(viewer.role).toBe('VIEWER');
    const agent = await db.agent.findUniqueOrThrow({ where: { id: theirs.agentId } });
    expect(agent).toMatchObject({ version: 1, temperature: 0.7, archivedAt: null });
    const invite = await db.invite.findUniqueOrThrow({ where: { id: theirs.inviteId } });
    expect(invite.revokedAt).toBeNull();
    expect(await db.budget.findUniqueOrThrow({ where: { id: theirs.budgetId } })).toMatchObject({ period: 'MONTH', maxCostUsd: 1000 });
  });

  it('refuses extra fields such as id, teamId and role in create and update inputs', async () => {
    const { team, fixture } = await makeFixture(getDb().client);
    const owner = team.as('OWNER') as unknown as {
      masteries: { create(i: unknown): Promise<unknown>; rename(i: unknown): Promise<unknown> };
      teams: { create(i: unknown): Promise<unknown> };
      auth: { signUp(i: unknown): Promise<unknown> };
    };
    expect(await codeOf(owner.masteries.create({ name: 'X', description: '', teamId: 'other' }))).toBe('BAD_REQUEST');
    expect(await codeOf(owner.masteries.create({ name: 'X', description: '', id: 'chosen' }))).toBe('BAD_REQUEST');
    expect(await codeOf(owner.masteries.rename({ id: fixture.masteryId, name: 'Y', archivedAt: null }))).toBe('BAD_REQUEST');
    expect(await codeOf(owner.teams.create({ name: 'Z team', role: 'OWNER' }))).toBe('BAD_REQUEST');
    expect(await codeOf(owner.auth.signUp({ name: 'A', email: uniqueEmail(), password: 'correct horse battery', role: 'OWNER' }))).toBe('BAD_REQUEST');
    expect(await getDb().client.mastery.count({ where: { name: 'X' } })).toBe(0);
  });
});
