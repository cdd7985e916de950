import { router, teamProcedure } from '@/server/api/trpc';
import { evolverDeps } from '@/server/evolution/deps';
import { approveProposal, rejectProposal } from '@/server/evolution/decisions';
import { propose } from '@/server/evolution/propose';
import { proposalDetail, repropose, reviewQueue } from '@/server/evolution/queue';
import { setEvolverMode } from '@/server/evolution/auto-propose';
import { proposalsForRun } from '@/server/evolution/run-proposals';
import { evolverModeSchema, proposalIdSchema, proposeSchema, queueSchema, rejectSchema, runIdSchema } from '@/server/evolution/schemas';

export const evolutionRouter = router({
  queue: teamProcedure('VIEWER').input(queueSchema).query(({ ctx, input }) => reviewQueue(ctx.db, ctx.team, input.masteryId)),
  byId: teamProcedure('VIEWER').input(proposalIdSchema).query(({ ctx, input }) => proposalDetail(ctx.db, ctx.team, input.proposalId)),
  forRun: teamProcedure('VIEWER').input(runIdSchema).query(({ ctx, input }) => proposalsForRun(ctx.db, ctx.team, input.runId)),
  propose: teamProcedure('EDITOR').input(proposeSchema).mutation(({ ctx, input }) => propose(ctx.db, evolverDeps(ctx.db, ctx.runtime()), ctx.team, ctx.user.userId, input)),
  repropose: teamProcedure('EDITOR').input(proposalIdSchema).mutation(({ ctx, input }) => repropose(ctx.db, evolverDeps(ctx.db, ctx.runtime()), ctx.team, ctx.user.userId, input.proposalId)),
  approve: teamProcedure('APPROVER').input(proposalIdSchema).mutation(({ ctx, input }) => approveProposal(ctx.db, ctx.team, ctx.user.userId, input.proposalId)),
  reject: teamProcedure('APPROVER').input(rejectSchema).mutation(({ ctx, input }) => rejectProposal(ctx.db, ctx.team, ctx.user.userId, input.proposalId, input.reason)),
  setMode: teamProcedure('EDITOR').input(evolverModeSchema).mutation(({ ctx, input }) => setEvolverMode(ctx.db, ctx.team, ctx.user.userId, input.masteryId, input.mode)),
});
