/**
 * What happens to a run whose commit failed. The engine stops driving it at once (its state in memory
 * may no longer match the tables); without this, the run would stay RUNNING until the next start.
 *
 * - Another process drives the run (its events' numbers were taken): nothing; that process goes on.
 * - The database could not be reached (or dropped the connection): once it answers again, the run is
 *   resumed from what was stored, steps under way starting again as resumed attempts. A failure with no
 *   SQLSTATE at all resumes a run MAX_RESUMES times at most, then ends it as below.
 * - The database refused the commit (a constraint, a value it cannot hold, a full disk): trying again
 *   would fail again, so the run ends FAILED with the database's error (RUN_STORE_FAILED): the steps
 *   whose ends could not be stored fail with it, the others still going are cancelled.
 */
import { AppError } from '@/server/errors';
import type { Engine } from '@/server/engine/engine';
import type { NodeId, RunId } from '@/server/engine/graph';
import type { Clock, EventBus, Logger, RunCommit, RunError, RunEvent, RunSnapshot, RunStore, StepError, StepWrite } from '@/server/engine/ports';
import { isRunFinished, type StepStatus } from '@/server/engine/run-state';
import { classifyDbError, sqlStateOf } from '@/server/db/db-errors';

export interface CommitFailureDeps {
  store: RunStore;
  events: EventBus;
  engine(): Engine;
  /** Resolves when the database answers a trivial query; rejects when it does not. */
  probe(): Promise<void>;
  clock: Clock;
  logger: Logger;
}

export interface CommitFailures {
  onCommitFailed(change: RunCommit, error: Error): void;
  /** Stops waiting for the database (the process or test is done with it). */
  stop(): void;
}

// Resumes after failures without a SQLSTATE, per run and process, before the run is ended instead.
const MAX_RESUMES = 3;
const PROBE_FIRST_MS = 250;
const PROBE_MAX_MS = 5_000;
const GOING: ReadonlySet<StepStatus> = new Set(['QUEUED', 'RUNNING', 'RETRYING', 'WAITING']);

export function commitFailures(deps: CommitFailureDeps): CommitFailures {
  const resumes = new Map<RunId, number>();
  const ending = new Set<RunId>();
  let reachable: Promise<boolean> | undefined;
  let isStopped = false;

  /** Resolves true once the database answers, false if stopped first; shared by every waiting run. */
  function whenReachable(): Promise<boolean> {
    reachable ??= (async () => {
      for (let delay = PROBE_FIRST_MS; !isStopped; delay = Math.min(delay * 2, PROBE_MAX_MS)) {
        try {
          await deps.probe();
          return true;
        } catch (error) {
          deps.logger.warn('the database does not answer; runs resume once it does', { error: String(error) });
          await new Promise<void>((resolve) => deps.clock.setTimeout(resolve, delay));
        }
      }
      return false;
    })().finally(() => (reachable = undefined));
    return reachable;
  }

  async function resume(runId: RunId): Promise<void> {
    if (!(await whenReachable())) return;
    await deps.engine().start(runId);
    deps.logger.info('run resumed after the database came back', { runId });
  }

  async function end(change: RunCommit, error: Error): Promise<void> {
    const { runId } = change;
    if (ending.has(runId)) {
      // Ending it failed too: the next start takes the run up again (recovery).
      deps.logger.error('a run could not be ended after a failed commit; it is left for the next start', { runId, error: error.message });
      return;
    }
    ending.add(runId);
    try {
      const snapshot = await deps.store.loadRun(runId);
      if (snapshot === undefined || isRunFinished(snapshot.run.status) || deps.engine().isActive(runId)) return;
      const commit = failedRunCommit(snapshot, change, error, deps.clock.now());
      await deps.store.commit(commit);
      deps.events.publish(commit.events);
    } finally {
      ending.delete(runId);
    }
  }

  async function handle(change: RunCommit, error: Error): Promise<void> {
    if (isStopped || (error instanceof AppError && error.code === 'CONFLICT')) return;
    const runId = change.runId;
    deps.logger.error('a run commit failed', { runId, sqlState: sqlStateOf(error), error: error.message });
    let isResumable = classifyDbError(error) === 'unreachable';
    // Without a SQLSTATE the failure may not be the connection's (an embedded database failing on a
    // huge commit): such a run is resumed a few times only. A server that refuses connections is waited for.
    if (isResumable && sqlStateOf(error) === undefined) {
      const count = resumes.get(runId) ?? 0;
      isResumable = count < MAX_RESUMES;
      resumes.set(runId, count + 1);
    }
    for (;;) {
      try {
        if (isResumable) await resume(runId);
        else await end(change, error);
        return;
      } catch (failure) {
        // The database went away again while the run was being resumed or ended: wait for it, try again.
        if (isStopped || classifyDbError(failure) !== 'unreachable') throw failure;
      }
    }
  }

  return {
    onCommitFailed(change, error) {
      handle(change, error).catch((failure: unknown) => {
        deps.logger.error('a run could not be resumed or ended after a failed commit; it is left for the next start', { runId: change.runId, error: String(failure) });
      });
    },
    stop() {
      isStopped = true;
    },
  };
}

