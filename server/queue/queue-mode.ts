/**
 * Queue mode, switched on by REDIS_URL with a PostgreSQL DATABASE_URL: the process that serves the app
 * drives runs and hands their steps to workers (QueueDispatcher), events cross processes on Redis
 * (RedisEventBus), and a worker may run in this process too (RUN_STEPS, the default).
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Env } from '@/server/env';
import type { Logger } from '@/server/engine/ports';
import { noopLogger } from '@/server/engine/ports';
import type { StepExecutorDeps } from '@/server/engine/step-executor';
import type { RunRuntime } from '@/server/runs/runtime';
import { drivenEngine } from './driven-engine';
import { queueNames, type QueueNames } from './names';
import { QueueDispatcher } from './queue-dispatcher';
import { RedisEventBus } from './redis-event-bus';
import { RunCommands } from './run-commands';
import { RunDrivers } from './run-drivers';
import { StepWorker } from './step-worker';

export interface QueueConfig {
  redisUrl: string;
  names: QueueNames;
  runSteps: boolean;
  concurrency: number;
  leaseMs: number;
  graceMs: number;
}

/** Undefined without REDIS_URL: one process does everything, as before. */
export function queueConfig(env: Pick<Env, 'REDIS_URL' | 'RUN_STEPS' | 'WORKER_CONCURRENCY' | 'WORKER_LEASE_MS' | 'WORKER_GRACE_MS' | 'QUEUE_PREFIX'>): QueueConfig | undefined {
  if (env.REDIS_URL === undefined) return undefined;
  return {
    redisUrl: env.REDIS_URL,
    names: queueNames(env.QUEUE_PREFIX),
    runSteps: env.RUN_STEPS,
    concurrency: env.WORKER_CONCURRENCY,
    leaseMs: env.WORKER_LEASE_MS,
    graceMs: env.WORKER_GRACE_MS,
  };
}

/** The ports of the process that drives runs. */
export function openCoordinator(db: PrismaClient, config: QueueConfig, logger?: Logger) {
  const events = new RedisEventBus({ redisUrl: config.redisUrl, channel: config.names.events, listen: true, logger });
  const dispatcher = new QueueDispatcher({ db, redisUrl: config.redisUrl, names: config.names, logger, resendAfterMs: Math.max(2000, config.leaseMs / 2) });
  return {
    events,
    dispatcher,
    async close() {
      await dispatcher.close();
      await events.close();
    },
  };
}

/** A worker over this process's step executor; its LLM token deltas go out on `events`. */
export async function startWorker(db: PrismaClient, config: QueueConfig, executor: StepExecutorDeps, events: RedisEventBus, logger?: Logger): Promise<StepWorker> {
  const worker = new StepWorker({ db, redisUrl: config.redisUrl, names: config.names, executor, events, concurrency: config.concurrency, leaseMs: config.leaseMs, logger });
  await worker.start();
  return worker;
}

/**
 * Makes `runtime` drive only the runs this process holds the lease of (one driver per run across
 * processes): its engine claims a run before starting it, renews the leases of its runs, sends commands
 * for runs driven elsewhere to their driver, and (with `takesOver`) takes over runs whose driver died.
 * Web processes take over; workers only drive the child runs their steps start.
 */
export function driveRuns(runtime: RunRuntime, db: PrismaClient, config: QueueConfig, options: { takesOver: boolean; logger?: Logger }) {
  const engine = runtime.engine;
  const logger = options.logger ?? noopLogger;
  const drivers = new RunDrivers({
    db,
    leaseMs: config.leaseMs,
    logger,
    onTakenOver: (runIds) => {
      for (const runId of runIds) engine.start(runId).catch((error: unknown) => logger.error(`Run "${runId}" could not be taken over`, { error: String(error) }));
    },
  });
  const commands = new RunCommands({ redisUrl: config.redisUrl, prefix: config.names.prefix, driverId: drivers.id, engine: () => runtime.engine });
  runtime.engine = drivenEngine(engine, drivers, commands);
  drivers.start(options.takesOver);
  return {
    drivers,
    close() {
      drivers.stop();
      commands.close();
    },
  };
}
