import { db } from '@/server/db';

/** Opens the configured database; a failure stops start-up with its message rather than the first request. */
export async function warmUp(): Promise<void> {
  await db().$queryRaw`SELECT 1`;
}
