/**
 * Steps waiting for a worker: the jobs on the BullMQ queue no worker took yet, and the oldest of them.
 * The queue is what workers take from, so it answers this (the database holds an attempt's row only once a
 * worker claimed it). After Redis lost its data, the relay puts the jobs back within seconds.
 */
import { Queue } from 'bullmq';
import { attemptKeySchema } from './messages';
import type { QueueNames } from './names';

export interface QueueBacklog {
  waiting: number;
  oldest: { runId: string; nodeId: string; since: Date } | null;
}

export async function readBacklog(queue: Queue): Promise<QueueBacklog> {
  const [waiting, [oldest]] = await Promise.all([queue.getWaitingCount(), queue.getWaiting(0, 0)]);
  const key = attemptKeySchema.safeParse(oldest?.data);
  return { waiting, oldest: oldest !== undefined && key.success ? { runId: key.data.runId, nodeId: key.data.nodeId, since: new Date(oldest.timestamp) } : null };
}

const holder = globalThis as unknown as { __masteryBacklogQueues?: Map<string, Queue> };

/** This process's read-only handle on the queue (one connection per queue, kept across hot reloads). */
export function backlogReader(redisUrl: string, names: QueueNames): () => Promise<QueueBacklog> {
  const queues = (holder.__masteryBacklogQueues ??= new Map());
  const key = `${redisUrl} ${names.prefix}`;
  let queue = queues.get(key);
  if (queue === undefined) {
    // Fails at once rather than waiting for a Redis that is away: the page says so instead of hanging.
    queue = new Queue(names.queue, { prefix: names.prefix, connection: { url: redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false } });
    queue.on('error', () => undefined);
    queues.set(key, queue);
  }
  const reader = queue;
  return () => readBacklog(reader);
}
