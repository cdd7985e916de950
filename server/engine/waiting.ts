/**
 * Decisions on WAITING steps (an approval): the step completes with an output and the handles it takes,
 * or fails; either way the run goes on from there. Works after a restart too: the engine loads the run
 * before applying the decision.
 *
 * Deadlines: a wait may carry a timeout decision. It is stored with the step (the deadline in `retryAt`,
 * which a WAITING step does not otherwise use, and the decision beside the wait data in its output), so a
 * restarted process arms the same timer, and applies the decision at once if the deadline already passed.
 */
import { z } from 'zod';
import { AppError } from '@/server/errors';
import type { AttemptUsage, StepError, StepOutcome, StepRecord, WaitDecision, WaitTimeout } from './ports';
import { ZERO_USAGE } from './ports';
import type { RunScheduler } from './scheduler';
import type { Batch } from './run-writer';
import { failStep, parkStep, succeedStep } from './step-outcomes';

export type { WaitDecision, WaitTimeout } from './ports';

export function resolveWaiting(run: RunScheduler, nodeId: string, decision: WaitDecision): Promise<void> {
  const index = run.index.indexById.get(nodeId);
  const node = index === undefined ? undefined : run.index.nodes[index];
  if (index === undefined || node === undefined) {
    return Promise.reject(new AppError('NOT_FOUND', `Run "${run.runId}" has no step "${nodeId}"`));
  }
  const status = run.stepStatus(index);
  if (status !== 'WAITING' || run.isStopped) {
    return Promise.reject(new AppError('STEP_NOT_WAITING', `Step "${nodeId}" of run "${run.runId}" is not waiting (it is ${status})`));
  }
  const handles = decision.kind === 'complete' ? (decision.handles ?? node.nodeType.outputs) : [];
  const unknown = handles.find((handle) => !node.nodeType.outputs.includes(handle));
  if (unknown !== undefined) {
    return Promise.reject(new AppError('BAD_INPUT', `Step "${nodeId}" (${node.type}) has no output "${unknown}"`));
  }
  run.clearStepTimer(index);
  const batch = run.newBatch();
  const fresh: number[] = [];
  run.wake();
  if (run.status === 'WAITING') run.setRunStatus(batch, 'RUNNING');
  if (decision.kind === 'complete') {
    succeedStep(run, batch, fresh, index, { output: decision.output ?? null, handles }, ZERO_USAGE);
  } else {
    const message = `Node "${nodeId}" (${node.type}): ${decision.message}`;
    const code = decision.code ?? 'NODE_FAILED';
    const error: StepError = { code, message, retryable: false, nodeId: node.id, attempt: run.attemptOf(index) };
    failStep(run, batch, fresh, index, error, ZERO_USAGE);
  }
  return run.proceedAndWait(batch, fresh);
}

/** Parks a step that asked to wait: its data (and deadline, armed once stored) are kept with the step. */
export function parkWaiting(run: RunScheduler, batch: Batch, index: number, outcome: Extract<StepOutcome, { kind: 'waiting' }>, usage: AttemptUsage): void {
  const { timeout } = outcome;
  const hasData = outcome.data !== undefined || timeout !== undefined;
  const stored = hasData ? waitingOutput(outcome.data, timeout) : undefined;
  if (timeout === undefined) return parkStep(run, batch, index, outcome.reason, usage, { stored });
  parkStep(run, batch, index, outcome.reason, usage, { stored, deadline: run.deps.clock.now() + timeout.afterMs });
  batch.onStored(() => armDeadline(run, index, timeout.afterMs, timeout.decision));
}

/** What a waiting step stores as its output: the wait's data, and the decision its deadline takes. */
export function waitingOutput(data: unknown, timeout: WaitTimeout | undefined): unknown {
  return timeout === undefined ? { waiting: data ?? null } : { waiting: data ?? null, onTimeout: timeout.decision };
}

const storedDecisionSchema = z.object({
  onTimeout: z.union([
    z.object({ kind: z.literal('complete'), output: z.unknown().optional(), handles: z.array(z.string()).optional() }),
    // The code is whatever the node chose; a stored one that is no longer known falls back below.
    z.object({ kind: z.literal('fail'), message: z.string(), code: z.string().optional() }),
  ]),
});

/** The deadline and decision of a stored WAITING step; undefined when it waits without one. */
export function storedDeadline(record: StepRecord): { at: number; decision: WaitDecision } | undefined {
  if (record.retryAt === undefined) return undefined;
  const parsed = storedDecisionSchema.safeParse(record.output);
  if (!parsed.success) return undefined;
  const stored = parsed.data.onTimeout;
  const decision: WaitDecision =
    stored.kind === 'complete' ? stored : { kind: 'fail', message: stored.message, ...(stored.code === undefined ? {} : { code: stored.code as StepError['code'] }) };
  return { at: record.retryAt, decision };
}

/** Arms the deadline of a WAITING step; the timer is cancelled by a decision, a cancel or a stop. */
export function armDeadline(run: RunScheduler, index: number, delayMs: number, decision: WaitDecision): void {
  const node = run.index.nodes[index];
  if (node === undefined) return;
  run.setStepTimer(index, delayMs, () => {
    if (run.stepStatus(index) !== 'WAITING') return;
    resolveWaiting(run, node.id, decision).catch((error: unknown) => {
      // A person's decision may have won the race; anything else is worth a log line, not a crash.
      run.deps.logger.warn('wait deadline not applied', { runId: run.runId, nodeId: node.id, error: String(error) });
    });
  });
}
