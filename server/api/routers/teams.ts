import { authedProcedure, router, teamProcedure } from '@/server/api/trpc';
import {
  changeRoleSchema,
  createInviteSchema,
  createTeamSchema,
  inviteIdSchema,
  inviteTokenSchema,
  networkPolicySchema,
  removeMemberSchema,
  renameTeamSchema,
  switchTeamSchema,
} from '@/server/teams/schemas';
import { changeRole, createTeam, getTeam, leaveTeam, listMembers, listMyTeams, removeMember, renameTeam, setNetworkPolicy } from '@/server/teams/service';
import { acceptInvite, createInvite, describeInvite, listPendingInvites, revokeInvite } from '@/server/teams/invites';
import { resolveMembership } from '@/server/teams/membership';
import { NotFoundError } from '@/server/errors';
import { env } from '@/server/env';

export const teamsRouter = router({
  mine: authedProcedure.query(({ ctx }) => listMyTeams(ctx.db, ctx.user.userId)),
  create: authedProcedure.input(createTeamSchema).mutation(async ({ ctx, input }) => {
    const team = await createTeam(ctx.db, ctx.user.userId, input);
    ctx.setActiveTeam(team.id);
    return team;
  }),
  switch: authedProcedure.input(switchTeamSchema).mutation(async ({ ctx, input }) => {
    const membership = await resolveMembership(ctx.db, ctx.user.userId, input.teamId);
    if (!membership || membership.teamId !== input.teamId) throw new NotFoundError('Team');
    ctx.setActiveTeam(input.teamId);
    return { teamId: input.teamId };
  }),
  current: teamProcedure('VIEWER').query(({ ctx }) => getTeam(ctx.db, ctx.team, ctx.privateNetwork ?? env.ALLOW_PRIVATE_NETWORK)),
  rename: teamProcedure('OWNER').input(renameTeamSchema).mutation(({ ctx, input }) => renameTeam(ctx.db, ctx.team, ctx.user.userId, input)),
  setNetworkPolicy: teamProcedure('OWNER')
    .input(networkPolicySchema)
    .mutation(({ ctx, input }) => setNetworkPolicy(ctx.db, ctx.team, ctx.user.userId, input, ctx.privateNetwork ?? env.ALLOW_PRIVATE_NETWORK)),
  members: teamProcedure('VIEWER').query(({ ctx }) => listMembers(ctx.db, ctx.team)),
  changeRole: teamProcedure('OWNER').input(changeRoleSchema).mutation(({ ctx, input }) => changeRole(ctx.db, ctx.team, ctx.user.userId, input)),
  removeMember: teamProcedure('OWNER').input(removeMemberSchema).mutation(({ ctx, input }) => removeMember(ctx.db, ctx.team, ctx.user.userId, input)),
  leave: teamProcedure('VIEWER').mutation(({ ctx }) => leaveTeam(ctx.db, ctx.team, ctx.user.userId)),
  invites: teamProcedure('OWNER').query(({ ctx }) => listPendingInvites(ctx.db, ctx.team)),
  invite: teamProcedure('OWNER').input(createInviteSchema).mutation(({ ctx, input }) => createInvite(ctx.db, ctx.team, ctx.user.userId, input)),
  revokeInvite: teamProcedure('OWNER').input(inviteIdSchema).mutation(({ ctx, input }) => revokeInvite(ctx.db, ctx.team, ctx.user.userId, input.inviteId)),
  inviteInfo: authedProcedure.input(inviteTokenSchema).query(({ ctx, input }) => describeInvite(ctx.db, input.token)),
  acceptInvite: authedProcedure.input(inviteTokenSchema).mutation(async ({ ctx, input }) => {
    const joined = await acceptInvite(ctx.db, ctx.user, input.token);
    ctx.setActiveTeam(joined.teamId);
    return joined;
  }),
});
