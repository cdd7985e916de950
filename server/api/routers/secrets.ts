import { router, teamProcedure } from '@/server/api/trpc';
import { secretNameInputSchema, setSecretSchema } from '@/server/secrets/schemas';
import { deleteSecret, listSecrets, setSecret } from '@/server/secrets/service';

/** Team secrets: names are visible to every member; values go in and never come back out. */
export const secretsRouter = router({
  list: teamProcedure('VIEWER').query(({ ctx }) => listSecrets(ctx.db, ctx.team)),
  set: teamProcedure('EDITOR').input(setSecretSchema).mutation(({ ctx, input }) => setSecret(ctx.db, ctx.team, ctx.user.userId, input)),
  delete: teamProcedure('EDITOR').input(secretNameInputSchema).mutation(({ ctx, input }) => deleteSecret(ctx.db, ctx.team, ctx.user.userId, input.name)),
});
