import { router, teamProcedure } from '@/server/api/trpc';
import {
  createMasterySchema,
  listMasteriesSchema,
  masteryIdSchema,
  renameMasterySchema,
  updateDescriptionSchema,
} from '@/server/masteries/schemas';
import { createMastery, getMastery, listMasteries, renameMastery, setArchived, updateDescription } from '@/server/masteries/service';

export const masteriesRouter = router({
  list: teamProcedure('VIEWER').input(listMasteriesSchema).query(({ ctx, input }) => listMasteries(ctx.db, ctx.team, input)),
  byId: teamProcedure('VIEWER').input(masteryIdSchema).query(({ ctx, input }) => getMastery(ctx.db, ctx.team, input.id)),
  create: teamProcedure('EDITOR').input(createMasterySchema).mutation(({ ctx, input }) => createMastery(ctx.db, ctx.team, ctx.user.userId, input)),
  rename: teamProcedure('EDITOR').input(renameMasterySchema).mutation(({ ctx, input }) => renameMastery(ctx.db, ctx.team, ctx.user.userId, input)),
  updateDescription: teamProcedure('EDITOR')
    .input(updateDescriptionSchema)
    .mutation(({ ctx, input }) => updateDescription(ctx.db, ctx.team, ctx.user.userId, input)),
  archive: teamProcedure('EDITOR').input(masteryIdSchema).mutation(({ ctx, input }) => setArchived(ctx.db, ctx.team, ctx.user.userId, input.id, true)),
  unarchive: teamProcedure('EDITOR').input(masteryIdSchema).mutation(({ ctx, input }) => setArchived(ctx.db, ctx.team, ctx.user.userId, input.id, false)),
});
