import { router, teamProcedure } from '@/server/api/trpc';
import { budgetIdSchema, runAlertsSchema, saveBudgetSchema } from '@/server/budgets/schemas';
import { listBudgets, removeBudget, runBudgetAlerts, saveBudget } from '@/server/budgets/service';

export const budgetsRouter = router({
  list: teamProcedure('VIEWER').query(({ ctx }) => listBudgets(ctx.db, ctx.team)),
  runAlerts: teamProcedure('VIEWER').input(runAlertsSchema).query(({ ctx, input }) => runBudgetAlerts(ctx.db, ctx.team, input.runId)),
  save: teamProcedure('OWNER').input(saveBudgetSchema).mutation(({ ctx, input }) => saveBudget(ctx.db, ctx.team, ctx.user.userId, input)),
  remove: teamProcedure('OWNER').input(budgetIdSchema).mutation(({ ctx, input }) => removeBudget(ctx.db, ctx.team, ctx.user.userId, input.id)),
});
