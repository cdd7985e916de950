import { createCallerFactory, router } from '@/server/api/trpc';
import { agentsRouter } from './routers/agents';
import { authRouter } from './routers/auth';
import { budgetsRouter } from './routers/budgets';
import { teamsRouter } from './routers/teams';
import { masteriesRouter } from './routers/masteries';
import { metricsRouter } from './routers/metrics';
import { operationsRouter } from './routers/operations';
import { pricesRouter } from './routers/prices';
import { runsRouter } from './routers/runs';
import { secretsRouter } from './routers/secrets';
import { versionsRouter } from './routers/versions';
import { evolutionRouter } from './routers/evolution';
import { testInputsRouter } from './routers/test-inputs';

export const appRouter = router({
  auth: authRouter,
  budgets: budgetsRouter,
  agents: agentsRouter,
  teams: teamsRouter,
  masteries: masteriesRouter,
  metrics: metricsRouter,
  operations: operationsRouter,
  prices: pricesRouter,
  runs: runsRouter,
  secrets: secretsRouter,
  versions: versionsRouter,
  evolution: evolutionRouter,
  testInputs: testInputsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
