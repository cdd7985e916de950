/**
 * A small pool of sandbox worker threads. Scripts run off the main thread, so a runaway one cannot stop
 * the server; the wall-clock limit is enforced from here by terminating the worker, because QuickJS's own
 * interrupt handler is not consulted during some long operations (an allocation loop took 25 s to fail
 * in-guest). A terminated or damaged worker is replaced on demand. Waiting jobs are served fairly
 * between teams (fair-queue.ts).
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { GUEST_WORKER_SOURCE } from './guest-worker-source';
import { SandboxError } from './errors';
import { ANONYMOUS, FairQueue, type JobRequester } from './fair-queue';

export interface SandboxJob {
  code: string;
  inputJson: string;
  /** In-guest deadline; the worker is terminated at this plus `graceMs`. */
  timeoutMs: number;
  memoryBytes: number;
}

const replySchema = z.discriminatedUnion('kind', [
  z.object({ id: z.number(), kind: z.literal('ok'), json: z.string() }),
  z.object({ id: z.number(), kind: z.literal('error'), message: z.string(), recycle: z.boolean().optional() }),
]);
type Reply = z.infer<typeof replySchema>;
/** Sent as the guest begins a job: the wall-clock limit counts from here, not from a cold worker's start-up. */
const startedSchema = z.object({ id: z.number(), kind: z.literal('started') });
/** A worker that has not begun the job by then (loading QuickJS on a starved machine) is given up. */
const START_LIMIT_MS = 30_000;

interface Pending {
  job: SandboxJob;
  team: string;
  signal: AbortSignal | undefined;
  resolve(reply: Reply): void;
  reject(error: unknown): void;
  /** Removes the listener that drops the job while it waits. */
  stopWaiting(): void;
}

export interface PoolOptions {
  size: number;
  /** Extra wall-clock time past the in-guest deadline before the worker is killed. */
  graceMs: number;
}

export class SandboxPool {
  private readonly idle: Worker[] = [];
  private busy = 0;
  // Waiting jobs per team and run, so one team's backlog cannot hold up another's jobs.
  private readonly waiting = new FairQueue<Pending>();
  private readonly slotsHeld = new Map<string, number>();
  private nextId = 1;

  constructor(private readonly options: PoolOptions = { size: 2, graceMs: 250 }) {}

  /**
   * Runs a job when its requester's turn comes. When the requester's signal aborts, a waiting job is
   * dropped without running and a running one's worker is terminated; either way it rejects with the reason.
   */
  run(job: SandboxJob, requester: JobRequester = ANONYMOUS): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const { signal } = requester;
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      const onAbortWhileWaiting = (): void => {
        if (unqueue()) reject(signal?.reason);
      };
      const stopWaiting = (): void => signal?.removeEventListener('abort', onAbortWhileWaiting);
      const unqueue = this.waiting.push(requester, { job, team: requester.team, signal, resolve, reject, stopWaiting });
      signal?.addEventListener('abort', onAbortWhileWaiting, { once: true });
      this.pump();
    });
  }

  /** Stops every idle worker (tests, shutdown). Running jobs finish or time out as usual. */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private pump(): void {
    while (this.busy < this.options.size) {
      const next = this.waiting.shift((team) => this.slotsHeld.get(team) ?? 0);
      if (next === undefined) return;
      const pending = next.item;
      pending.stopWaiting();
      this.busy += 1;
      this.slotsHeld.set(pending.team, (this.slotsHeld.get(pending.team) ?? 0) + 1);
      this.dispatch(pending, this.idle.pop() ?? spawn());
    }
  }

  private release(team: string): void {
    this.busy -= 1;
    const held = (this.slotsHeld.get(team) ?? 1) - 1;
    if (held === 0) this.slotsHeld.delete(team);
    else this.slotsHeld.set(team, held);
  }

  private dispatch(pending: Pending, worker: Worker): void {
    const id = this.nextId++;
    let isSettled = false;
    const finish = (keepWorker: boolean, settle: () => void): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      pending.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (keepWorker) this.idle.push(worker);
      // A killed worker is not awaited: termination is asynchronous and the next job gets a new one.
      else void worker.terminate();
      this.release(pending.team);
      settle();
      this.pump();
    };
    const onMessage = (message: unknown): void => {
      if (startedSchema.safeParse(message).data?.id === id) {
        clearTimeout(timer);
        timer = setTimeout(onTimeout, pending.job.timeoutMs + this.options.graceMs);
        return;
      }
      const reply = replySchema.safeParse(message);
      if (!reply.success || reply.data.id !== id) {
        finish(false, () => pending.reject(new SandboxError('CODE_FAILED', 'the sandbox answered with an unexpected message')));
        return;
      }
      const data = reply.data;
      finish(data.kind === 'ok' || data.recycle !== true, () => pending.resolve(data));
    };
    const onError = (error: Error): void => {
      const isOom = 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(false, () => pending.reject(new SandboxError(isOom ? 'SANDBOX_MEMORY' : 'CODE_FAILED', `the sandbox crashed: ${error.message}`)));
    };
    const onExit = (exitCode: number): void => {
      finish(false, () => pending.reject(new SandboxError('CODE_FAILED', `the sandbox stopped unexpectedly (exit code ${exitCode})`)));
    };
    const onAbort = (): void => finish(false, () => pending.reject(pending.signal?.reason));
    const onTimeout = (): void => {
      finish(false, () => pending.reject(new SandboxError('SANDBOX_TIMEOUT', `code ran longer than ${pending.job.timeoutMs} ms and was stopped`)));
    };
    let timer = setTimeout(() => {
      finish(false, () => pending.reject(new SandboxError('SANDBOX_TIMEOUT', `the sandbox did not start within ${START_LIMIT_MS} ms`)));
    }, START_LIMIT_MS);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    pending.signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage({ id, ...pending.job });
  }
}

function spawn(): Worker {
  const worker = new Worker(GUEST_WORKER_SOURCE, {
    eval: true,
    // The guest's memory is limited inside QuickJS; this bounds the worker's own JS heap as a backstop.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  });
  // An idle worker must not keep a script or test process alive.
  worker.unref();
  return worker;
}
