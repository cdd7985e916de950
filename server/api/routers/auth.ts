import { authedProcedure, publicProcedure, router } from '@/server/api/trpc';
import { signUp, signUpSchema } from '@/server/auth/users';
import { NotFoundError } from '@/server/errors';

export const authRouter = router({
  signUp: publicProcedure.input(signUpSchema).mutation(({ ctx, input }) => signUp(ctx.db, input, { address: ctx.clientAddress })),
  me: authedProcedure.query(async ({ ctx }) => {
    const user = await ctx.db.user.findUnique({ where: { id: ctx.user.userId }, select: { id: true, email: true, name: true } });
    if (!user) throw new NotFoundError('User');
    return user;
  }),
});
