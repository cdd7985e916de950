import { router, teamProcedure } from '@/server/api/trpc';
import { metricsSummarySchema } from '@/server/metrics/schemas';
import { metricsSummary } from '@/server/metrics/service';

export const metricsRouter = router({
  summary: teamProcedure('VIEWER').input(metricsSummarySchema).query(({ ctx, input }) => metricsSummary(ctx.db, ctx.team, input)),
});
