import { tracked } from '@trpc/server';
import { router, teamProcedure } from '@/server/api/trpc';
import { decideSchema, listRunsSchema, rerunSchema, runEventsSchema, runIdInputSchema, runOutputsSchema, runStepSchema, startRunSchema, watchRunSchema } from '@/server/runs/schemas';
import { getRunOutputs, getRunStep, getRunView } from '@/server/runs/run-view';
import { rerunWatched } from '@/server/runs/rerun';
import { openRunWatch } from '@/server/runs/watch';
import { decideApproval } from '@/server/runs/approvals';
import { cancelRun, getRun, listRunEvents, listRuns } from '@/server/runs/service';
import { startRunWatched } from '@/server/evolution/auto-propose';
import { evolverDeps } from '@/server/evolution/deps';

export const runsRouter = router({
  /** A run that fails is handed to the evolver once it has ended (the mastery's setting decides). */
  start: teamProcedure('EDITOR').input(startRunSchema).mutation(({ ctx, input }) => startRunWatched(ctx.db, ctx.runtime(), () => evolverDeps(ctx.db, ctx.runtime()), ctx.team, ctx.user.userId, input)),
  /** Starts a run again: with the same input, or from its failed step keeping what succeeded (rerun.ts). */
  rerun: teamProcedure('EDITOR').input(rerunSchema).mutation(({ ctx, input }) => rerunWatched(ctx.db, ctx.runtime(), () => evolverDeps(ctx.db, ctx.runtime()), ctx.team, ctx.user.userId, input)),
  get: teamProcedure('VIEWER').input(runIdInputSchema).query(({ ctx, input }) => getRun(ctx.db, ctx.team, input.id)),
  /** What the run panel shows: the run and a short row per step, without the steps' data (run-view.ts). */
  view: teamProcedure('VIEWER').input(runIdInputSchema).query(({ ctx, input }) => getRunView(ctx.db, ctx.team, input.id)),
  step: teamProcedure('VIEWER').input(runStepSchema).query(({ ctx, input }) => getRunStep(ctx.db, ctx.team, input.id, input.nodeId)),
  outputs: teamProcedure('VIEWER').input(runOutputsSchema).query(({ ctx, input }) => getRunOutputs(ctx.db, ctx.team, input.id, input.nodeIds)),
  list: teamProcedure('VIEWER').input(listRunsSchema).query(({ ctx, input }) => listRuns(ctx.db, ctx.team, input)),
  cancel: teamProcedure('EDITOR').input(runIdInputSchema).mutation(({ ctx, input }) => cancelRun(ctx.db, ctx.runtime(), ctx.team, ctx.user.userId, input.id)),
  decide: teamProcedure('APPROVER').input(decideSchema).mutation(({ ctx, input }) => decideApproval(ctx.db, ctx.runtime(), ctx.team, ctx.user.userId, input)),
  events: teamProcedure('VIEWER').input(runEventsSchema).query(({ ctx, input }) => listRunEvents(ctx.db, ctx.team, input)),
  /** Live over Server-Sent Events; each update's id is the sequence number a reconnection resumes after. */
  watch: teamProcedure('VIEWER')
    .input(watchRunSchema)
    .subscription(async ({ ctx, input, signal }) => {
      const updates = await openRunWatch(ctx.db, ctx.runtime().events, ctx.team, input, signal);
      return (async function* () {
        for await (const update of updates) yield tracked(String(update.seq), update.item);
      })();
    }),
});
