import { router, teamProcedure } from '@/server/api/trpc';
import { agentIdSchema, createAgentSchema, listAgentsSchema, updateAgentSchema } from '@/server/agents/schemas';
import { archiveAgent, createAgent, getAgent, listAgents, restoreAgent, updateAgent } from '@/server/agents/service';

export const agentsRouter = router({
  list: teamProcedure('VIEWER').input(listAgentsSchema).query(({ ctx, input }) => listAgents(ctx.db, ctx.team, input)),
  byId: teamProcedure('VIEWER').input(agentIdSchema).query(({ ctx, input }) => getAgent(ctx.db, ctx.team, input.id)),
  create: teamProcedure('EDITOR').input(createAgentSchema).mutation(({ ctx, input }) => createAgent(ctx.db, ctx.team, ctx.user.userId, input)),
  update: teamProcedure('EDITOR').input(updateAgentSchema).mutation(({ ctx, input }) => updateAgent(ctx.db, ctx.team, ctx.user.userId, input)),
  archive: teamProcedure('EDITOR').input(agentIdSchema).mutation(({ ctx, input }) => archiveAgent(ctx.db, ctx.team, ctx.user.userId, input.id)),
  restore: teamProcedure('EDITOR').input(agentIdSchema).mutation(({ ctx, input }) => restoreAgent(ctx.db, ctx.team, ctx.user.userId, input.id)),
});
