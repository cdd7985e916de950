import { createCallerFactory, router } from '@/server/api/trpc';
import { agentsRouter } from './routers/agents';
import { authRouter } from './routers/auth';
import { teamsRouter } from './routers/teams';
import { masteriesRouter } from './routers/masteries';
import { runsRouter } from './routers/runs';
import { secretsRouter } from './routers/secrets';
import { versionsRouter } from './routers/versions';

export const appRouter = router({
  auth: authRouter,
  agents: agentsRouter,
  teams: teamsRouter,
  masteries: masteriesRouter,
  runs: runsRouter,
  secrets: secretsRouter,
  versions: versionsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
