/**
 * The engine wired to in-memory ports and a fake clock, for tests. `run` drives a run to its end (or to
 * WAITING) by flushing promise reactions and jumping the clock to the next timer, never sleeping.
 */
import type { ExpressionLimits } from '../expressions';
import type { Engine } from '../engine';
import { createEngine } from '../engine';
import { DEFAULT_EXPRESSION_LIMITS } from '../expressions';
import { FakeClock, flushMicrotasks } from '../fake-clock';
import type { GraphLimits, RunId } from '../graph';
import type { RunLimits } from '../json-limits';
import { InProcessDispatcher } from '../in-process-dispatcher';
import { MemoryEventBus } from '../memory-event-bus';
import { InMemoryRunStore } from './memory-store';
import type { NodeRegistry, NodeType } from '../node-type';
import type { Dispatcher, LiveEvent, Logger, RunRecord } from '../ports';
import { noopLogger } from '../ports';

export interface HarnessOptions {
  types: readonly NodeType[];
  random?: () => number;
  expressionLimits?: ExpressionLimits;
  graphLimits?: GraphLimits;
  runLimits?: RunLimits;
  store?: InMemoryRunStore;
  clock?: FakeClock;
  logger?: Logger;
  /** Wraps the in-process dispatcher (a stand-in for another kind, such as a queue's). */
  dispatcher?: (inProcess: Dispatcher) => Dispatcher;
}

export function createHarness(options: HarnessOptions) {
  const clock = options.clock ?? new FakeClock();
  const store = options.store ?? new InMemoryRunStore();
  const bus = new MemoryEventBus();
  const types = new Map(options.types.map((nodeType) => [nodeType.type, nodeType]));
  const registry: NodeRegistry = { get: (type) => types.get(type) };
  const expressionLimits = options.expressionLimits ?? DEFAULT_EXPRESSION_LIMITS;
  const inProcess = new InProcessDispatcher({ registry, clock, logger: noopLogger, expressionLimits });
  const dispatcher = options.dispatcher?.(inProcess) ?? inProcess;
  const engine: Engine = createEngine({
    store,
    dispatcher,
    events: bus,
    clock,
    registry,
    random: options.random ?? (() => 0.5),
    expressionLimits,
    graphLimits: options.graphLimits,
    runLimits: options.runLimits,
    logger: options.logger,
  });
  const live = new Map<RunId, LiveEvent[]>();

  async function start(graph: unknown, input: unknown = {}): Promise<RunId> {
    const runId = store.createRun({ graph, input, now: clock.now() });
    const received: LiveEvent[] = [];
    live.set(runId, received);
    bus.subscribe(runId, (event) => received.push(event));
    await engine.start(runId);
    return runId;
  }

  /** Lets the run go until it finished or waits, jumping the fake clock from timer to timer. */
  async function driveToRest(runId: RunId, maxTimers = 10_000): Promise<RunRecord> {
    let result: { run: RunRecord } | { error: unknown } | undefined;
    engine.untilAtRest(runId).then(
      (run) => (result = { run }),
      (error: unknown) => (result = { error }),
    );
    for (let fired = 0; fired <= maxTimers; fired += 1) {
      await flushMicrotasks();
      if (result !== undefined) break;
      if (!(await clock.next())) {
        await flushMicrotasks();
        if (result === undefined) throw new Error(`run ${runId} is stuck: nothing pending, not at rest`);
      }
    }
    if (result === undefined) throw new Error(`run ${runId} was not at rest after ${maxTimers} timers`);
    if ('error' in result) throw result.error;
    return result.run;
  }

  async function run(graph: unknown, input: unknown = {}): Promise<{ runId: RunId; run: RunRecord }> {
    const runId = await start(graph, input);
    return { runId, run: await driveToRest(runId) };
  }

  return {
    clock,
    store,
    bus,
    engine,
    registry,
    start,
    run,
    driveToRest,
    liveEvents: (runId: RunId) => live.get(runId) ?? [],
    status: (runId: RunId, nodeId: string) => store.getStep(runId, nodeId)?.status ?? 'PENDING',
  };
}

export type Harness = ReturnType<typeof createHarness>;
