import { router, teamProcedure } from '@/server/api/trpc';
import { nodeRegistry } from '@/server/nodes';
import { compareVersionsSchema, importVersionSchema, listVersionsSchema, makeCurrentSchema, publishVersionSchema, saveDraftSchema, versionByIdSchema } from '@/server/versions/schemas';
import { getVersion, importVersion, listVersions, publishVersion, saveDraft } from '@/server/versions/service';
import { compareVersions, versionComparisonSchema } from '@/server/versions/compare';
import { makeCurrent } from '@/server/versions/rollback';
import { versionActivity } from '@/server/versions/activity';

export const versionsRouter = router({
  list: teamProcedure('VIEWER').input(listVersionsSchema).query(({ ctx, input }) => listVersions(ctx.db, ctx.team, input.masteryId)),
  activity: teamProcedure('VIEWER').input(listVersionsSchema).query(({ ctx, input }) => versionActivity(ctx.db, ctx.team, input.masteryId)),
  byId: teamProcedure('VIEWER').input(versionByIdSchema).query(({ ctx, input }) => getVersion(ctx.db, ctx.team, input.id)),
  compare: teamProcedure('VIEWER').input(compareVersionsSchema).output(versionComparisonSchema).query(({ ctx, input }) => compareVersions(ctx.db, ctx.team, input.fromId, input.toId)),
  saveDraft: teamProcedure('EDITOR').input(saveDraftSchema).mutation(({ ctx, input }) => saveDraft(ctx.db, nodeRegistry, ctx.team, ctx.user.userId, input)),
  import: teamProcedure('EDITOR').input(importVersionSchema).mutation(({ ctx, input }) => importVersion(ctx.db, nodeRegistry, ctx.team, ctx.user.userId, input)),
  publish: teamProcedure('EDITOR').input(publishVersionSchema).mutation(({ ctx, input }) => publishVersion(ctx.db, ctx.team, ctx.user.userId, input.versionId)),
  /** Editors may roll back, as they may publish: it only brings back a graph that was already current or published. */
  makeCurrent: teamProcedure('EDITOR').input(makeCurrentSchema).mutation(({ ctx, input }) => makeCurrent(ctx.db, ctx.team, ctx.user.userId, input.versionId)),
});
