import { createCallerFactory, router } from '@/server/api/trpc';
import { authRouter } from './routers/auth';
import { teamsRouter } from './routers/teams';
import { masteriesRouter } from './routers/masteries';

export const appRouter = router({
  auth: authRouter,
  teams: teamsRouter,
  masteries: masteriesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
