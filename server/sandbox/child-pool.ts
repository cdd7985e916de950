/**
 * A small pool of child processes running one source (expression-child-source.ts), one job at a time
 * each, reached through a broker process (pool-broker-source.ts) that starts, times and kills them. A
 * child has a bounded heap and runs below the server's CPU priority; it is killed with SIGKILL when a job
 * passes its wall-clock limit and replaced on demand; a child that dies fails only its job. The server
 * forks only the broker, once: forking the server itself per child stalled its event loop.
 *
 * Waiting jobs are queued here per team and run (fair-queue.ts), so one team's backlog cannot hold up
 * another's jobs; a job whose requester's signal aborts is dropped, or its child killed if it runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { ANONYMOUS, FairQueue, type JobRequester } from './fair-queue';
import { POOL_BROKER_SOURCE } from './pool-broker-source';

export interface ChildPoolOptions {
  size: number;
  /** `--max-old-space-size` of each child. */
  heapMb: number;
  /** Extra time past a job's own limit before the child is killed (its in-child deadline answers first). */
  graceMs: number;
}

const outcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), reply: z.unknown() }),
  z.object({ kind: z.literal('killed') }),
  z.object({ kind: z.literal('died'), isOutOfMemory: z.boolean(), detail: z.string() }),
]);

/**
 * How a job ended: the child's reply, the child gone (killed at the limit, or died by itself), or the
 * requester's signal aborted (before the job ran, or while it ran: its child was then killed).
 */
export type ChildOutcome = z.infer<typeof outcomeSchema> | { kind: 'aborted' };

const brokerMessageSchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ warmed: z.number() }),
  z.object({ id: z.number(), outcome: outcomeSchema }),
]);

interface Job {
  id: number;
  job: Record<string, unknown>;
  limitMs: number;
  requester: JobRequester;
  resolve(outcome: ChildOutcome): void;
  /** Takes it out of the waiting queue; false once it was sent. */
  unqueue(): boolean;
  onAbort(): void;
}

export class ChildPool {
  private broker: Promise<ChildProcess> | undefined;
  private brokerProc: ChildProcess | undefined;
  // Only `size` jobs are handed to the broker at a time: the order of the rest is decided here, fairly.
  private readonly waiting = new FairQueue<Job>();
  private readonly sent = new Map<number, Job>();
  private readonly slotsHeld = new Map<string, number>();
  private warmWaiters: Array<(ready: number) => void> = [];
  private nextId = 1;

  constructor(
    private readonly childSource: string,
    private readonly options: ChildPoolOptions,
  ) {}

  /**
   * Runs one job when its turn comes; its child is killed once `limitMs + graceMs` pass without a reply.
   * Never rejects; ends `aborted` as soon as the requester's signal aborts.
   */
  run(job: Record<string, unknown>, limitMs: number, requester: JobRequester = ANONYMOUS): Promise<ChildOutcome> {
    return new Promise((resolve) => {
      const { signal } = requester;
      if (signal?.aborted === true) {
        resolve({ kind: 'aborted' });
        return;
      }
      const entry: Job = {
        id: this.nextId++,
        job,
        limitMs,
        requester,
        resolve: (outcome) => {
          signal?.removeEventListener('abort', entry.onAbort);
          resolve(outcome);
        },
        unqueue: () => false,
        onAbort: () => {
          entry.resolve({ kind: 'aborted' });
          // Queued: gone without running. Sent: its child is killed, and the slot frees when the broker answers.
          if (!entry.unqueue()) this.cancel(entry.id);
        },
      };
      entry.unqueue = this.waiting.push(requester, entry);
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.pump();
    });
  }

  private pump(): void {
    while (this.sent.size < this.options.size) {
      const next = this.waiting.shift((team) => this.slotsHeld.get(team) ?? 0);
      if (next === undefined) return;
      this.send(next.item);
    }
  }

