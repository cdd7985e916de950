/**
 * A mastery that maps over itself, or calls itself, multiplies its runs at every level below the depth
 * limit: one start once made 156 runs. So a top-level run may create at most MAX_CHILD_RUNS runs in all
 * (its children, their children, and so on). The count lives on the top-level run's row and is taken in
 * the transaction that creates the child, so items starting at once cannot both take the last one.
 */
import type { Prisma } from '@/server/generated/prisma/client';
import { NodeError } from '@/server/errors';

/** Sub-mastery runs (`mastery`, `map`) one top-level run may create, at all depths together. */
export const MAX_CHILD_RUNS = 100;

/** Counts one more child run against `rootRunId`, or fails with CHILD_RUN_LIMIT when it has created its last. */
export async function claimChildRun(tx: Prisma.TransactionClient, rootRunId: string): Promise<void> {
  const { count } = await tx.run.updateMany({
    where: { id: rootRunId, childRunCount: { lt: MAX_CHILD_RUNS } },
    data: { childRunCount: { increment: 1 } },
  });
  if (count === 0) {
    throw new NodeError(
      'CHILD_RUN_LIMIT',
      `child run limit reached: top-level run ${rootRunId} has already started ${MAX_CHILD_RUNS} sub-mastery runs (at all depths), the most one run may; no more start`,
      { retryable: false },
    );
  }
}
