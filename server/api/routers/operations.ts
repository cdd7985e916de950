import { router, teamProcedure } from '@/server/api/trpc';
import { env } from '@/server/env';
import { operationsOverview } from '@/server/queue/operations';

/** Queue mode at a glance, for owners: workers, waiting steps, steps lost or failed on workers. */
export const operationsRouter = router({
  overview: teamProcedure('OWNER').query(({ ctx }) =>
    operationsOverview(ctx.db, ctx.team.id, { isQueueMode: env.REDIS_URL !== undefined, leaseMs: env.WORKER_LEASE_MS }),
  ),
});
