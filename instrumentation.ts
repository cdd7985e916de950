/**
 * Runs once when the server process starts: opens the database at start-up so the first request does
 * not wait for it (opening the embedded database takes ~1.5 s).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself, not by the user, so it is read here rather than in server/env.ts.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { warmUp } = await import('@/server/startup');
  await warmUp();
}
