/**
 * Waits for a run to end by reading it through the run service, so it needs nothing of the engine's or
 * the store's internals: a run can end in this process, another one, or after a restart.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { getRun } from '@/server/runs/service';
import type { TeamScope } from '@/server/teams/service';

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
// Quick runs are seen ending at once; a run that waits (an approval step) is looked at every few seconds.
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type EndedRun = Awaited<ReturnType<typeof getRun>>;

/** The run once it has ended, or as it is at the deadline (`isTimedOut`). */
export async function untilRunEnds(db: PrismaClient, team: TeamScope, runId: string, timeoutMs: number): Promise<{ run: EndedRun; isTimedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = FIRST_POLL_MS; ; pause = Math.min(MAX_POLL_MS, pause * 1.5)) {
    const run = await getRun(db, team, runId);
    if (ENDED.has(run.status)) return { run, isTimedOut: false };
    if (Date.now() >= deadline) return { run, isTimedOut: true };
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
  }
}
