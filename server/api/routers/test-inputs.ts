import { router, teamProcedure } from '@/server/api/trpc';
import { createTestInputSchema, listTestInputsSchema, testInputFromRunSchema, testInputIdSchema } from '@/server/evolution/schemas';
import { createTestInput, deleteTestInput, listTestInputs, testInputFromRun } from '@/server/evolution/test-inputs';

export const testInputsRouter = router({
  list: teamProcedure('VIEWER').input(listTestInputsSchema).query(({ ctx, input }) => listTestInputs(ctx.db, ctx.team, input.masteryId)),
  create: teamProcedure('EDITOR').input(createTestInputSchema).mutation(({ ctx, input }) => createTestInput(ctx.db, ctx.team, ctx.user.userId, input)),
  fromRun: teamProcedure('EDITOR').input(testInputFromRunSchema).mutation(({ ctx, input }) => testInputFromRun(ctx.db, ctx.team, ctx.user.userId, input)),
  delete: teamProcedure('EDITOR').input(testInputIdSchema).mutation(({ ctx, input }) => deleteTestInput(ctx.db, ctx.team, ctx.user.userId, input.id)),
});
