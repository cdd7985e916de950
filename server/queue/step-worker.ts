/**
 * A queue worker: takes attempts off the BullMQ queue, claims each in the database (a job whose attempt
 * was claimed already, ended, or superseded is dropped: a duplicate delivery runs nothing), runs it with
 * the same step executor as the in-process dispatcher, renews its leases while it runs, and stores and
 * announces the outcome. `stop()` (SIGTERM) finishes what runs within the grace period and hands the
 * rest back, to run again elsewhere as resumed attempts.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { EventBus, Logger, StepHooks, StepOutcome, UsageReport } from '@/server/engine/ports';
import { noopLogger } from '@/server/engine/ports';
import { executeStep, type StepExecutorDeps } from '@/server/engine/step-executor';
import { claimDispatch, finishDispatch, handBack, heartbeat } from './dispatch-sql';
import { attemptKeySchema } from './messages';
import { keyText, type AttemptKey, type QueueNames } from './names';
import { parseJobData } from './step-job';

export interface StepWorkerOptions {
  db: PrismaClient;
  redisUrl: string;
  names: QueueNames;
  executor: StepExecutorDeps;
  /** Where LLM token deltas go (the Redis event bus, to the browsers watching). */
  events: EventBus;
  concurrency: number;
  /** A running attempt whose worker has not renewed its lease for this long is given up as lost. */
  leaseMs: number;
  logger?: Logger;
}

export type JobResult = 'ran' | 'dropped';

export class StepWorker {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private worker: Worker | undefined;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private readonly running = new Map<string, AbortController>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;
  /** Attempts this worker ran and dropped, for tests and the log. */
  readonly counts = { ran: 0, dropped: 0 };

  constructor(private readonly options: StepWorkerOptions) {
    this.logger = options.logger ?? noopLogger;
    this.publisher = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.publisher.on('error', () => undefined);
    this.subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
  }

  async start(): Promise<void> {
    const { db, names, concurrency } = this.options;
    await db.queueWorker.create({ data: { id: this.id, host: hostname(), pid: process.pid, concurrency } });
    this.heartbeatTimer = setInterval(() => void this.beat(), Math.max(200, Math.floor(this.options.leaseMs / 3)));
    await this.subscriber.subscribe(names.aborts).catch(() => undefined);
    this.subscriber.on('message', (_channel, text) => this.onAbort(text));
    this.worker = new Worker(names.queue, (job) => this.process(job), {
      prefix: names.prefix,
      connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
      concurrency,
      // A job whose worker died goes back on the queue after about a lease, as a claimed attempt is given up.
      lockDuration: this.options.leaseMs,
      stalledInterval: this.options.leaseMs,
    });
    this.worker.on('error', (error) => this.logger.debug('worker: queue connection', { error: String(error) }));
  }

  /** Attempts running now. */
  get activeCount(): number {
    return this.running.size;
  }

  /** Stops taking jobs; waits for running attempts up to `graceMs`, then hands back what still runs. */
  async stop(graceMs: number): Promise<void> {
    const worker = this.worker;
    if (worker !== undefined) {
      const closing = worker.close();
      const inTime = await Promise.race([closing.then(() => true), sleep(graceMs).then(() => false)]);
      if (!inTime) {
        const returned = await handBack(this.options.db, this.id).catch(() => 0);
        for (const controller of this.running.values()) controller.abort(HANDED_BACK);
        this.logger.warn(`worker: handed back ${returned} running step(s) after the grace period`);
        await worker.close(true).catch(() => undefined);
      }
    }
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    await this.options.db.queueWorker.update({ where: { id: this.id }, data: { stoppedAt: new Date(), running: 0 } }).catch(() => undefined);
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  /** One delivery of one attempt. Exported through the class for tests that deliver a job twice. */
  async process(job: Pick<Job, 'data'>): Promise<JobResult> {
    const stepJob = parseJobData(job.data);
    const key: AttemptKey = { runId: stepJob.runId, nodeId: stepJob.nodeId, attempt: stepJob.attempt };
    const text = keyText(key);
    // An effect-free step (effects: 'none') run twice changes nothing outside its run, and the engine
    // applies one outcome per attempt: it needs no claim, and its outcome is only announced. One a
    // worker's death or a lost message left without outcome is run again once BullMQ sees its job stalled
    // or the engine's relay sends it again.
    const isEffectFree = this.options.executor.registry.get(stepJob.nodeType)?.effects === 'none';
    if (!isEffectFree && !(await claimDispatch(this.options.db, key, this.id, this.options.leaseMs))) {
      this.counts.dropped += 1;
      return 'dropped';
    }
    const controller = new AbortController();
    this.running.set(text, controller);
    const usage: UsageReport[] = [];
    try {
      const hooks: StepHooks = {
        signal: controller.signal,
        onUsage: (report) => usage.push(report),
        onPartial: (chunk) => this.options.events.publish([{ type: 'step.partial', runId: stepJob.runId, nodeId: stepJob.nodeId, attempt: stepJob.attempt, chunk, at: Date.now() }]),
      };
      const executed = await executeStep(stepJob, hooks, this.options.executor);
      // Handed back: the aborted attempt's end is no outcome of the step, which runs again elsewhere at once.
      const outcome: StepOutcome = controller.signal.reason === HANDED_BACK ? { kind: 'interrupted', reason: 'its worker shut down' } : executed;
      const stored = JSON.stringify({ outcome, usage });
      const message = `${JSON.stringify(key).slice(0, -1)},"result":${stored}}`;
      // Announced while it is stored: the engine acts on the message at once, and only on an attempt it
      // still waits for (one that was lost, cancelled or replaced meanwhile is ignored there). The stored
      // outcome (kept only while this worker holds the lease) is what the engine reads if the message is lost.
      await Promise.all([
        isEffectFree || outcome.kind === 'interrupted' ? undefined : finishDispatch(this.options.db, key, this.id, stored),
        this.publisher.publish(this.options.names.outcomes, message).catch(() => undefined),
      ]);
      this.counts.ran += 1;
      return 'ran';
    } finally {
      this.running.delete(text);
    }
  }

  private async beat(): Promise<void> {
    try {
      await heartbeat(this.options.db, this.id, this.options.leaseMs, this.running.size);
    } catch (error) {
      this.logger.warn('worker: heartbeat failed', { error: String(error) });
    }
  }

  private onAbort(text: string): void {
    let key: AttemptKey;
    try {
      key = attemptKeySchema.parse(JSON.parse(text));
    } catch {
      return;
    }
    this.running.get(keyText(key))?.abort(new Error('the engine stopped waiting for this attempt'));
  }
}

const HANDED_BACK = new Error('the worker shut down');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
