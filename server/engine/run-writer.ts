/**
 * Writes one run's changes in order, durably before anything else happens:
 * stage → RunStore.commit → EventBus.publish → act on it (dispatch the steps it started, run follow-ups).
 * The exception: the attempts of effect-free steps (`Batch.startsNow`) are dispatched once their batch is
 * staged. Whatever they lead to is staged after that batch, so the store still receives the run's history
 * in order and always holds a prefix of it; a crash loses at most what running them again redoes.
 *
 * Group commit: at most one commit per run is in flight; everything staged meanwhile goes into the next
 * one. On a slow store, steps that end together share one transaction; in memory nothing waits.
 */
import type { NodeId, RunId } from './graph';
import type { Clock, EventBus, RunCommit, RunEvent, RunEventBody, RunStore, RunWrite, StepStatusEvent, StepWrite } from './ports';
import type { StepStatus } from './run-state';

/** An attempt a batch starts. */
export interface StartedAttempt {
  index: number;
  attempt: number;
  isResumed: boolean;
  inputs: Record<string, unknown>;
}

/** The changes one scheduler reaction makes, and what to do once they are stored. */
export class Batch {
  run: RunWrite | undefined;
  readonly steps: StepWrite[] = [];
  readonly events: RunEvent[] = [];
  /** Attempts dispatched once the batch is stored: their RUNNING rows are durable before they act. */
  readonly starts: StartedAttempt[] = [];
  /** Attempts of effect-free steps, dispatched as soon as the batch is staged. */
  readonly startsNow: StartedAttempt[] = [];
  /** Follow-ups once stored (rare: retry timers, idle notices); allocated on first use. */
  after: Array<() => void> | undefined;

  constructor(readonly runId: RunId) {}

  /** Nothing to store (it may still carry follow-ups, run once what was staged before it is stored). */
  get hasNoWrites(): boolean {
    return this.run === undefined && this.steps.length === 0 && this.events.length === 0;
  }

  get isEmpty(): boolean {
    return this.hasNoWrites && this.starts.length === 0 && this.startsNow.length === 0 && this.after === undefined;
  }

  onStored(callback: () => void): void {
    (this.after ??= []).push(callback);
  }

  setRun(write: RunWrite): void {
    this.run = this.run === undefined ? write : { ...this.run, ...write };
  }

  /** Adds an event; its sequence number and time are set when the batch is staged. */
  event(body: RunEventBody): void {
    this.events.push({ ...body, runId: this.runId, seq: 0, at: 0 });
  }

  /** A step's status event; the caller adds optional fields. */
  stepEvent(nodeId: NodeId, status: StepStatus, attempt: number): StepStatusEvent {
    const event: StepStatusEvent = { type: 'step.status', nodeId, status, attempt, runId: this.runId, seq: 0, at: 0 };
    this.events.push(event);
    return event;
  }
}

export interface WriterHooks {
  /** Called with the attempts a batch started: once it is stored, or once it is staged (`startsNow`). */
  onStarted(starts: readonly StartedAttempt[]): void;
  /** Called once when a commit fails: the run must stop here and be resumed from the store later. */
  onFailure(error: unknown): void;
}

export class RunWriter {
  private pending: Batch[] = [];
  private isFlushing = false;
  private failure: { error: unknown } | undefined;
  private failureWaiters: Array<(error: unknown) => void> = [];
  private seq: number;

  constructor(
    private readonly runId: RunId,
    lastSeq: number,
    private readonly deps: { store: RunStore; events: EventBus; clock: Clock },
    private readonly hooks: WriterHooks,
  ) {
    this.seq = lastSeq;
  }

  get hasFailed(): boolean {
    return this.failure !== undefined;
  }

  /** Numbers the batch's events now (staging order is commit order) and schedules the write. */
  stage(batch: Batch): void {
    if (batch.isEmpty || this.failure !== undefined) return;
    const at = this.deps.clock.now();
    for (const event of batch.events) {
      event.seq = ++this.seq;
      event.at = at;
    }
    this.pending.push(batch);
    if (!this.isFlushing) void this.flush();
    if (batch.startsNow.length > 0) this.hooks.onStarted(batch.startsNow);
  }

  /** Like `stage`, resolving once the batch is stored (and rejecting if the store fails). */
  stageAndWait(batch: Batch): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    return new Promise<void>((resolve, reject) => {
      batch.onStored(resolve);
      this.failureWaiters.push(reject);
      this.stage(batch);
    });
  }

  private async flush(): Promise<void> {
    this.isFlushing = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending;
        this.pending = [];
        const commit = merge(this.runId, group);
        // A group of follow-ups alone (an idle notice) needs no write, only its place in the order.
        if (!group.every((batch) => batch.hasNoWrites)) await this.deps.store.commit(commit);
        if (commit.events.length > 0) this.deps.events.publish(commit.events);
        for (const batch of group) {
          if (batch.starts.length > 0) this.hooks.onStarted(batch.starts);
          if (batch.after !== undefined) for (const after of batch.after) after();
        }
      }
      this.failureWaiters = [];
    } catch (error) {
      this.failure = { error };
      this.pending = [];
      for (const reject of this.failureWaiters) reject(error);
      this.failureWaiters = [];
      this.hooks.onFailure(error);
    } finally {
      this.isFlushing = false;
    }
  }
}

function merge(runId: RunId, group: readonly Batch[]): RunCommit {
  const [only] = group;
  if (group.length === 1 && only !== undefined) {
    return only.run === undefined
      ? { runId, steps: only.steps, events: only.events }
      : { runId, run: only.run, steps: only.steps, events: only.events };
  }
  let run: RunWrite | undefined;
  const steps: StepWrite[] = [];
  const events: RunEvent[] = [];
  for (const batch of group) {
    if (batch.run !== undefined) run = { ...run, ...batch.run };
    for (const step of batch.steps) steps.push(step);
    for (const event of batch.events) events.push(event);
  }
  return run === undefined ? { runId, steps, events } : { runId, run, steps, events };
}
