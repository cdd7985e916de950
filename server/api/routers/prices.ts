import { router, teamProcedure } from '@/server/api/trpc';
import { priceModelSchema, savePriceSchema } from '@/server/llm/price-schemas';
import { listPrices, removePrice, savePrice } from '@/server/llm/price-table';

/** The model price table: everyone reads it; owners change it (audit-logged). */
export const pricesRouter = router({
  list: teamProcedure('VIEWER').query(({ ctx }) => listPrices(ctx.db)),
  save: teamProcedure('OWNER').input(savePriceSchema).mutation(({ ctx, input }) => savePrice(ctx.db, ctx.team, ctx.user.userId, input)),
  remove: teamProcedure('OWNER').input(priceModelSchema).mutation(({ ctx, input }) => removePrice(ctx.db, ctx.team, ctx.user.userId, input.model)),
});
