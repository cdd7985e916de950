/** This process's run runtime, over the configured database. One per process (kept across hot reloads). */
import 'server-only';
import { db } from '@/server/db';
import { env } from '@/server/env';
import type { Logger } from '@/server/engine/ports';
import { driveRuns, openCoordinator, queueConfig, startWorker } from '@/server/queue/queue-mode';
import { createNodeServices } from './node-services';
import { createRunRuntime, type RunRuntime } from './runtime';

const holder = globalThis as unknown as { __masteryRuns?: RunRuntime; __masteryWorker?: Promise<unknown> };

const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

export function runRuntime(): RunRuntime {
  if (holder.__masteryRuns !== undefined) return holder.__masteryRuns;
  // Queue mode (REDIS_URL): steps go to workers and events cross processes; else all of it stays here.
  const config = queueConfig(env);
  const queue = config === undefined ? undefined : openCoordinator(db(), config, logger);
  const runtime = createRunRuntime(db(), {
    services: createNodeServices(db()),
    logger,
    ...(queue === undefined ? {} : { events: queue.events, dispatcher: () => queue.dispatcher }),
  });
  // Several web processes may share the database: each drives only the runs it holds the lease of.
  if (config !== undefined) driveRuns(runtime, db(), config, { takesOver: true, logger });
  holder.__masteryRuns = runtime;
  if (config !== undefined && queue !== undefined && config.runSteps) {
    holder.__masteryWorker = startWorker(db(), config, runtime.executor, queue.events, logger).catch((error: unknown) => {
      console.error('The in-process queue worker did not start; steps wait for `npm run worker` processes', error);
    });
  }
  return runtime;
}
