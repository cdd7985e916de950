/**
 * Cancels and approval decisions for a run another process drives (queue mode): sent to that process on
 * a Redis channel, which applies them with its own engine and answers on another. Only the driver
 * changes a run, so a request that reached any web process still has one writer.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Engine, WaitDecision } from '@/server/engine/engine';
import type { RunId } from '@/server/engine/graph';
import { AppError, type AppErrorCode } from '@/server/errors';
import { decisionSchema } from './messages';

const commandSchema = z.object({
  id: z.string(),
  to: z.string(),
  runId: z.string().min(1),
  command: z.discriminatedUnion('op', [
    z.object({ op: z.literal('cancel'), reason: z.string() }),
    z.object({ op: z.literal('resolveWaiting'), nodeId: z.string().min(1), decision: decisionSchema }),
  ]),
});

const replySchema = z.object({ id: z.string(), error: z.object({ code: z.string().optional(), message: z.string() }).optional() });

export type RunCommand = { op: 'cancel'; reason: string } | { op: 'resolveWaiting'; nodeId: string; decision: WaitDecision };

export interface RunCommandsOptions {
  redisUrl: string;
  /** Channel prefix (QUEUE_PREFIX). */
  prefix: string;
  /** This process's driver id: commands addressed to it are applied here. */
  driverId: string;
  /** The engine commands are applied with (the process's own, which drives the run). */
  engine(): Engine;
  timeoutMs?: number;
}

export class RunCommands {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly waiting = new Map<string, (reply: z.output<typeof replySchema>) => void>();
  private readonly ready: Promise<unknown>;

  constructor(private readonly options: RunCommandsOptions) {
    this.publisher = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
    this.publisher.on('error', () => undefined);
    this.subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    this.ready = this.subscriber.subscribe(this.channel('commands'), this.channel('replies')).catch(() => undefined);
    this.subscriber.on('message', (channel, text) => void this.receive(channel, text));
  }

  /** Applies the command on the process driving the run; rejects with its error, or when it does not answer. */
  async send(driverId: string, runId: RunId, command: RunCommand): Promise<void> {
    await this.ready;
    const id = randomUUID();
    const replied = new Promise<z.output<typeof replySchema>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new AppError('CONFLICT', `Run "${runId}" is driven by another process that did not answer; try again`));
      }, this.options.timeoutMs ?? 10_000);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
    await this.publisher.publish(this.channel('commands'), JSON.stringify({ id, to: driverId, runId, command }));
    const reply = await replied;
    if (reply.error === undefined) return;
    // The codes come from our own engine on the other side, as the outcomes' do (messages.ts).
    throw reply.error.code === undefined ? new Error(reply.error.message) : new AppError(reply.error.code as AppErrorCode, reply.error.message);
  }

  close(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private channel(kind: 'commands' | 'replies'): string {
    return `${this.options.prefix}:run-${kind}`;
  }

  private async receive(channel: string, text: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (channel === this.channel('replies')) {
      const reply = replySchema.safeParse(parsed);
      if (reply.success) this.waiting.get(reply.data.id)?.(reply.data);
      return;
    }
    const message = commandSchema.safeParse(parsed);
    if (!message.success || message.data.to !== this.options.driverId) return;
    const { id, runId, command } = message.data;
    let error: { code?: string; message: string } | undefined;
    try {
      const engine = this.options.engine();
      if (command.op === 'cancel') await engine.cancel(runId as RunId, command.reason);
      else await engine.resolveWaiting(runId as RunId, command.nodeId, command.decision as WaitDecision);
    } catch (thrown) {
      error = thrown instanceof AppError ? { code: thrown.code, message: thrown.message } : { message: String(thrown) };
    }
    await this.publisher.publish(this.channel('replies'), JSON.stringify({ id, error })).catch(() => undefined);
  }
}
