/**
 * Running another mastery as a child run from a step (`mastery`, and `map` per item): start it through
 * the child-run port, wait for its end, and turn a failed child into a step error that names it.
 * Not a node type: a helper the two node files share.
 */
import { z } from 'zod';
import { AppError, NodeError, type AppErrorCode } from '@/server/errors';
import type { ChildRunPort, ChildRunRequest } from '@/server/engine/node-services';
import type { StepContext } from '@/server/engine/node-type';

export const DEFAULT_MAX_DEPTH = 5;

/** Config fields both node types share, described once for the inspector. */
export const childMasteryFields = {
  masteryId: z.string().min(1).meta({ title: 'Mastery', description: 'The mastery to run (of the same team).', examples: ['cm0abc123'] }),
  versionId: z
    .string()
    .min(1)
    .optional()
    .meta({ title: 'Pinned version', description: 'Run this version instead of the mastery\'s current one.', examples: ['cm0ver456'] }),
  maxDepth: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(DEFAULT_MAX_DEPTH)
    .meta({ title: 'Depth limit', description: 'How deep masteries may call masteries (the top run is 0), so a mastery cannot recurse forever.', examples: [5] }),
};

// Failures another attempt of the parent step may cure; a bad graph or a rejection will fail alike again.
const TRANSIENT = new Set(['NODE_FAILED', 'NODE_TIMEOUT', 'HTTP_STATUS', 'HTTP_NETWORK', 'LLM_RATE_LIMITED', 'LLM_UNAVAILABLE', 'STEP_INTERRUPTED', 'CHILD_RUN_FAILED']);

/**
 * Limits of the whole run tree or of the team: the step that hit one fails with its code, and so does
 * every parent above it (no retry or other version of a step helps against them), so the top run says
 * which limit stopped it.
 */
function asTreeLimit(code: string): AppErrorCode | undefined {
  return code === 'CHILD_RUN_LIMIT' || code === 'BUDGET_EXCEEDED' ? code : undefined;
}

/** The code of the tree-wide limit `error` is about, if it is one. */
export function treeLimitOf(error: unknown): AppErrorCode | undefined {
  return error instanceof AppError ? asTreeLimit(error.code) : undefined;
}

export function childRuns(ctx: StepContext): ChildRunPort {
  const runs = ctx.services.runs;
  if (runs === undefined) {
    throw new NodeError('NODE_SERVICE_MISSING', 'child runs are not available here (no `runs` service was given to the engine)', { retryable: false });
  }
  return runs;
}

export type ChildSpec = Omit<ChildRunRequest, 'parentRunId' | 'isResumed'>;

/**
 * Runs the child to its end and returns its output; throws CHILD_RUN_FAILED naming the child and its
 * failed step (or the code of the tree-wide limit that stopped the child).
 */
export async function runChild(ctx: StepContext, spec: ChildSpec, signal: AbortSignal): Promise<unknown> {
  const runs = childRuns(ctx);
  const { runId } = await runs.startChild({ ...spec, parentRunId: ctx.runId, isResumed: ctx.isResumed });
  const result = await runs.waitForChild(runId, signal);
  if (result.status === 'SUCCEEDED') return result.output;
  const where = result.error.nodeId === undefined ? '' : ` at step "${result.error.nodeId}"`;
  const what = result.status === 'FAILED' ? 'failed' : 'was cancelled';
  const limit = result.status === 'FAILED' ? asTreeLimit(result.error.code) : undefined;
  throw new NodeError(limit ?? 'CHILD_RUN_FAILED', `sub-mastery run ${runId} ${what}${where} (${result.error.code}): ${result.error.message}`, {
    retryable: result.status === 'FAILED' && TRANSIENT.has(result.error.code),
  });
}
