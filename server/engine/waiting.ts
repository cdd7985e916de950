/**
 * Decisions on WAITING steps (an approval, later): the step completes with an output and the handles it
 * takes, or fails; either way the run goes on from there. Works after a restart too: the engine loads the
 * run before applying the decision.
 */
import { AppError } from '@/server/errors';
import type { StepError } from './ports';
import { ZERO_USAGE } from './ports';
import type { RunScheduler } from './scheduler';
import { failStep, succeedStep } from './step-outcomes';

export type WaitDecision =
  | { kind: 'complete'; output?: unknown; handles?: readonly string[] }
  | { kind: 'fail'; message: string };

export function resolveWaiting(run: RunScheduler, nodeId: string, decision: WaitDecision): Promise<void> {
  const index = run.index.indexById.get(nodeId);
  const node = index === undefined ? undefined : run.index.nodes[index];
  if (index === undefined || node === undefined) {
    return Promise.reject(new AppError('NOT_FOUND', `Run "${run.runId}" has no step "${nodeId}"`));
  }
  const status = run.table.statusOf(index);
  if (status !== 'WAITING' || run.isStopped) {
    return Promise.reject(new AppError('STEP_NOT_WAITING', `Step "${nodeId}" of run "${run.runId}" is not waiting (it is ${status})`));
  }
  const handles = decision.kind === 'complete' ? (decision.handles ?? node.nodeType.outputs) : [];
  const unknown = handles.find((handle) => !node.nodeType.outputs.includes(handle));
  if (unknown !== undefined) {
    return Promise.reject(new AppError('BAD_INPUT', `Step "${nodeId}" (${node.type}) has no output "${unknown}"`));
  }
  const batch = run.newBatch();
  const fresh: number[] = [];
  run.waiting -= 1;
  run.wake();
  if (run.status === 'WAITING') run.setRunStatus(batch, 'RUNNING');
  if (decision.kind === 'complete') {
    succeedStep(run, batch, fresh, index, decision.output ?? null, handles, ZERO_USAGE);
  } else {
    const message = `Node "${nodeId}" (${node.type}): ${decision.message}`;
    const error: StepError = { code: 'NODE_FAILED', message, retryable: false, nodeId: node.id, attempt: run.table.attemptOf(index) };
    failStep(run, batch, fresh, index, error, ZERO_USAGE);
  }
  return run.proceedAndWait(batch, fresh);
}
