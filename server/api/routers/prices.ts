import { router, teamProcedure } from '@/server/api/trpc';
import { priceModelSchema, savePriceSchema } from '@/server/llm/price-schemas';
import { listPrices, removePrice, savePrice } from '@/server/llm/price-table';

/** The team's model prices: built-in ones and the team's own. Members read them; owners change the team's own (audit-logged). */
export const pricesRouter = router({
  list: teamProcedure('VIEWER').query(({ ctx }) => listPrices(ctx.db, ctx.team)),
  save: teamProcedure('OWNER').input(savePriceSchema).mutation(({ ctx, input }) => savePrice(ctx.db, ctx.team, ctx.user.userId, input)),
  remove: teamProcedure('OWNER').input(priceModelSchema).mutation(({ ctx, input }) => removePrice(ctx.db, ctx.team, ctx.user.userId, input.model)),
});
