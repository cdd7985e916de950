/**
 * What a step's outcome changes: its row and event, the run scope and totals, and the readiness of the
 * steps after it. Success releases its taken edges; a retryable failure schedules the next attempt with
 * backoff; a final failure either skips what follows (continueOnFailure) or ends the run. A success
 * whose output would take the run's kept outputs past their bound fails instead.
 */
import type { IndexedNode } from './graph-index';
import { nodeLabel } from './issue-format';
import { jsonChars } from './json-limits';
import type { AttemptUsage, StepError, StepOutcome, StepStatusEvent, StepWrite } from './ports';
import { stopRun } from './run-end';
import type { Batch } from './run-writer';
import { backoffDelay, shouldRetry } from './retry-policy';
import type { RunScheduler } from './scheduler';

type Success = Pick<Extract<StepOutcome, { kind: 'succeeded' }>, 'output' | 'handles' | 'outputChars'>;

export function succeedStep(run: RunScheduler, batch: Batch, fresh: number[], index: number, success: Success, usage: AttemptUsage): void {
  const node = run.index.nodes[index];
  if (node === undefined) return;
  const { output, handles } = success;
  // The executor (here or on a worker) measured the output against the step limit; an approval's output
  // has no such figure and is measured here.
  const chars = success.outputChars ?? jsonChars(output);
  const limit = run.deps.runLimits.maxOutputsChars;
  if (run.outputChars + chars > limit) {
    failStep(run, batch, fresh, index, outputsTooLarge(node, run.attemptOf(index), chars, run.outputChars, limit), usage);
    return;
  }
  const now = run.deps.clock.now();
  const wasWaiting = run.stepStatus(index) === 'WAITING';
  run.keepResult(index, output, handles, chars);
  const attempt = run.attemptOf(index);
  const { write, event } = run.moveStep(batch, index, 'SUCCEEDED');
  write.output = output;
  write.handles = handles;
  write.finishedAt = now;
  write.attemptRecord = { attempt, status: 'SUCCEEDED', finishedAt: now, usage };
  if (attempt > 1) write.error = null;
  if (wasWaiting) {
    write.waitReason = null;
    write.retryAt = null;
  }
  if (node.nodeType.outputs.length > 1) event.handles = handles;
  recordUsage(run, batch, index, usage, write, event);
  run.release(batch, fresh, index, handles);
}

function outputsTooLarge(node: Pick<IndexedNode, 'id' | 'type'>, attempt: number, chars: number, kept: number, limit: number): StepError {
  const count = (n: number) => n.toLocaleString('en-US');
  const message =
    `${nodeLabel(node)}: its output (${count(chars)} characters of JSON) would take the outputs this run holds ` +
    `(${count(kept)} so far) past ${count(limit)} characters (${formatMb(limit)}), the most one run may hold; ` +
    'pass less between steps (merge fewer branches, pick fields with a transform)';
  return { code: 'RUN_OUTPUTS_TOO_LARGE', message, retryable: false, nodeId: node.id, attempt };
}

const formatMb = (chars: number): string => `${Math.round((chars / (1024 * 1024)) * 100) / 100} MB`;

/** `stored` is what the wait keeps with the step (its data and timeout decision); `deadline` its epoch ms. */
export function parkStep(
  run: RunScheduler,
  batch: Batch,
  index: number,
  reason: string,
  usage: AttemptUsage,
  wait: { stored?: unknown; deadline?: number } = {},
): void {
  const { write, event } = run.moveStep(batch, index, 'WAITING');
  write.waitReason = reason;
  if (wait.stored !== undefined) write.output = wait.stored;
  if (wait.deadline !== undefined) write.retryAt = wait.deadline;
  write.attemptRecord = { attempt: run.attemptOf(index), status: 'WAITING', usage };
  recordUsage(run, batch, index, usage, write, event);
}

export function failStep(run: RunScheduler, batch: Batch, fresh: number[], index: number, error: StepError, usage: AttemptUsage): void {
  const node = run.index.nodes[index];
  if (node === undefined) return;
  const now = run.deps.clock.now();
  const attempt = run.attemptOf(index);
  const previous = run.stepStatus(index);
  const isRetry = previous === 'RUNNING' && shouldRetry(node.retry, attempt, error);
  const { write, event } = run.moveStep(batch, index, isRetry ? 'RETRYING' : 'FAILED');
  write.error = error;
  write.attemptRecord = { attempt, status: 'FAILED', finishedAt: now, error, usage };
  event.error = error;
  recordUsage(run, batch, index, usage, write, event);
  if (isRetry) {
    const delayMs = backoffDelay(node.retry, attempt, run.deps.random);
    write.retryAt = now + delayMs;
    event.delayMs = delayMs;
    batch.onStored(() => scheduleRetry(run, index, delayMs));
    return;
  }
  write.finishedAt = now;
  if (previous === 'WAITING') {
    write.waitReason = null;
    write.retryAt = null;
  }
  if (node.continueOnFailure) run.release(batch, fresh, index, null);
  else stopRun(run, batch, 'FAILED', { code: error.code, message: error.message, nodeId: node.id });
}

export function scheduleRetry(run: RunScheduler, index: number, delayMs: number): void {
  run.setStepTimer(index, delayMs, () => {
    if (run.stepStatus(index) === 'RETRYING') run.retryNow(index);
  });
}

function recordUsage(run: RunScheduler, batch: Batch, index: number, usage: AttemptUsage, write: StepWrite, event: StepStatusEvent): void {
  const total = run.addUsage(index, usage);
  if (total === undefined) return;
  write.usage = total;
  if (usage.budgetAlerts === undefined) event.usage = usage;
  else {
    // Each alert is an event of its own, after the step's: the step's event keeps its usage alone.
    const { budgetAlerts, ...reported } = usage;
    event.usage = reported;
    for (const alert of budgetAlerts) batch.event({ type: 'budget.alert', nodeId: write.nodeId, ...alert });
  }
  // Stored with the step, not only at the run's end: live views and budget checks read the run row, and a
  // restart resumes from it.
  batch.setRun({ totals: run.totals });
}