/** Ends the run FAILED with the store's error, from what the tables hold. */
export function failedRunCommit(snapshot: RunSnapshot, failed: RunCommit, error: Error, now: number): RunCommit {
  const runId = snapshot.run.id;
  const state = sqlStateOf(error);
  const message = `The run's changes could not be stored${state === undefined ? '' : ` (SQLSTATE ${state})`}: ${error.message}`;
  // The steps whose end (or wait) the failed commit carried: their results are what could not be stored.
  const unstored = new Set<NodeId>(failed.steps.filter((s) => !GOING.has(s.status) || s.status === 'WAITING').map((s) => s.nodeId));
  // An effect-free step may have started and ended within the failed commit: it has no row yet, and fails
  // too. It is taken as QUEUED: there is no attempt row to close.
  const rows = new Set(snapshot.steps.map((row) => row.nodeId));
  const rowless = new Map(failed.steps.filter((s) => unstored.has(s.nodeId) && !rows.has(s.nodeId)).map((s) => [s.nodeId, { nodeId: s.nodeId, status: 'QUEUED' as const, attempt: s.attempt }]));
  let seq = snapshot.run.lastSeq;
  const events: RunEvent[] = [];
  const steps: StepWrite[] = [];
  for (const step of [...snapshot.steps, ...rowless.values()]) {
    if (!GOING.has(step.status)) continue;
    const status = unstored.has(step.nodeId) ? 'FAILED' : 'CANCELLED';
    const stepError: StepError | undefined = status === 'FAILED' ? { code: 'RUN_STORE_FAILED', message, retryable: false, nodeId: step.nodeId, attempt: step.attempt } : undefined;
    const isAttemptOpen = step.attempt > 0 && (step.status === 'RUNNING' || step.status === 'WAITING');
    steps.push({
      nodeId: step.nodeId,
      status,
      attempt: step.attempt,
      error: stepError,
      finishedAt: now,
      retryAt: null,
      waitReason: null,
      attemptRecord: isAttemptOpen ? { attempt: step.attempt, status, finishedAt: now, error: stepError } : undefined,
    });
    events.push({ type: 'step.status', nodeId: step.nodeId, status, attempt: step.attempt, error: stepError, runId, seq: ++seq, at: now });
  }
  const runError: RunError = { code: 'RUN_STORE_FAILED', message, nodeId: [...unstored][0] };
  events.push({ type: 'run.status', status: 'FAILED', error: runError, runId, seq: ++seq, at: now });
  return { runId, run: { status: 'FAILED', error: runError, finishedAt: now }, steps, events };
}
