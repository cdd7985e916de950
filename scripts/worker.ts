/**
 * `npm run worker`: a queue worker process, on this machine or any other that reaches the same
 * PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). It runs up to WORKER_CONCURRENCY steps at once; on
 * SIGTERM or SIGINT it takes no more, lets running steps finish for WORKER_GRACE_MS, then hands the rest
 * back to run elsewhere.
 */
import { openDb } from '@/server/db/connect';
import { configuredTarget } from '@/server/db/target';
import { env } from '@/server/env';
import type { Logger } from '@/server/engine/ports';
import { driveRuns, queueConfig, startWorker } from '@/server/queue/queue-mode';
import { RedisEventBus } from '@/server/queue/redis-event-bus';
import { createNodeServices } from '@/server/runs/node-services';
import { createRunRuntime } from '@/server/runs/runtime';

const config = queueConfig(env);
if (config === undefined) {
  console.error('A worker needs REDIS_URL (and a PostgreSQL DATABASE_URL): it takes steps from the queue the web process fills.');
  process.exit(1);
}

const logger: Logger = {
  debug: () => undefined,
  info: (message, fields) => console.log(message, fields ?? ''),
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

const handle = openDb(configuredTarget());
const events = new RedisEventBus({ redisUrl: config.redisUrl, channel: config.names.events, listen: false, logger });
// Sub-mastery runs a step starts are driven from here, their steps in this process, under a lease: if this
// process dies, a web process takes them over.
const runtime = createRunRuntime(handle.client, { services: createNodeServices(handle.client), logger, events });
const driving = driveRuns(runtime, handle.client, config, { takesOver: false, logger });
const worker = await startWorker(handle.client, config, runtime.executor, events, logger);
console.log(`Worker ${worker.id} takes up to ${config.concurrency} steps at once`);

let isStopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (isStopping) return;
    isStopping = true;
    console.log(`Worker ${worker.id}: ${signal}, finishing running steps (up to ${config.graceMs} ms)`);
    void worker
      .stop(config.graceMs)
      .then(async () => {
        driving.close();
        runtime.stop();
        await events.close();
        await handle.close();
      })
      .finally(() => process.exit(0));
  });
}
