import { createCallerFactory, router } from '@/server/api/trpc';
import { agentsRouter } from './routers/agents';
import { authRouter } from './routers/auth';
import { budgetsRouter } from './routers/budgets';
import { teamsRouter } from './routers/teams';
import { masteriesRouter } from './routers/masteries';
import { metricsRouter } from './routers/metrics';
import { runsRouter } from './routers/runs';
import { secretsRouter } from './routers/secrets';
import { versionsRouter } from './routers/versions';

export const appRouter = router({
  auth: authRouter,
  budgets: budgetsRouter,
  agents: agentsRouter,
  teams: teamsRouter,
  masteries: masteriesRouter,
  metrics: metricsRouter,
  runs: runsRouter,
  secrets: secretsRouter,
  versions: versionsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
