/**
 * What a step's outcome changes: its row and event, the run scope and totals, and the readiness of the
 * steps after it. Success releases its taken edges; a retryable failure schedules the next attempt with
 * backoff; a final failure either skips what follows (continueOnFailure) or ends the run.
 */
import type { AttemptUsage, StepError, StepStatusEvent, StepWrite } from './ports';
import { addUsage } from './ports';
import type { Released } from './readiness';
import { stopRun } from './run-end';
import type { Batch } from './run-writer';
import { backoffDelay, shouldRetry } from './retry-policy';
import type { RunScheduler } from './scheduler';

export function succeedStep(
  run: RunScheduler,
  batch: Batch,
  fresh: number[],
  index: number,
  output: unknown,
  handles: readonly string[],
  usage: AttemptUsage,
): void {
  const node = run.index.nodes[index];
  if (node === undefined) return;
  const now = run.deps.clock.now();
  const wasWaiting = run.table.statusOf(index) === 'WAITING';
  run.setOutput(index, output);
  run.table.handles[index] = handles;
  const attempt = run.table.attemptOf(index);
  const { write, event } = run.table.move(batch, index, node.id, 'SUCCEEDED');
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
  releaseStep(run, batch, fresh, index, handles);
}

/** `stored` is what the wait keeps with the step (its data and timeout decision); `deadline` its epoch ms. */
export function parkStep(
  run: RunScheduler,
  batch: Batch,
  index: number,
  reason: string,
  usage: AttemptUsage,
  wait: { stored?: unknown; deadline?: number } = {},
): void {
  const node = run.index.nodes[index];
  if (node === undefined) return;
  run.waiting += 1;
  const { write, event } = run.table.move(batch, index, node.id, 'WAITING');
  write.waitReason = reason;
  if (wait.stored !== undefined) write.output = wait.stored;
  if (wait.deadline !== undefined) write.retryAt = wait.deadline;
  write.attemptRecord = { attempt: run.table.attemptOf(index), status: 'WAITING', usage };
  recordUsage(run, batch, index, usage, write, event);
}

export function failStep(run: RunScheduler, batch: Batch, fresh: number[], index: number, error: StepError, usage: AttemptUsage): void {
  const node = run.index.nodes[index];
  if (node === undefined) return;
  const now = run.deps.clock.now();
  const attempt = run.table.attemptOf(index);
  const previous = run.table.statusOf(index);
  const isRetry = previous === 'RUNNING' && shouldRetry(node.retry, attempt, error);
  const { write, event } = run.table.move(batch, index, node.id, isRetry ? 'RETRYING' : 'FAILED');
  write.error = error;
  write.attemptRecord = { attempt, status: 'FAILED', finishedAt: now, error, usage };
  event.error = error;
  recordUsage(run, batch, index, usage, write, event);
  if (isRetry) {
    const delayMs = backoffDelay(node.retry, attempt, run.deps.random);
    run.retrying += 1;
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
  if (node.continueOnFailure) releaseStep(run, batch, fresh, index, null);
  else stopRun(run, batch, 'FAILED', { code: error.code, message: error.message, nodeId: node.id });
}

export function scheduleRetry(run: RunScheduler, index: number, delayMs: number): void {
  if (run.isStopped) return;
  const cancelTimer = run.deps.clock.setTimeout(() => {
    run.retryTimers.delete(index);
    if (run.isStopped || run.table.statusOf(index) !== 'RETRYING') return;
    run.retryNow(index);
  }, delayMs);
  run.retryTimers.set(index, cancelTimer);
}

/** Decides the finished step's outgoing edges: newly ready steps are queued, unreachable ones skipped. */
export function releaseStep(run: RunScheduler, batch: Batch, fresh: number[], index: number, handles: readonly string[] | null): void {
  const released: Released = { ready: fresh, skipped: [] };
  const before = fresh.length;
  run.readiness.release(index, handles, released);
  for (let i = before; i < fresh.length; i += 1) run.enqueue(fresh[i] ?? -1, false);
  if (released.skipped.length === 0) return;
  const now = run.deps.clock.now();
  for (const skipped of released.skipped) {
    const node = run.index.nodes[skipped];
    if (node !== undefined) run.table.move(batch, skipped, node.id, 'SKIPPED').write.finishedAt = now;
  }
}

function recordUsage(run: RunScheduler, batch: Batch, index: number, usage: AttemptUsage, write: StepWrite, event: StepStatusEvent): void {
  const total = run.table.addUsage(index, usage);
  if (total === undefined) return;
  write.usage = total;
  if (usage.budgetAlerts === undefined) event.usage = usage;
  else {
    // Each alert is an event of its own, after the step's: the step's event keeps its usage alone.
    const { budgetAlerts, ...reported } = usage;
    event.usage = reported;
    for (const alert of budgetAlerts) batch.event({ type: 'budget.alert', nodeId: write.nodeId, ...alert });
  }
  run.totals = addUsage(run.totals, usage);
  // Stored with the step, not only at the run's end: live views and budget checks read the run row, and a
  // restart resumes from it.
  batch.setRun({ totals: run.totals });
}
