import { router, teamProcedure } from '@/server/api/trpc';
import { nodeRegistry } from '@/server/nodes';
import { importVersionSchema, listVersionsSchema, publishVersionSchema, saveDraftSchema, versionByIdSchema } from '@/server/versions/schemas';
import { getVersion, importVersion, listVersions, publishVersion, saveDraft } from '@/server/versions/service';

export const versionsRouter = router({
  list: teamProcedure('VIEWER').input(listVersionsSchema).query(({ ctx, input }) => listVersions(ctx.db, ctx.team, input.masteryId)),
  byId: teamProcedure('VIEWER').input(versionByIdSchema).query(({ ctx, input }) => getVersion(ctx.db, ctx.team, input.id)),
  saveDraft: teamProcedure('EDITOR').input(saveDraftSchema).mutation(({ ctx, input }) => saveDraft(ctx.db, nodeRegistry, ctx.team, ctx.user.userId, input)),
  import: teamProcedure('EDITOR').input(importVersionSchema).mutation(({ ctx, input }) => importVersion(ctx.db, nodeRegistry, ctx.team, ctx.user.userId, input)),
  publish: teamProcedure('EDITOR').input(publishVersionSchema).mutation(({ ctx, input }) => publishVersion(ctx.db, ctx.team, ctx.user.userId, input.versionId)),
});
