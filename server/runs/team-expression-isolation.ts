/**
 * The expression pool as the engine's isolation port, with each evaluation counted for its run's team:
 * the pool serves teams in turn (server/sandbox/fair-queue.ts) and drops evaluations whose step's signal
 * aborted.
 */
import type { ExpressionIsolation, IsolatedEvaluation } from '@/server/engine/expressions';
import type { RunTeamsPort } from '@/server/engine/node-services';
import type { ExpressionPool } from '@/server/sandbox/expression-pool';

export function teamExpressionIsolation(pool: ExpressionPool, teams: RunTeamsPort): ExpressionIsolation {
  return {
    async evaluate(request: IsolatedEvaluation): Promise<unknown> {
      const run = request.runId ?? '';
      // A run the database cannot name (an evaluation outside any run) gets a share of its own.
      const team = request.runId === undefined ? '' : await teams.teamOf(request.runId).catch(() => `run:${run}`);
      return pool.evaluate(request, { team, run, signal: request.signal });
    },
  };
}
