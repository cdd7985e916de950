/**
 * The child-run port (server/engine/node-services.ts) over this process's run service and engine: a
 * `mastery` or `map` step starts a run of another mastery of the same team, linked by parentRunId,
 * parentStep, depth and rootRunId, and waits for it through the event bus. A child run is a run like
 * any other for the team's budgets, and counts against its top-level run's cap (child-run-limit.ts). It
 * has its parent's purpose: the children of an evaluation replay are evaluation runs.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { NodeError, NotFoundError } from '@/server/errors';
import type { RunId } from '@/server/engine/graph';
import type { ChildRunPort, ChildRunRequest, ChildRunResult } from '@/server/engine/node-services';
import type { RunError } from '@/server/engine/ports';
import { isRunFinished } from '@/server/engine/run-state';
import { isPlainObject } from '@/server/engine/templates';
import type { RunRuntime } from './runtime';
import { startRun } from './service';

export function createChildRuns(db: PrismaClient, runtime: () => RunRuntime): ChildRunPort {
  return {
    startChild: (request) => startChild(db, runtime(), request),
    waitForChild: (runId, signal) => waitForChild(db, runtime(), runId, signal),
  };
}

async function startChild(db: PrismaClient, runtime: RunRuntime, request: ChildRunRequest) {
  const parent = await db.run.findUnique({ where: { id: request.parentRunId }, select: { teamId: true, depth: true, startedById: true, rootRunId: true, purpose: true } });
  if (parent === null) throw new NotFoundError(`Run "${request.parentRunId}"`);
  const depth = parent.depth + 1;
  if (depth > request.maxDepth) {
    throw new NodeError('MASTERY_DEPTH_EXCEEDED', `depth limit ${request.maxDepth} reached: this run is already ${parent.depth} levels below the top run, so it may not start mastery "${request.masteryId}"`, { retryable: false });
  }
  if (request.isResumed) {
    // The interrupted attempt's child is still running (recovery resumed it) or has finished well: take it over.
    const earlier = await db.run.findFirst({
      where: { parentRunId: request.parentRunId, parentStep: request.parentStep, status: { notIn: ['FAILED', 'CANCELLED'] } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, depth: true },
    });
    if (earlier !== null) return { runId: earlier.id, depth: earlier.depth };
  }
  if (!isPlainObject(request.input)) {
    const got = Array.isArray(request.input) ? 'a list' : request.input === null ? 'null' : typeof request.input;
    throw new NodeError('BAD_INPUT', `a run's input must be an object; got ${got}. Wrap it, e.g. {{ { "item": $item } }}`, { retryable: false });
  }
  const team = { id: parent.teamId, role: 'EDITOR' as const };
  const input = { masteryId: request.masteryId, input: request.input, ...(request.versionId === undefined ? {} : { versionId: request.versionId }) };
  const link = { parentRunId: request.parentRunId, parentStep: request.parentStep, depth, rootRunId: parent.rootRunId ?? request.parentRunId };
  // A replay's children are replays too: kept out of run lists and metrics like their parent.
  const started = await startRun(db, runtime, team, parent.startedById, input, link, parent.purpose);
  return { runId: started.id, depth };
}

async function resultOf(db: PrismaClient, runId: string): Promise<ChildRunResult | undefined> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, output: true, error: true } });
  if (run === null) throw new NotFoundError(`Run "${runId}"`);
  if (!isRunFinished(run.status)) return undefined;
  if (run.status === 'SUCCEEDED') return { runId, status: 'SUCCEEDED', output: run.output };
  const error = (run.error as RunError | null) ?? { code: 'NODE_FAILED', message: 'no error was recorded' };
  return { runId, status: run.status === 'CANCELLED' ? 'CANCELLED' : 'FAILED', error };
}

function waitForChild(db: PrismaClient, runtime: RunRuntime, runId: string, signal: AbortSignal): Promise<ChildRunResult> {
  return new Promise<ChildRunResult>((resolve, reject) => {
    let isDone = false;
    const finish = (action: () => void) => {
      if (isDone) return;
      isDone = true;
      unsubscribe();
      clearInterval(poll);
      signal.removeEventListener('abort', onAbort);
      action();
    };
    // Events are published after they are stored, so a read after a final status sees the final row.
    const check = () => {
      resultOf(db, runId).then((result) => {
        if (result !== undefined) finish(() => resolve(result));
      }, (error: unknown) => finish(() => reject(error)));
    };
    const onAbort = () => {
      finish(() => reject(signal.reason));
      runtime.engine.cancel(runId as RunId, 'the parent step was cancelled').catch((error: unknown) => {
        console.error('cancelling a child run failed', { runId, error: String(error) });
      });
    };
    // Subscribe before the first read, so an end between the two is not missed.
    const unsubscribe = runtime.events.subscribe(runId as RunId, (event) => {
      if (event.type === 'run.status' && isRunFinished(event.status)) check();
    });
    // A child driven by another process (a queue worker died and a web process took its runs over) may
    // end unheard here: a worker does not listen to other processes' events, and Redis may drop some.
    const poll = setInterval(() => {
      if (!runtime.engine.isActive(runId as RunId)) check();
    }, CHILD_POLL_MS);
    poll.unref();
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    check();
  });
}

/** How often a waiting step reads the row of a child run this process does not drive. */
const CHILD_POLL_MS = 2000;
