import { router, teamProcedure } from '@/server/api/trpc';
import { env } from '@/server/env';
import { operationsOverview } from '@/server/queue/operations';
import { backlogReader } from '@/server/queue/queue-backlog';
import { queueConfig } from '@/server/queue/queue-mode';

/** Queue mode at a glance, for owners: workers, waiting steps, steps lost or failed on workers. */
export const operationsRouter = router({
  overview: teamProcedure('OWNER').query(({ ctx }) => {
    const config = queueConfig(env);
    return operationsOverview(ctx.db, ctx.team.id, {
      isQueueMode: config !== undefined,
      leaseMs: env.WORKER_LEASE_MS,
      backlog: config === undefined ? undefined : backlogReader(config.redisUrl, config.names),
    });
  }),
});
