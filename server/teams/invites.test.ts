import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeTeam, makeUser, outcomeText as codeOf } from '@/test/api';
import { acceptInvite } from './invites';


describeEachDb('team invites', (getDb) => {
  it('lets the invited person join with the invite role, once', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Inviting');
    const invitee = await makeUser(db, 'invitee');
    const invite = await team.as('OWNER').teams.invite({ email: invitee.email.toUpperCase(), role: 'APPROVER' });
    expect(invite.path).toMatch(/^\/invite\/[\w-]{40,}$/);
    const token = invite.path.split('/').pop() ?? '';
    const stored = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(stored.tokenHash).not.toContain(token);

    const state = { activeTeamId: null as string | null };
    const api = callerFor(db, { user: invitee }, state);
    expect(await api.teams.inviteInfo({ token })).toMatchObject({ teamName: 'Inviting', role: 'APPROVER' });
    expect(await api.teams.acceptInvite({ token })).toMatchObject({ teamId: team.id, role: 'APPROVER' });
    expect(state.activeTeamId).toBe(team.id);
    expect(await db.membership.findFirst({ where: { teamId: team.id, userId: invitee.userId } })).toMatchObject({ role: 'APPROVER' });

    expect(await codeOf(api.teams.acceptInvite({ token }))).toBe('BAD_REQUEST: This invite link has already been used. Ask for a new one.');
  });

  it('refuses expired, revoked and unknown tokens, and tokens meant for another email, adding nobody', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Strict');
    const invitee = await makeUser(db, 'expired');
    const expired = await team.as('OWNER').teams.invite({ email: invitee.email, role: 'VIEWER' });
    const later = new Date(Date.now() + 8 * 24 * 60 * 60_000);
    await expect(acceptInvite(db, invitee, expired.path.split('/').pop() ?? '', later)).rejects.toThrow('expired');

    const revoked = await team.as('OWNER').teams.invite({ email: uniqueEmailFor(invitee.email), role: 'VIEWER' });
    await team.as('OWNER').teams.revokeInvite({ inviteId: revoked.id });
    const api = callerFor(db, { user: invitee });
    expect(await codeOf(api.teams.acceptInvite({ token: revoked.path.split('/').pop() ?? '' }))).toContain('not valid');
    expect(await codeOf(api.teams.acceptInvite({ token: 'x'.repeat(43) }))).toContain('not valid');

    const stranger = await makeUser(db, 'stranger');
    const forOther = await team.as('OWNER').teams.invite({ email: uniqueEmailFor('someone@example.test'), role: 'EDITOR' });
    expect(await codeOf(callerFor(db, { user: stranger }).teams.acceptInvite({ token: forOther.path.split('/').pop() ?? '' }))).toContain('This invite is for');
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(4);
  });

  it('does not invite someone who is already a member', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Members');
    expect(await codeOf(team.as('OWNER').teams.invite({ email: team.members.EDITOR.email, role: 'VIEWER' }))).toContain('already a member');
  });

  it('keeps at least one owner', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Owners');
    const owner = team.as('OWNER');
    expect(await codeOf(owner.teams.changeRole({ userId: team.members.OWNER.userId, role: 'EDITOR' }))).toContain('at least one owner');
    expect(await codeOf(owner.teams.leave())).toContain('last owner');
    await owner.teams.changeRole({ userId: team.members.EDITOR.userId, role: 'OWNER' });
    expect(await owner.teams.leave()).toEqual({ userId: team.members.OWNER.userId });
    const audit = await db.auditLog.findMany({ where: { teamId: team.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['member.role', 'member.remove']);
  });
});

function uniqueEmailFor(base: string) {
  return `${Math.random().toString(36).slice(2, 8)}-${base}`;
}
