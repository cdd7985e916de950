import { createCallerFactory, router } from '@/server/api/trpc';
import { authRouter } from './routers/auth';
import { teamsRouter } from './routers/teams';
import { masteriesRouter } from './routers/masteries';
import { runsRouter } from './routers/runs';

export const appRouter = router({
  auth: authRouter,
  teams: teamsRouter,
  masteries: masteriesRouter,
  runs: runsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
