import { db } from '@/server/db';
import { runRuntime } from '@/server/runs/process-runtime';
import { evolverDeps } from '@/server/evolution/deps';
import { proposeMissed } from '@/server/evolution/missed-proposals';
import { expressionPool } from '@/server/sandbox/expression-pool';

/**
 * Opens the configured database (a failure stops start-up with its message rather than failing the first
 * request), then resumes the runs a previous process left QUEUED or RUNNING, and proposes fixes for the
 * failed runs whose automatic proposal the restart would otherwise lose (in the background). The
 * expression children start meanwhile, so a run's first expression does not wait the second one takes.
 */
export async function warmUp(): Promise<void> {
  void expressionPool().warmUp();
  await db().$queryRaw`SELECT 1`;
  const resumed = await runRuntime().engine.recover();
  if (resumed.length > 0) console.log(`Resumed ${resumed.length} run(s) left unfinished by the previous process`);
  proposeMissed(db(), evolverDeps(db(), runRuntime()), { resumedRunIds: resumed }).then(
    ({ proposed, resumed: finished }) => {
      if (proposed + finished > 0) console.log(`Proposed fixes for ${proposed} failed run(s) and finished ${finished} interrupted proposal(s)`);
    },
    (error: unknown) => console.error('Looking for failed runs without a proposal failed:', error),
  );
}
