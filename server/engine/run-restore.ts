/**
 * Rebuilding a run's scheduler state from its stored step rows, so runs survive a restart: finished steps keep
 * their outputs and are never run again; a step that was RUNNING when the process died gets a new attempt
 * marked "resumed", unless processes died under it too often (process-crashes.ts), which fails the run;
 * RETRYING steps wait out what is left of their delay; WAITING ones keep waiting.
 * For a fresh run there are no rows, and this simply finds the roots.
 */
import { AppError } from '@/server/errors';
import type { StepRecord } from './ports';
import { MAX_PROCESS_CRASHES, crashesOf, processCrashedError } from './process-crashes';
import { stopRun } from './run-end';
import type { Batch } from './run-writer';
import type { RunScheduler } from './scheduler';
import { scheduleRetry } from './step-outcomes';
import { armDeadline, storedDeadline } from './waiting';

/** Applies the rows, stages the writes recovery needs, and returns the steps newly found ready. */
export function restoreRun(run: RunScheduler, steps: readonly StepRecord[], batch: Batch, now: number): number[] {
  const known: Array<{ at: number; record: StepRecord }> = [];
  for (const record of steps) {
    const at = run.index.indexById.get(record.nodeId);
    if (at === undefined) continue; // a row of a node the graph no longer has cannot run anyway
    run.restoreStep(at, record);
    known.push({ at, record });
  }
  const crashed = known.find(({ record }) => record.status === 'RUNNING' && crashesOf(record) > MAX_PROCESS_CRASHES);
  if (crashed !== undefined) {
    failCrashedStep(run, batch, crashed.at, crashed.record, now);
    return [];
  }
  for (const { at, record } of known) restoreStep(run, batch, at, record, now);
  return releasePending(run, batch, now);
}

/** Closes the attempt the last crash interrupted as the step's failure, and stops the run: nothing else of it runs. */
function failCrashedStep(run: RunScheduler, batch: Batch, at: number, record: StepRecord, now: number): void {
  const error = processCrashedError(record, crashesOf(record));
  const { write, event } = run.moveStep(batch, at, 'FAILED');
  write.error = error;
  write.finishedAt = now;
  write.attemptRecord = { attempt: record.attempt, status: 'FAILED', finishedAt: now, error };
  event.error = error;
  stopRun(run, batch, 'FAILED', { code: error.code, message: error.message, nodeId: record.nodeId });
}

function restoreStep(run: RunScheduler, batch: Batch, at: number, record: StepRecord, now: number): void {
  switch (record.status) {
    case 'SUCCEEDED':
      run.restoreEdges(at, record.handles ?? []);
      return;
    case 'FAILED':
    case 'SKIPPED':
    case 'CANCELLED':
      run.restoreEdges(at, null);
      return;
    case 'RUNNING':
      // The interrupted attempt is closed; the next one runs first and says it is a resume. It is granted
      // even past maxAttempts (the crash was not the step's failure); retries after it follow the policy.
      batch.steps.push({
        nodeId: record.nodeId,
        status: 'RUNNING',
        attempt: record.attempt,
        attemptRecord: {
          attempt: record.attempt,
          status: 'CANCELLED',
          finishedAt: now,
          error: {
            code: 'STEP_INTERRUPTED',
            message: `Node "${record.nodeId}": attempt ${record.attempt} was interrupted by a restart; a new attempt runs`,
            retryable: true,
            nodeId: record.nodeId,
            attempt: record.attempt,
          },
        },
      });
      run.resumeFirst(at);
      return;
    case 'QUEUED':
      run.enqueue(at, false);
      return;
    case 'RETRYING':
      scheduleRetry(run, at, Math.max(0, (record.retryAt ?? now) - now));
      return;
    case 'WAITING': {
      // A deadline that passed while the process was down is applied as soon as the run is back.
      const deadline = storedDeadline(record);
      if (deadline !== undefined) armDeadline(run, at, deadline.at - now, deadline.decision);
      return;
    }
    case 'PENDING':
      return;
    default: {
      const unhandled: never = record.status;
      throw new AppError('INVALID_TRANSITION', `Unknown step status ${String(unhandled)}`);
    }
  }
}

/** PENDING steps whose incoming edges are all decided: ready (one was taken) or skipped (none was). */
function releasePending(run: RunScheduler, batch: Batch, now: number): number[] {
  const fresh: number[] = [];
  const toSkip: number[] = [];
  for (const node of run.index.nodes) {
    if (run.stepStatus(node.index) !== 'PENDING') continue;
    const state = run.readinessOf(node.index);
    if (state === 'ready') fresh.push(node.index);
    if (state === 'skip') toSkip.push(node.index);
  }
  for (const at of fresh) run.enqueue(at, false);
  for (const at of toSkip) {
    if (run.stepStatus(at) !== 'PENDING') continue;
    run.moveStep(batch, at, 'SKIPPED').write.finishedAt = now;
    run.release(batch, fresh, at, null);
  }
  return fresh;
}
