/**
 * The run event bus across processes: events published here reach this process's subscribers at once
 * (as the in-memory bus does) and every other process through one Redis pub/sub channel. One publisher
 * connection keeps a process's events in publish order; each run's events come from the one process
 * driving it. A watcher that missed live events (Redis restarting) catches up from the stored events by
 * sequence number when it reconnects, as it does today (server/runs/watch.ts).
 *
 * Events go to Redis once per turn of the event loop, in one message: a run's commit publishes its events
 * before it dispatches the steps it started, and those steps' jobs should not wait behind them; runs that
 * commit together share a message. A process skips its own messages unread.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { RunId } from '@/server/engine/graph';
import type { EventBus, LiveEvent, Logger } from '@/server/engine/ports';
import { noopLogger } from '@/server/engine/ports';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';

const messageSchema = z.object({
  origin: z.string(),
  events: z.array(z.looseObject({ type: z.string(), runId: z.string() })),
});

export interface RedisEventBusOptions {
  redisUrl: string;
  channel: string;
  /** False for processes that only publish (workers): they receive nothing. */
  listen: boolean;
  logger?: Logger;
}

export class RedisEventBus implements EventBus {
  private readonly local = new MemoryEventBus();
  private readonly origin = randomUUID();
  /** How this process's messages begin (JSON.stringify writes `origin` first). */
  private readonly ownPrefix = `{"origin":"${this.origin}"`;
  private outgoing: LiveEvent[] = [];
  private readonly publisher: Redis;
  private readonly subscriber: Redis | undefined;

  constructor(private readonly options: RedisEventBusOptions) {
    const logger = options.logger ?? noopLogger;
    // Live events are worth nothing late: while Redis is away they are dropped, not queued up in memory.
    this.publisher = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.publisher.on('error', () => undefined);
    if (options.listen) {
      this.subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
      this.subscriber.on('error', () => undefined);
      this.subscriber.subscribe(options.channel).catch((error: unknown) => logger.warn('run events: subscribing failed', { error: String(error) }));
      this.subscriber.on('message', (_channel, text) => this.receive(text));
    }
  }

  publish(events: readonly LiveEvent[]): void {
    if (events.length === 0) return;
    this.local.publish(events);
    if (this.publisher.status !== 'ready') return;
    if (this.outgoing.length === 0) setImmediate(() => this.send());
    for (const event of events) this.outgoing.push(event);
  }

  subscribe(runId: RunId, listener: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(runId, listener);
  }

  async close(): Promise<void> {
    this.outgoing = [];
    this.publisher.disconnect();
    this.subscriber?.disconnect();
  }

  private send(): void {
    const events = this.outgoing;
    this.outgoing = [];
    if (events.length === 0 || this.publisher.status !== 'ready') return;
    this.publisher.publish(this.options.channel, JSON.stringify({ origin: this.origin, events })).catch(() => undefined);
  }

  private receive(text: string): void {
    if (text.startsWith(this.ownPrefix)) return;
    let parsed: z.output<typeof messageSchema>;
    try {
      parsed = messageSchema.parse(JSON.parse(text));
    } catch {
      return; // not ours, or another version's: nothing a watcher could use
    }
    if (parsed.origin === this.origin) return;
    this.local.publish(parsed.events as unknown as LiveEvent[]);
  }
}
