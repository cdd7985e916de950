/**
 * Waits for a run to end. The run's events on the given bus wake it at once; the run's status is also read
 * every few seconds (one column), so a run that ends in another process or after a restart is seen too.
 * Only the ended run is read whole, once.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { RunId } from '@/server/engine/graph';
import type { EventBus } from '@/server/engine/ports';
import { NotFoundError } from '@/server/errors';
import { getRun } from '@/server/runs/service';
import type { TeamScope } from '@/server/teams/service';

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const POLL_MS = 5_000;

export type EndedRun = Awaited<ReturnType<typeof getRun>>;

/** The run once it has ended, or as it is at the deadline (`isTimedOut`). */
export async function untilRunEnds(
  db: PrismaClient,
  team: TeamScope,
  runId: string,
  timeoutMs: number,
  events?: EventBus,
): Promise<{ run: EndedRun; isTimedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let wake: (() => void) | undefined;
  // An event between reading the status and starting to wait is not lost: the wait then ends at once.
  let hasNews = false;
  const unsubscribe = events?.subscribe(runId as RunId, (event) => {
    if (event.type !== 'run.status') return;
    hasNews = true;
    wake?.();
  });
  try {
    for (;;) {
      const row = await db.run.findFirst({ where: { id: runId, teamId: team.id }, select: { status: true } });
      if (row === null) throw new NotFoundError('Run');
      const isEnded = ENDED.has(row.status);
      if (isEnded || Date.now() >= deadline) return { run: await getRun(db, team, runId), isTimedOut: !isEnded };
      if (hasNews) {
        hasNews = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      hasNews = false;
    }
  } finally {
    unsubscribe?.();
  }
}