  private send(entry: Job): void {
    const { team } = entry.requester;
    this.sent.set(entry.id, entry);
    this.slotsHeld.set(team, (this.slotsHeld.get(team) ?? 0) + 1);
    const failed = (error: unknown) => this.settle(entry.id, { kind: 'died', isOutOfMemory: false, detail: describe(error) });
    this.brokerProcess().then((broker) => {
      if (!this.sent.has(entry.id)) return; // aborted or closed meanwhile
      // While jobs are out, the broker's channel keeps this process alive to hear their answers.
      broker.channel?.ref();
      try {
        broker.send({ id: entry.id, job: entry.job, limitMs: entry.limitMs }, (error) => {
          if (error !== null) failed(error);
        });
      } catch (error) {
        failed(error); // data the channel cannot carry
      }
    }, failed);
  }

  private cancel(id: number): void {
    void this.broker?.then((broker) => {
      if (broker.connected) broker.send({ kind: 'cancel', id });
    }, () => undefined);
  }

  /**
   * Starts the broker and its children before any job needs them (a child takes most of a second to
   * start); resolves with how many children are ready, or 0 if the broker could not start.
   */
  warmUp(): Promise<number> {
    return new Promise((resolve) => {
      this.brokerProcess().then((broker) => {
        this.warmWaiters.push(resolve);
        broker.send({ kind: 'warm' }, (error) => {
          if (error !== null) this.answerWarm(0);
        });
      }, () => resolve(0));
    });
  }

  /** Stops the broker and every child (tests, benchmarks); jobs still out end as killed. */
  close(): void {
    const proc = this.brokerProc;
    this.broker = undefined;
    this.brokerProc = undefined;
    // The broker kills its children when the channel closes.
    if (proc?.connected === true) proc.disconnect();
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) next.item.resolve({ kind: 'killed' });
    for (const id of [...this.sent.keys()]) this.settle(id, { kind: 'killed' });
  }

  /** A sent job ended: its slot frees, and its requester hears the outcome unless it already gave up. */
  private settle(id: number, outcome: ChildOutcome): void {
    const entry = this.sent.get(id);
    if (entry === undefined) return;
    this.sent.delete(id);
    const { team } = entry.requester;
    const held = (this.slotsHeld.get(team) ?? 1) - 1;
    if (held === 0) this.slotsHeld.delete(team);
    else this.slotsHeld.set(team, held);
    entry.resolve(outcome);
    this.pump();
    if (this.sent.size === 0) void this.broker?.then((proc) => proc.channel?.unref(), () => undefined);
  }

  private answerWarm(ready: number): void {
    const waiters = this.warmWaiters;
    this.warmWaiters = [];
    for (const resolve of waiters) resolve(ready);
    if (this.sent.size === 0) void this.broker?.then((proc) => proc.channel?.unref(), () => undefined);
  }

  private brokerProcess(): Promise<ChildProcess> {
    this.broker ??= this.startBroker();
    return this.broker;
  }

  private startBroker(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['-e', POOL_BROKER_SOURCE], {
        // Nothing of the server's environment (database URL, keys) reaches the broker or its children.
        env: { NODE_ENV: 'production' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
      this.brokerProc = proc;
      proc.unref();
      proc.on('message', (message: unknown) => {
        const parsed = brokerMessageSchema.safeParse(message);
        if (!parsed.success) return;
        if ('ready' in parsed.data) resolve(proc);
        else if ('warmed' in parsed.data) this.answerWarm(parsed.data.warmed);
        else this.settle(parsed.data.id, parsed.data.outcome);
      });
      proc.on('error', reject);
      proc.on('exit', (code, signal) => {
        const detail = `the pool broker stopped (${signal === null ? `exit code ${String(code)}` : `signal ${signal}`})`;
        reject(new Error(detail));
        if (this.brokerProc !== proc) return; // closed already
        this.broker = undefined;
        this.brokerProc = undefined;
        for (const id of [...this.sent.keys()]) this.settle(id, { kind: 'died', isOutOfMemory: false, detail });
        this.answerWarm(0);
      });
      proc.send({ kind: 'config', childSource: this.childSource, ...this.options });
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
