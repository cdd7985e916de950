/**
 * The Dispatcher of queue mode, in the process that drives runs. The engine calls it once the attempt's
 * RUNNING row is committed, so the queue never holds an attempt with effects the database does not (an
 * effect-free step's job may go as its row is handed to the store: see Dispatcher.startsEffectFreeEarly).
 * The job (with its resolved config and inputs) goes on the BullMQ queue, and a worker claims it in the
 * database, runs it and reports it (step-worker.ts). The outcome arrives on a Redis channel, and from the
 * table too (every `pollMs`), so a lost message only delays it. A job no worker claimed in time is put on the queue again
 * from here (a Redis that was down or lost its data delays steps and loses none). A worker that died
 * leaves a lease that runs out: the attempt comes back `interrupted`, and the engine runs the step again
 * as a new attempt marked resumed.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Dispatcher, Logger, StepHooks, StepJob, StepOutcome } from '@/server/engine/ports';
import { noopLogger } from '@/server/engine/ports';
import { MAX_PROCESS_CRASHES } from '@/server/engine/process-crashes';
import { toStepError } from '@/server/engine/step-executor';
import { cancelDispatch, settledDispatches, unclaimedDispatches, type SettledDispatch } from './dispatch-sql';
import { attemptResultSchema, outcomeMessageSchema, toAttemptResult, type AttemptResult } from './messages';
import { jobIdOf, keyText, type AttemptKey, type QueueNames } from './names';
import { jobData } from './step-job';

export interface QueueDispatcherOptions {
  db: PrismaClient;
  redisUrl: string;
  names: QueueNames;
  logger?: Logger;
  /** How often the table is read for outcomes and expired leases. */
  pollMs?: number;
  /** An attempt no worker claimed for this long is put on the queue again (BullMQ keeps one job per id). */
  resendAfterMs?: number;
}

interface Pending {
  key: AttemptKey;
  job: StepJob;
  hooks: StepHooks;
  /** When it was last put on the queue (or tried to be): the relay sends it again after `resendAfterMs`. */
  sentAt: number;
  resolve(outcome: StepOutcome): void;
  /** Listens to the attempt's signal until it is settled (a long run's signal would keep every job alive). */
  signal: AbortSignal;
  onAbort(): void;
}

/** Job options: one delivery per add (a failed claim is not retried by BullMQ: the relay sends again). */
const JOB_OPTIONS = { attempts: 1, removeOnComplete: true, removeOnFail: true } as const;

