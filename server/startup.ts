import { db } from '@/server/db';
import { runRuntime } from '@/server/runs/process-runtime';

/**
 * Opens the configured database (a failure stops start-up with its message rather than failing the first
 * request), then resumes the runs a previous process left QUEUED or RUNNING.
 */
export async function warmUp(): Promise<void> {
  await db().$queryRaw`SELECT 1`;
  const resumed = await runRuntime().engine.recover();
  if (resumed.length > 0) console.log(`Resumed ${resumed.length} run(s) left unfinished by the previous process`);
}
