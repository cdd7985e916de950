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

const holder = globalThis as unknown as { __masteryBacklogQueue?: Queue };

/** This process's read-only handle on the queue (one connection, kept across hot reloads). */
export function backlogReader(redisUrl: string, names: QueueNames): () => Promise<QueueBacklog> {
  // Fails at once rather than waiting for a Redis that is away: the page says so instead of hanging.
  holder.__masteryBacklogQueue ??= new Queue(names.queue, { prefix: names.prefix, connection: { url: redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false } });
  const queue = holder.__masteryBacklogQueue;
  queue.on('error', () => undefined);
  return () => readBacklog(queue);
}
