/**
 * A small pool of child processes running one source (expression-child-source.ts), one job at a time
 * each. A child is started with a bounded heap and below the server's CPU priority, killed with SIGKILL
 * when a job passes its wall-clock limit, and replaced on demand; a child that dies fails only its job.
 * Idle children keep no process alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';

export interface ChildPoolOptions {
  size: number;
  /** `--max-old-space-size` of each child. */
  heapMb: number;
  /** Extra time past a job's own limit before the child is killed (its in-child deadline answers first). */
  graceMs: number;
}

/** How a job ended: the child's reply, or the child gone (killed at the limit, or died by itself). */
export type ChildOutcome =
  | { kind: 'reply'; reply: unknown }
  | { kind: 'killed' }
  | { kind: 'died'; isOutOfMemory: boolean; detail: string };

interface Pending {
  job: Record<string, unknown>;
  limitMs: number;
  resolve(outcome: ChildOutcome): void;
}

interface Child {
  process: ChildProcess;
  /** Set once the child has loaded its modules and said so: a job's clock starts only then. */
  isReady: boolean;
  /** The end of its stderr, to tell a heap exhaustion from another death. */
  stderrTail: string;
}

// Lower than the server's own priority: a runaway job then takes only CPU the server leaves unused.
const CHILD_NICENESS = 10;
const STDERR_TAIL = 4_096;
const OUT_OF_MEMORY = /out of memory|invalid size|allocation failed|invalid array length|invalid string length/i;

export class ChildPool {
  /** Every live child: starting, idle or running. */
  private readonly children = new Set<Child>();
  private readonly idle: Child[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(
    private readonly source: string,
    private readonly options: ChildPoolOptions,
  ) {}

  /** Runs one job; the child is killed once `limitMs + graceMs` pass without a reply. Never rejects. */
  run(job: Record<string, unknown>, limitMs: number): Promise<ChildOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ job, limitMs, resolve });
      this.pump();
    });
  }

  /** Kills every child (tests, benchmarks, shutdown); queued and running jobs end as killed. */
  close(): void {
    for (const pending of this.queue.splice(0)) pending.resolve({ kind: 'killed' });
    for (const child of this.children) child.process.kill('SIGKILL');
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const child = this.idle.pop();
      if (child === undefined) break;
      const pending = this.queue.shift();
      if (pending !== undefined) this.dispatch(child, pending);
    }
    // Children still starting will take the jobs already waiting for them.
    const starting = [...this.children].filter((child) => !child.isReady).length;
    let missing = Math.min(this.queue.length - starting, this.options.size - this.children.size);
    for (; missing > 0; missing -= 1) this.spawn();
  }

  private dispatch(child: Child, pending: Pending): void {
    const id = this.nextId++;
    const proc = child.process;
    let isSettled = false;
    const finish = (outcome: ChildOutcome, isReusable: boolean): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      proc.off('message', onMessage).off('close', onClose);
      if (isReusable) this.idle.push(child);
      else this.drop(child);
      pending.resolve(outcome);
      this.pump();
    };
    const onMessage = (message: unknown): void => {
      const isOurs = typeof message === 'object' && message !== null && Reflect.get(message, 'id') === id;
      finish({ kind: 'reply', reply: message }, isOurs);
    };
    // `close`, not `exit`: by then stderr has been read, which tells a heap exhaustion apart.
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish({ kind: 'died', isOutOfMemory: OUT_OF_MEMORY.test(child.stderrTail), detail: exitDetail(code, signal) }, false);
    };
    // This timer is also what keeps the process alive while the job runs: the child and its pipes are unref'd.
    const timer = setTimeout(() => finish({ kind: 'killed' }, false), pending.limitMs + this.options.graceMs);
    proc.on('message', onMessage).on('close', onClose);
    const onSendError = (error: unknown): void => {
      finish({ kind: 'died', isOutOfMemory: false, detail: error instanceof Error ? error.message : String(error) }, false);
    };
    try {
      proc.send({ ...pending.job, id }, (error) => {
        if (error !== null) onSendError(error);
      });
    } catch (error) {
      // Data the channel cannot carry: the job fails, the child goes (its channel may hold half a message).
      onSendError(error);
    }
  }

  private drop(child: Child): void {
    this.children.delete(child);
    const at = this.idle.indexOf(child);
    if (at !== -1) this.idle.splice(at, 1);
    child.process.kill('SIGKILL');
  }

  private spawn(): void {
    const proc = spawn(process.execPath, [`--max-old-space-size=${this.options.heapMb}`, '-e', this.source], {
      // Nothing of the server's environment (database URL, keys) reaches a child.
      env: { NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const child: Child = { process: proc, isReady: false, stderrTail: '' };
    this.children.add(child);
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      child.stderrTail = (child.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    proc.once('message', () => {
      child.isReady = true;
      // Until now the channel kept the process alive for the jobs waiting on this child; from here a job's timer does.
      proc.channel?.unref();
      this.idle.push(child);
      this.pump();
    });
    proc.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      this.drop(child);
      // A child that could not even start (its modules missing) fails the oldest waiting job, so the
      // failure is seen rather than waited on forever; the next job tries a new child.
      if (!child.isReady) this.queue.shift()?.resolve({ kind: 'died', isOutOfMemory: false, detail: `it could not start (${exitDetail(code, signal)}): ${child.stderrTail.slice(-500)}` });
      this.pump();
    });
    // A failed spawn also ends in `close`.
    proc.on('error', () => proc.kill('SIGKILL'));
    if (proc.pid !== undefined) {
      try {
        setPriority(proc.pid, CHILD_NICENESS);
      } catch {
        // Some systems refuse priority changes; the child then runs at the server's priority, still bounded in time.
      }
    }
    proc.unref();
    unrefStream(proc.stderr);
  }
}

function exitDetail(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
}

function unrefStream(stream: unknown): void {
  const unref: unknown = typeof stream === 'object' && stream !== null ? Reflect.get(stream, 'unref') : undefined;
  if (typeof unref === 'function') unref.call(stream);
}
