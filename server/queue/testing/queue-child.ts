/**
 * A separate process in queue mode, for the multi-process tests:
 *   queue-child.ts coordinator <databaseUrl> <redisUrl> <prefix> <counterUrl>  — drives every QUEUED run
 *     (recover), runs no steps, prints `settled <n>` and exits once all of them are at rest
 *   queue-child.ts worker <databaseUrl> <redisUrl> <prefix> <counterUrl>       — a worker; prints `ready`;
 *     SIGTERM stops it as `npm run worker` does
 * Lease and grace come from WORKER_LEASE_MS / WORKER_GRACE_MS, as in production.
 */
import { openDb } from '@/server/db/connect';
import { env } from '@/server/env';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { createRunRuntime } from '@/server/runs/runtime';
import { queueNames } from '../names';
import { openCoordinator, startWorker, type QueueConfig } from '../queue-mode';
import { RedisEventBus } from '../redis-event-bus';
import { callNode } from './call-node';

const [role, databaseUrl, redisUrl, prefix, counterUrl] = process.argv.slice(2);
if (!role || !databaseUrl || !redisUrl || !prefix || !counterUrl) throw new Error('usage: queue-child <coordinator|worker> <databaseUrl> <redisUrl> <prefix> <counterUrl>');
const config: QueueConfig = {
  redisUrl,
  names: queueNames(prefix),
  runSteps: false,
  concurrency: env.WORKER_CONCURRENCY,
  leaseMs: env.WORKER_LEASE_MS,
  graceMs: env.WORKER_GRACE_MS,
};
const handle = openDb({ kind: 'postgres', url: databaseUrl });
const registry = createRegistry([...builtInNodeTypes, callNode(counterUrl)]);
const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string, f?: object) => console.error(m, f ?? '') };

if (role === 'coordinator') {
  const queue = openCoordinator(handle.client, config, logger);
  const runtime = createRunRuntime(handle.client, { registry, logger, events: queue.events, dispatcher: () => queue.dispatcher });
  const ids = await runtime.engine.recover();
  await Promise.all(ids.map((id) => runtime.engine.untilAtRest(id)));
  process.stdout.write(`settled ${ids.length}\n`);
  await queue.close();
  runtime.stop();
  await handle.close();
  process.exit(0);
} else {
  const events = new RedisEventBus({ redisUrl, channel: config.names.events, listen: false });
  const runtime = createRunRuntime(handle.client, { registry, logger, events });
  const worker = await startWorker(handle.client, config, runtime.executor, events, logger);
  process.stdout.write(`ready ${worker.id}\n`);
  process.on('SIGTERM', () => {
    void worker.stop(config.graceMs).finally(() => process.exit(0));
  });
}
