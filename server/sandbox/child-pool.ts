/**
 * A small pool of child processes running one source (expression-child-source.ts), one job at a time
 * each, reached through a broker process (pool-broker-source.ts) that starts, times and kills them. A
 * child has a bounded heap and runs below the server's CPU priority; it is killed with SIGKILL when a job
 * passes its wall-clock limit and replaced on demand; a child that dies fails only its job. The server
 * forks only the broker, once: forking the server itself per child stalled its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
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

/** How a job ended: the child's reply, or the child gone (killed at the limit, or died by itself). */
export type ChildOutcome = z.infer<typeof outcomeSchema>;

const brokerMessageSchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ warmed: z.number() }),
  z.object({ id: z.number(), outcome: outcomeSchema }),
]);

export class ChildPool {
  private broker: Promise<ChildProcess> | undefined;
  private brokerProc: ChildProcess | undefined;
  private readonly pending = new Map<number, (outcome: ChildOutcome) => void>();
  private warmWaiters: Array<(ready: number) => void> = [];
  private nextId = 1;

  constructor(
    private readonly childSource: string,
    private readonly options: ChildPoolOptions,
  ) {}

  /** Runs one job; its child is killed once `limitMs + graceMs` pass without a reply. Never rejects. */
  run(job: Record<string, unknown>, limitMs: number): Promise<ChildOutcome> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      const failed = (error: unknown) => this.settle(id, { kind: 'died', isOutOfMemory: false, detail: describe(error) });
      this.brokerProcess().then((broker) => {
        // While jobs are out, the broker's channel keeps this process alive to hear their answers.
        broker.channel?.ref();
        try {
          broker.send({ id, job, limitMs }, (error) => {
            if (error !== null) failed(error);
          });
        } catch (error) {
          failed(error); // data the channel cannot carry
        }
      }, failed);
    });
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
    for (const id of [...this.pending.keys()]) this.settle(id, { kind: 'killed' });
  }

  private settle(id: number, outcome: ChildOutcome): void {
    const resolve = this.pending.get(id);
    if (resolve === undefined) return;
    this.pending.delete(id);
    if (this.pending.size === 0) void this.broker?.then((proc) => proc.channel?.unref(), () => undefined);
    resolve(outcome);
  }

  private answerWarm(ready: number): void {
    const waiters = this.warmWaiters;
    this.warmWaiters = [];
    for (const resolve of waiters) resolve(ready);
    if (this.pending.size === 0) void this.broker?.then((proc) => proc.channel?.unref(), () => undefined);
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
        for (const id of [...this.pending.keys()]) this.settle(id, { kind: 'died', isOutOfMemory: false, detail });
        this.answerWarm(0);
      });
      proc.send({ kind: 'config', childSource: this.childSource, ...this.options });
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
