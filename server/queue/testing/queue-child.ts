/**
 * A separate process in queue mode, for the multi-process tests:
 *   queue-child.ts coordinator <databaseUrl> <redisUrl> <prefix> <counterUrl>  — drives every QUEUED run
 *     (recover), runs no steps, prints `settled <n>` and exits once all of them are at rest
 *   queue-child.ts driver <databaseUrl> <redisUrl> <prefix> <counterUrl>       — drives runs as a web process
 *     in queue mode does (one driver per run, run-drivers.ts): takes up the runs nobody drives, and those
 *     of a driver that died; prints `ready <driverId>` and runs until killed
 *   queue-child.ts worker <databaseUrl> <redisUrl> <prefix> <counterUrl>       — a worker as `npm run worker`
 *     is one (it drives the sub-mastery runs its steps start); prints `ready`; SIGTERM stops it as that does
 *   queue-child.ts start <databaseUrl> <redisUrl> <prefix> <counterUrl> <teamId> <masteryId> <n> — prints
 *     `ready`, waits until the test releases advisory lock 4242, then starts n runs at once as runs.start
 *     does; prints `started <admitted> <refused by budget>` and exits (the runs stay RUNNING)
 * Lease and grace come from WORKER_LEASE_MS / WORKER_GRACE_MS, as in production.
 */
import { openDb } from '@/server/db/connect';
import { env } from '@/server/env';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { AppError } from '@/server/errors';
import { createRunRuntime } from '@/server/runs/runtime';
import { startRun } from '@/server/runs/service';
import { queueNames } from '../names';
import { driveRuns, openCoordinator, startWorker, type QueueConfig } from '../queue-mode';
import { RedisEventBus } from '../redis-event-bus';
import { callNode } from './call-node';

const [role, databaseUrl, redisUrl, prefix, counterUrl, teamId, masteryId, count] = process.argv.slice(2);
if (!role || !databaseUrl || !redisUrl || !prefix || !counterUrl) throw new Error('usage: queue-child <coordinator|driver|worker|start> <databaseUrl> <redisUrl> <prefix> <counterUrl>');
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
} else if (role === 'driver') {
  const queue = openCoordinator(handle.client, config, logger);
  const runtime = createRunRuntime(handle.client, { registry, logger, events: queue.events, dispatcher: () => queue.dispatcher });
  const driving = driveRuns(runtime, handle.client, config, { takesOver: true, logger });
  await runtime.engine.recover();
  process.stdout.write(`ready ${driving.drivers.id}\n`);
} else if (role === 'start') {
  const queue = openCoordinator(handle.client, config, logger);
  const runtime = createRunRuntime(handle.client, { registry, logger, events: queue.events, dispatcher: () => queue.dispatcher });
  process.stdout.write('ready\n');
  await handle.client.$queryRaw`SELECT pg_advisory_lock_shared(4242)::text`;
  const team = { id: teamId ?? '', role: 'EDITOR' as const };
  const outcomes = await Promise.allSettled(Array.from({ length: Number(count) }, () => startRun(handle.client, runtime, team, null, { masteryId: masteryId ?? '', input: {} })));
  const refused = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof AppError && o.reason.code === 'BUDGET_EXCEEDED').length;
  const other = outcomes.find((o) => o.status === 'rejected' && !(o.reason instanceof AppError && o.reason.code === 'BUDGET_EXCEEDED'));
  if (other !== undefined) console.error(String((other as PromiseRejectedResult).reason));
  process.stdout.write(`started ${outcomes.filter((o) => o.status === 'fulfilled').length} ${refused}\n`);
  process.exit(0);
} else {
  const events = new RedisEventBus({ redisUrl, channel: config.names.events, listen: false });
  const runtime = createRunRuntime(handle.client, { registry, logger, events });
  // As `npm run worker`: the sub-mastery runs its steps start are driven here under a lease.
  driveRuns(runtime, handle.client, config, { takesOver: false, logger });
  const worker = await startWorker(handle.client, config, runtime.executor, events, logger);
  process.stdout.write(`ready ${worker.id}\n`);
  process.on('SIGTERM', () => {
    void worker.stop(config.graceMs).finally(() => process.exit(0));
  });
}
