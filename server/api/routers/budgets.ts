import { router, teamProcedure } from '@/server/api/trpc';
import { budgetIdSchema, saveBudgetSchema } from '@/server/budgets/schemas';
import { listBudgets, removeBudget, saveBudget } from '@/server/budgets/service';

export const budgetsRouter = router({
  list: teamProcedure('VIEWER').query(({ ctx }) => listBudgets(ctx.db, ctx.team)),
  save: teamProcedure('OWNER').input(saveBudgetSchema).mutation(({ ctx, input }) => saveBudget(ctx.db, ctx.team, ctx.user.userId, input)),
  remove: teamProcedure('OWNER').input(budgetIdSchema).mutation(({ ctx, input }) => removeBudget(ctx.db, ctx.team, ctx.user.userId, input.id)),
});