export class QueueDispatcher implements Dispatcher {
  readonly startsEffectFreeEarly = true;
  readonly queue: Queue;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private readonly pending = new Map<string, Pending>();
  /** Attempts dispatched in this turn, not yet on the queue (see `dispatch`). */
  private unsent: Pending[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly logger: Logger;
  private isPolling = false;

  constructor(private readonly options: QueueDispatcherOptions) {
    this.logger = options.logger ?? noopLogger;
    // While Redis is away an add fails after one retry: the attempt stays in the table for the relay.
    this.queue = new Queue(options.names.queue, { prefix: options.names.prefix, connection: { url: options.redisUrl, maxRetriesPerRequest: 1 } });
    this.queue.on('error', () => undefined);
    this.publisher = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.publisher.on('error', () => undefined);
    this.subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    this.subscriber.subscribe(options.names.outcomes).catch(() => undefined);
    this.subscriber.on('message', (_channel, text) => this.onMessage(text));
    this.timers.push(setInterval(() => void this.poll(), options.pollMs ?? 500));
    this.timers.push(setInterval(() => void this.resend(), Math.max(1000, (options.resendAfterMs ?? 5000) / 2)));
  }

  dispatch(job: StepJob, hooks: StepHooks): Promise<StepOutcome> {
    const key: AttemptKey = { runId: job.runId, nodeId: job.nodeId, attempt: job.attempt };
    const text = keyText(key);
    return new Promise<StepOutcome>((resolve) => {
      const entry: Pending = { key, job, hooks, sentAt: Date.now(), resolve, signal: hooks.signal, onAbort: () => this.abandon(text, entry) };
      this.pending.set(text, entry);
      hooks.signal.addEventListener('abort', entry.onAbort, { once: true });
      // The steps that commits stored together start together: their jobs go to Redis in one write once
      // the current work is done (nextTick: no turn of the event loop is waited for).
      if (this.unsent.length === 0) process.nextTick(() => void this.send(this.unsent.splice(0)));
      this.unsent.push(entry);
    });
  }

  /** Attempts handed out and not yet back. */
  get inFlight(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.subscriber.disconnect();
    this.publisher.disconnect();
    await this.queue.close().catch(() => undefined);
  }

  /** Puts attempts on the queue; while Redis is away this fails and the relay tries again later. */
  private async send(entries: readonly Pending[]): Promise<void> {
    if (entries.length === 0) return;
    const now = Date.now();
    for (const entry of entries) entry.sentAt = now;
    const jobs = entries.map((entry) => ({ name: 'step', data: jobData(entry.job), opts: { ...JOB_OPTIONS, jobId: jobIdOf(entry.key) } }));
    await (jobs.length === 1 && jobs[0] !== undefined ? this.queue.add(jobs[0].name, jobs[0].data, jobs[0].opts) : this.queue.addBulk(jobs)).catch((error: unknown) =>
      this.logger.debug('queue: could not send yet', { error: String(error) }),
    );
  }

  private settle(text: string, outcome: StepOutcome, usage: AttemptResult['usage'] = []): void {
    const entry = this.pending.get(text);
    if (entry === undefined) return;
    this.pending.delete(text);
    entry.signal.removeEventListener('abort', entry.onAbort);
    for (const report of usage) entry.hooks.onUsage(report);
    entry.resolve(outcome);
  }

  /** The engine stopped waiting (cancel, timeout): nobody should run it now, and a worker running it stops. */
  private abandon(text: string, entry: Pending): void {
    if (!this.pending.has(text)) return;
    this.settle(text, { kind: 'failed', error: toStepError(entry.hooks.signal.reason, entry.job) });
    void cancelDispatch(this.options.db, entry.key)
      .then(() => this.publisher.publish(this.options.names.aborts, JSON.stringify(entry.key)))
      .catch(() => undefined);
  }

  private onMessage(text: string): void {
    let message;
    try {
      message = outcomeMessageSchema.parse(JSON.parse(text));
    } catch {
      return;
    }
    this.settle(keyText(message), message.result.outcome as StepOutcome, toAttemptResult(message.result).usage);
  }

  private async poll(): Promise<void> {
    if (this.isPolling || this.pending.size === 0) return;
    this.isPolling = true;
    try {
      const settled = await settledDispatches(this.options.db, [...this.pending.values()].map((e) => e.key));
      for (const row of settled) this.onSettled(row);
    } catch (error) {
      this.logger.warn('queue: reading outcomes failed', { error: String(error) });
    } finally {
      this.isPolling = false;
    }
  }

  private onSettled(row: SettledDispatch): void {
    const text = keyText(row);
    const entry = this.pending.get(text);
    if (entry === undefined) return;
    if (row.state === 'DONE') {
      const parsed = attemptResultSchema.safeParse(typeof row.outcome === 'string' ? JSON.parse(row.outcome) : row.outcome);
      if (!parsed.success) {
        this.settle(text, { kind: 'failed', error: toStepError(new Error('the worker stored an outcome this version cannot read'), entry.job) });
        return;
      }
      const result = toAttemptResult(parsed.data);
      this.settle(text, result.outcome, result.usage);
      return;
    }
    if (row.state === 'LOST' && row.lostCount > MAX_PROCESS_CRASHES) {
      const error = {
        code: 'PROCESS_CRASHED' as const,
        message: `Step "${row.nodeId}" was interrupted by a worker crash ${row.lostCount} times; it was not retried again`,
        retryable: false,
        nodeId: entry.job.nodeId,
        attempt: row.attempt,
      };
      this.settle(text, { kind: 'failed', error });
      return;
    }
    this.settle(text, { kind: 'interrupted', reason: row.state === 'LOST' ? 'its worker stopped answering' : 'its worker shut down' });
  }

  /** The relay: attempts no worker claimed in time go on the queue again (BullMQ keeps one job per id). */
  private async resend(): Promise<void> {
    const before = Date.now() - (this.options.resendAfterMs ?? 5000);
    const old = [...this.pending.values()].filter((entry) => entry.sentAt < before);
    if (old.length === 0) return;
    try {
      const unclaimed = new Set((await unclaimedDispatches(this.options.db, old.map((e) => e.key))).map(keyText));
      // A claim is for good (the row only moves on from CLAIMED): a claimed attempt is not looked up again.
      for (const entry of old) if (!unclaimed.has(keyText(entry.key))) entry.sentAt = Number.POSITIVE_INFINITY;
      await this.send(old.filter((entry) => unclaimed.has(keyText(entry.key)) && this.pending.get(keyText(entry.key)) === entry));
    } catch (error) {
      this.logger.debug('queue: relay could not read claims', { error: String(error) });
    }
  }
}
