/**
 * An attempt whose executing process died while the run went on (a queue worker killed mid-step, its
 * lease expired): it is closed as interrupted and the step runs again at once, as a new attempt marked
 * resumed, the way recovery treats a step a restart interrupted (run-restore.ts). The crash was not the
 * step's failure, so the new attempt does not count against its retries.
 */
import type { Batch } from './run-writer';
import type { RunScheduler } from './scheduler';

export function resumeInterrupted(run: RunScheduler, batch: Batch, index: number, reason: string): void {
  const nodeId = run.index.nodes[index]?.id;
  if (nodeId === undefined) return;
  const attempt = run.attemptOf(index);
  batch.steps.push({
    nodeId,
    status: 'RUNNING',
    attempt,
    attemptRecord: {
      attempt,
      status: 'CANCELLED',
      finishedAt: run.deps.clock.now(),
      error: { code: 'STEP_INTERRUPTED', message: `Node "${nodeId}": attempt ${attempt} was interrupted (${reason}); a new attempt runs`, retryable: true, nodeId, attempt },
    },
  });
  run.resumeFirst(index);
}
