/**
 * The engine wired to durable adapters: the database store, the in-process dispatcher and event bus
 * (the one-machine setup), and what happens to a run whose commit failed (commit-failures.ts).
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { createEngine, type Engine } from '@/server/engine/engine';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { realClock } from '@/server/engine/real-clock';
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionIsolation } from '@/server/engine/expressions';
import type { NodeRegistry } from '@/server/engine/node-type';
import type { NodeServices } from '@/server/engine/node-services';
import type { Clock, Dispatcher, EventBus, Logger } from '@/server/engine/ports';
import type { StepExecutorDeps } from '@/server/engine/step-executor';
import { noopLogger } from '@/server/engine/ports';
import { nodeRegistry } from '@/server/nodes';
import { expressionPool } from '@/server/sandbox/expression-pool';
import { PrismaRunStore } from './prisma-run-store';
import { createChildRuns } from './child-runs';
import { withStepDatabaseErrors } from './step-database-errors';
import { commitFailures } from './commit-failures';
import { runTeams } from './run-teams';
import { teamExpressionIsolation } from './team-expression-isolation';
import { executeDirect } from '@/server/db/connect';

export interface RunRuntime {
  engine: Engine;
  store: PrismaRunStore;
  events: EventBus;
  registry: NodeRegistry;
  /** What executes a step here; a queue worker in this process runs steps with it too. */
  executor: StepExecutorDeps;
  /** Stops waiting for an unreachable database to resume runs (the database is being closed). */
  stop(): void;
}

export interface RuntimeOptions {
  registry?: NodeRegistry;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** Ports for node types with side effects; `createNodeServices(db)` builds the real ones. */
  services?: NodeServices;
  /** Where expressions beyond a plain path run; the process-wide pool of child processes, shared fairly by team, by default. */
  expressionIsolation?: ExpressionIsolation;
  /** Where steps run: this process by default; queue mode hands them to workers (server/queue/). */
  dispatcher?: (executor: StepExecutorDeps) => Dispatcher;
  /** Who hears run events: this process by default; queue mode, every process (server/queue/). */
  events?: EventBus;
}

export function createRunRuntime(db: PrismaClient, options: RuntimeOptions = {}): RunRuntime {
  const registry = options.registry ?? nodeRegistry;
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? noopLogger;
  const events = options.events ?? new MemoryEventBus();
  const store = new PrismaRunStore(db, { onCommitFailed: (change, error) => failures.onCommitFailed(change, error) });
  const failures = commitFailures({
    store,
    events,
    clock,
    logger,
    engine: () => runtime.engine,
    probe: async () => {
      await executeDirect(db, 'ms_probe', 'SELECT 1', []);
    },
  });
  // Child runs (`mastery`, `map`) go through this very runtime, so it is given to them once built.
  const given: NodeServices = { ...options.services };
  given.runs ??= createChildRuns(db, () => runtime);
  given.teams ??= runTeams(db);
  // A step's error never quotes the database or Prisma: their errors become coded, readable ones.
  const services = withStepDatabaseErrors(given);
  const isolation = options.expressionIsolation ?? teamExpressionIsolation(expressionPool(), given.teams);
  const expressionLimits = { ...DEFAULT_EXPRESSION_LIMITS, isolation };
  const executor: StepExecutorDeps = { registry, clock, logger, expressionLimits, services };
  const dispatcher = options.dispatcher?.(executor) ?? new InProcessDispatcher(executor);
  const engine = createEngine({ store, dispatcher, events, clock, registry, logger, random: options.random, expressionLimits });
  const runtime: RunRuntime = { engine, store, events, registry, executor, stop: failures.stop };
  return runtime;
}
