/**
 * How a run ends. Success: every step finished, and the output is computed (run-output.ts). Failure or
 * cancel: running steps are aborted through the run's signal (the scheduler stops waiting for them at
 * once), every unfinished step is CANCELLED, and the run row records the error and the totals.
 */
import { AppError } from '@/server/errors';
import type { RunError } from './ports';
import { computeRunOutput } from './run-output';
import { isStepFinished } from './run-state';
import type { Batch } from './run-writer';
import type { RunScheduler } from './scheduler';

export function stopRun(run: RunScheduler, batch: Batch, status: 'FAILED' | 'CANCELLED', error: RunError): void {
  run.halt(`the run stopped: ${error.message}`);
  const now = run.deps.clock.now();
  for (const node of run.index.nodes) {
    const previous = run.stepStatus(node.index);
    if (isStepFinished(previous)) continue;
    const { write } = run.moveStep(batch, node.index, 'CANCELLED');
    write.finishedAt = now;
    if (previous === 'RUNNING' || previous === 'WAITING') {
      write.attemptRecord = { attempt: run.attemptOf(node.index), status: 'CANCELLED', finishedAt: now };
    }
    if (previous === 'RETRYING' || previous === 'WAITING') write.retryAt = null;
    if (previous === 'WAITING') write.waitReason = null;
  }
  run.endRun(batch, status, { error });
}

export async function finishRun(run: RunScheduler): Promise<void> {
  const batch = run.newBatch();
  try {
    const output = await computeRunOutput(run.index, run.scope, run.deps.expressionLimits, (at) => run.outputOf(at));
    if (run.isStopped) return; // cancelled while the output was computed
    run.endRun(batch, 'SUCCEEDED', { output });
  } catch (error) {
    if (run.isStopped) return;
    const code = error instanceof AppError ? error.code : 'EXPRESSION_FAILED';
    stopRun(run, batch, 'FAILED', { code, message: `Run output: ${error instanceof Error ? error.message : String(error)}` });
  }
  run.stage(batch);
}
