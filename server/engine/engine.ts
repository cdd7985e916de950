/**
 * The engine's entry point: `createEngine(ports)` gives the operations the run service calls. Runs are
 * created by the run service (its store knows versions and teams); the engine starts them by id, and
 * every later change goes through it.
 */
import { AppError, GraphError, NotFoundError } from '@/server/errors';
import type { ExpressionLimits } from './expressions';
import { DEFAULT_EXPRESSION_LIMITS } from './expressions';
import type { GraphLimits, NodeId, RunId } from './graph';
import { DEFAULT_GRAPH_LIMITS } from './graph';
import { CompiledGraphs } from './graph-cache';
import type { GraphIndex } from './graph-index';
import { indexGraph } from './graph-index';
import type { RunLimits } from './json-limits';
import { DEFAULT_RUN_LIMITS } from './json-limits';
import type { NodeRegistry } from './node-type';
import type { Clock, Dispatcher, EventBus, Logger, RunError, RunRecord, RunSnapshot, RunStore } from './ports';
import { noopLogger } from './ports';
import { isRunFinished } from './run-state';
import { Batch, RunWriter } from './run-writer';
import { RunScheduler } from './scheduler';
import { assertValidGraph } from './validate';
import type { WaitDecision } from './waiting';
import { resolveWaiting } from './waiting';

export type { WaitDecision } from './waiting';

export interface EngineOptions {
  store: RunStore;
  dispatcher: Dispatcher;
  events: EventBus;
  clock: Clock;
  registry: NodeRegistry;
  logger?: Logger;
  /** Source of jitter for retry delays; tests pin it. */
  random?: () => number;
  expressionLimits?: ExpressionLimits;
  graphLimits?: GraphLimits;
  /** The bound on all of one run's outputs together; tests lower it. */
  runLimits?: RunLimits;
}

export interface Engine {
  /** Starts a QUEUED run, or resumes a RUNNING/WAITING one from its stored state. Resolves once under way. */
  start(runId: RunId): Promise<void>;
  /**
   * At start-up: resumes every run the store holds as QUEUED, RUNNING or WAITING; returns the ids of
   * those it took up. WAITING runs are taken up too so that their steps' deadlines (approval timeouts)
   * fire. A run that cannot be resumed (its row cannot be read) is logged and left for the next start:
   * it does not keep the others from resuming.
   */
  recover(): Promise<RunId[]>;
  /** Aborts running steps, cancels the others; resolves once stored. No-op on a finished run. */
  cancel(runId: RunId, reason?: string): Promise<void>;
  /** Completes or fails a WAITING step (an approval decision); the run goes on. */
  resolveWaiting(runId: RunId, nodeId: NodeId | string, decision: WaitDecision): Promise<void>;
  /**
   * The stored run once it is at rest: finished, or waiting for a decision with nothing else to do. For
   * a run this engine is not driving, the stored run as it is now.
   */
  untilAtRest(runId: RunId): Promise<RunRecord>;
  isActive(runId: RunId): boolean;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createEngine(options: EngineOptions): Engine {
  const deps = {
    store: options.store,
    events: options.events,
    dispatcher: options.dispatcher,
    clock: options.clock,
    logger: options.logger ?? noopLogger,
    random: options.random ?? Math.random,
    expressionLimits: options.expressionLimits ?? DEFAULT_EXPRESSION_LIMITS,
    runLimits: options.runLimits ?? DEFAULT_RUN_LIMITS,
  };
  const graphLimits = options.graphLimits ?? DEFAULT_GRAPH_LIMITS;
  const active = new Map<RunId, RunScheduler>();

  // Runs of one version share its compiled graph (graph-cache.ts).
  const graphs = new CompiledGraphs();
  const compile = (snapshot: RunSnapshot): GraphIndex =>
    graphs.get(snapshot.graph, snapshot.graphKey, (raw) => indexGraph(assertValidGraph(raw, options.registry, { limits: graphLimits }), options.registry));

  async function load(runId: RunId): Promise<RunSnapshot> {
    const snapshot = await options.store.loadRun(runId);
    if (snapshot === undefined) throw new NotFoundError(`Run "${runId}"`);
    return snapshot;
  }

  /** Writes a run's end directly, for runs that never get a scheduler (invalid graph, cancelled in queue). */
  async function endWithoutScheduler(snapshot: RunSnapshot, status: 'FAILED' | 'CANCELLED', error: RunError): Promise<void> {
    const writer = new RunWriter(snapshot.run.id, snapshot.run.lastSeq, deps, { onStarted: () => undefined, onFailure: () => undefined });
    const batch = new Batch(snapshot.run.id);
    batch.setRun({ status, error, finishedAt: deps.clock.now() });
    batch.event({ type: 'run.status', status, error });
    await writer.stageAndWait(batch);
  }

  async function activate(runId: RunId): Promise<RunScheduler | undefined> {
    const existing = active.get(runId);
    if (existing !== undefined) return existing;
    const snapshot = await load(runId);
    if (isRunFinished(snapshot.run.status)) return undefined;
    const again = active.get(runId); // another call may have activated it while we loaded
    if (again !== undefined) return again;
    let index: GraphIndex;
    try {
      index = compile(snapshot);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      await endWithoutScheduler(snapshot, 'FAILED', { code: error.code, message: error.message });
      return undefined;
    }
    const scheduler = new RunScheduler(index, snapshot, deps, () => {
      if (active.get(runId) === scheduler) active.delete(runId);
    });
    active.set(runId, scheduler);
    scheduler.begin();
    return scheduler;
  }

  return {
    async start(runId) {
      await activate(runId);
    },
    async recover() {
      const ids = await options.store.listRunIds(['QUEUED', 'RUNNING', 'WAITING']);
      // Together, so a store that shares reads between runs asked for at once loads them in one go.
      const outcomes = await Promise.allSettled(ids.map((id) => activate(id)));
      const resumed: RunId[] = [];
      outcomes.forEach((outcome, i) => {
        const runId = ids[i];
        if (runId === undefined) return;
        if (outcome.status === 'fulfilled') resumed.push(runId);
        else deps.logger.error(`Run "${runId}" could not be resumed; it is left for the next start`, { runId, error: describe(outcome.reason) });
      });
      return resumed;
    },
    async cancel(runId, reason = 'cancelled by a person') {
      const scheduler = active.get(runId);
      if (scheduler !== undefined) return scheduler.cancel(reason);
      const snapshot = await load(runId);
      if (isRunFinished(snapshot.run.status)) return;
      if (snapshot.run.status === 'QUEUED') {
        return endWithoutScheduler(snapshot, 'CANCELLED', { code: 'RUN_CANCELLED', message: reason });
      }
      const resumed = await activate(runId);
      if (resumed !== undefined) await resumed.cancel(reason);
    },
    async resolveWaiting(runId, nodeId, decision) {
      const scheduler = await activate(runId);
      if (scheduler === undefined) throw new AppError('STEP_NOT_WAITING', `Run "${runId}" has finished; nothing waits`);
      await resolveWaiting(scheduler, nodeId, decision);
    },
    async untilAtRest(runId) {
      const scheduler = active.get(runId);
      if (scheduler !== undefined) await scheduler.untilAtRest();
      const record = await options.store.loadRunRecord(runId);
      if (record === undefined) throw new NotFoundError(`Run "${runId}"`);
      return record;
    },
    isActive: (runId) => active.has(runId),
  };
}
