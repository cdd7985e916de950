/**
 * The scheduler of one run. Each reaction — a step's outcome, a retry timer, a decision on a waiting
 * step, a cancel — updates the run's state, stages every resulting write in one Batch, and acts
 * (dispatches) only after the RunWriter stored it. Ready steps start in FIFO order, at most
 * `maxParallel` at once; retries and resumed attempts go first.
 *
 * Effect-free steps (`effects: 'none'`) on an in-process Dispatcher start when their batch is staged,
 * not stored: a run of them goes at the engine's speed while the store follows. Only the process that
 * stored the run's move to RUNNING does this. A process that takes a run up again (after a crash, or
 * after the store failed) starts every step once its RUNNING row is stored, so a step that kills the
 * process is seen running at the next crash, counted, and fails after a few (process-crashes.ts) rather
 * than crash-looping the server.
 *
 * The scheduler owns the run's state. The modules that decide what a reaction changes (step-outcomes.ts,
 * waiting.ts, run-end.ts, run-restore.ts) read it and change it only through the methods below.
 */
import { setMaxListeners } from 'node:events';
import { AppError } from '@/server/errors';
import type { ExpressionLimits, ExpressionScope } from './expressions';
import type { GraphIndex } from './graph-index';
import type { RunLimits } from './json-limits';
import type { Clock, Dispatcher, EventBus, Logger, RunError, RunSnapshot, RunStore, StepOutcome, StepRecord, Usage, AttemptUsage } from './ports';
import { addUsage } from './ports';
import { Readiness } from './readiness';
import { finishRun, stopRun } from './run-end';
import { restoreRun } from './run-restore';
import type { RunStatus, StepStatus } from './run-state';
import { assertRunMove } from './run-state';
import { Batch, RunWriter, type StartedAttempt } from './run-writer';
import { AttemptHooks, failed, runAttempt } from './step-attempt';
import { failStep, succeedStep } from './step-outcomes';
import { resumeInterrupted } from './step-interrupted';
import type { Moved } from './step-table';
import { inputFrom } from './step-input';
import { StepTable } from './step-table';
import { parkWaiting } from './waiting';

export interface SchedulerDeps {
  store: RunStore;
  events: EventBus;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  random: () => number;
  expressionLimits: ExpressionLimits;
  runLimits: RunLimits;
}

export class RunScheduler {
  /** What expressions and templates read: the run input, the succeeded steps' outputs by id, the run id. */
  readonly scope: ExpressionScope;
  private readonly table: StepTable;
  private readonly readiness: Readiness;
  private readonly writer: RunWriter;
  private readonly controller = new AbortController();
  /** Retry delays and wait deadlines, by step. */
  private readonly timers = new Map<number, () => void>();
  private runStatus: RunStatus;
  private runTotals: Usage;
  private running = 0;
  private hasStopped = false;
  private isFinishing = false;
  private isAtRest = false;
  /** Effect-free steps start when staged (see above). */
  private startsEarly = false;
  private failure: { error: unknown } | undefined;
  private restWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private readonly urgent: number[] = [];
  private readonly ready: number[] = [];

  constructor(
    readonly index: GraphIndex,
    private readonly snapshot: RunSnapshot,
    readonly deps: SchedulerDeps,
    private readonly onFinished: () => void,
  ) {
    this.table = new StepTable(index.nodes.length);
    // Every running attempt listens to the run's signal, hundreds at maxParallel 256: not a leak to warn of.
    setMaxListeners(0, this.controller.signal);
    this.readiness = new Readiness(index);
    this.runStatus = snapshot.run.status;
    this.runTotals = snapshot.run.totals;
    // No prototype: a step may be called `constructor`, and JSONata must find nothing else here.
    this.scope = { input: snapshot.run.input, steps: Object.create(null) as ExpressionScope['steps'], run: { id: snapshot.run.id } };
    this.writer = new RunWriter(snapshot.run.id, snapshot.run.lastSeq, deps, {
      onStarted: (starts) => {
        for (const start of starts) void this.execute(start);
      },
      onFailure: (error) => this.onStoreFailure(error),
    });
  }

  get runId() {
    return this.snapshot.run.id;
  }

  get status(): RunStatus {
    return this.runStatus;
  }

  get totals(): Usage {
    return this.runTotals;
  }

  /** Ended, cancelled, or halted by a store failure: nothing of the run acts any more. */
  get isStopped(): boolean {
    return this.hasStopped;
  }

  newBatch(): Batch {
    return new Batch(this.snapshot.run.id);
  }

  /** Starts a QUEUED run, or resumes one a restart left RUNNING or WAITING. */
  begin(): void {
    const batch = this.newBatch();
    if (this.runStatus === 'QUEUED') {
      this.setRunStatus(batch, 'RUNNING', { startedAt: this.deps.clock.now() });
      if (this.deps.dispatcher.startsEffectFreeEarly === true) batch.onStored(() => (this.startsEarly = true));
    } else if (this.runStatus === 'RUNNING') batch.event({ type: 'run.status', status: 'RUNNING', isResumed: true });
    const fresh = restoreRun(this, this.snapshot.steps, batch, this.deps.clock.now());
    this.proceed(batch, fresh);
  }

  /** Resolves when the run has finished, or waits for a decision with nothing else to do. */
  untilAtRest(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.isAtRest) return Promise.resolve();
    return new Promise((resolve, reject) => this.restWaiters.push({ resolve, reject }));
  }

  /** Pumps, checks whether the run is at rest or done, and stages the batch. */
  proceed(batch: Batch, fresh: readonly number[]): void {
    this.prepareToStage(batch, fresh);
    this.writer.stage(batch);
  }

  proceedAndWait(batch: Batch, fresh: readonly number[]): Promise<void> {
    this.prepareToStage(batch, fresh);
    return this.writer.stageAndWait(batch);
  }

  /** Stages a batch as it is (the run's last one). */
  stage(batch: Batch): void {
    this.writer.stage(batch);
  }

  cancel(reason: string): Promise<void> {
    if (this.hasStopped) return this.untilAtRest();
    const batch = this.newBatch();
    stopRun(this, batch, 'CANCELLED', { code: 'RUN_CANCELLED', message: reason });
    return this.writer.stageAndWait(batch);
  }

  // ---------------------------------------------------------------- steps

  stepStatus(index: number): StepStatus {
    return this.table.statusOf(index);
  }

  attemptOf(index: number): number {
    return this.table.attemptOf(index);
  }

  /** A step's output, if it succeeded. */
  outputOf(index: number): { output: unknown } | undefined {
    const result = this.table.resultOf(index);
    return result === undefined ? undefined : { output: result.output };
  }

  moveStep(batch: Batch, index: number, to: StepStatus): Moved {
    return this.table.move(batch, index, this.nodeAt(index).id, to);
  }

  /** The outputs kept for expressions and later steps, as characters of JSON: bounded by `runLimits`. */
  get outputChars(): number {
    return this.table.outputChars;
  }

  /** A succeeding step's output (`chars` of JSON): for the steps after it and for expressions. */
  keepResult(index: number, output: unknown, handles: readonly string[], chars: number): void {
    this.table.keepResult(index, output, handles, chars);
    this.scope.steps[this.nodeAt(index).id] = { output };
  }

  /** Adds an attempt's usage to its step's total and to the run's; the step's total, if it changed. */
  addUsage(index: number, usage: AttemptUsage): Usage | undefined {
    const total = this.table.addUsage(index, usage);
    if (total !== undefined) this.runTotals = addUsage(this.runTotals, usage);
    return total;
  }

  /** Decides the finished step's outgoing edges: newly ready steps are queued, unreachable ones skipped. */
  release(batch: Batch, fresh: number[], index: number, handles: readonly string[] | null): void {
    const released = { ready: fresh, skipped: [] as number[] };
    const before = fresh.length;
    this.readiness.release(index, handles, released);
    for (let i = before; i < fresh.length; i += 1) this.enqueue(fresh[i] ?? -1, false);
    const now = this.deps.clock.now();
    for (const skipped of released.skipped) this.moveStep(batch, skipped, 'SKIPPED').write.finishedAt = now;
  }

  enqueue(index: number, isUrgent: boolean): void {
    if (isUrgent) this.urgent.push(index);
    else this.ready.push(index);
  }

  /** A retry whose delay passed: it starts first, as soon as a slot is free. */
  retryNow(index: number): void {
    this.urgent.push(index);
    this.proceed(this.newBatch(), []);
  }

  /** Recovery: takes a stored row as it is. */
  restoreStep(index: number, record: StepRecord): void {
    this.table.restore(index, record);
    if (record.status === 'SUCCEEDED') this.scope.steps[record.nodeId] = { output: record.output };
  }

  /** Recovery: decides the edges of a step that finished before a restart, without propagating. */
  restoreEdges(index: number, handles: readonly string[] | null): void {
    this.readiness.restore(index, handles);
  }

  /** Recovery, after `restoreEdges`: whether a PENDING step is ready, to be skipped, or still blocked. */
  readinessOf(index: number): 'ready' | 'skip' | 'blocked' {
    return this.readiness.stateOf(index);
  }

  /** Recovery: a restart interrupted the step's attempt; its next one goes first and says it resumes. */
  resumeFirst(index: number): void {
    this.table.resumeNext(index);
    this.enqueue(index, true);
  }

  /** Arms a step's timer (a retry delay, a wait deadline); it is cancelled by `clearStepTimer` or a stop. */
  setStepTimer(index: number, delayMs: number, fire: () => void): void {
    if (this.hasStopped) return;
    const cancel = this.deps.clock.setTimeout(() => {
      this.timers.delete(index);
      if (!this.hasStopped) fire();
    }, Math.max(0, delayMs));
    this.timers.set(index, cancel);
  }

  clearStepTimer(index: number): void {
    this.timers.get(index)?.();
    this.timers.delete(index);
  }

  // ---------------------------------------------------------------- the run

  setRunStatus(batch: Batch, status: RunStatus, extra: { startedAt?: number } = {}): void {
    assertRunMove(this.runId, this.runStatus, status);
    this.runStatus = status;
    batch.setRun({ status, ...extra });
    batch.event({ type: 'run.status', status });
  }

  /** Stops acting: running attempts are aborted (nothing waits for them any more), timers cancelled. */
  halt(reason: string): void {
    this.hasStopped = true;
    this.controller.abort(new AppError('RUN_CANCELLED', reason));
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /** The run's end: its row and event, with its totals; once stored, it is at rest for good. */
  endRun(batch: Batch, status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED', end: { output?: unknown; error?: RunError }): void {
    this.hasStopped = true;
    assertRunMove(this.runId, this.runStatus, status);
    this.runStatus = status;
    const totals = this.runTotals;
    batch.setRun({ status, ...end, finishedAt: this.deps.clock.now(), totals });
    batch.event(end.error === undefined ? { type: 'run.status', status, totals } : { type: 'run.status', status, error: end.error, totals });
    batch.onStored(() => {
      this.isAtRest = true;
      for (const waiter of this.restWaiters.splice(0)) waiter.resolve();
      this.onFinished();
    });
  }

  /** A decision on a WAITING step or a new attempt: not at rest any more. */
  wake(): void {
    this.isAtRest = false;
  }

  // ---------------------------------------------------------------- attempts

  /** False once the attempt was cancelled, timed out or superseded: its late result is dropped. */
  isCurrent(index: number, attempt: number): boolean {
    return !this.hasStopped && this.table.statusOf(index) === 'RUNNING' && this.table.attemptOf(index) === attempt;
  }

  publishPartial(index: number, attempt: number, chunk: unknown): void {
    const node = this.index.nodes[index];
    if (node === undefined || !this.isCurrent(index, attempt)) return;
    const at = this.deps.clock.now();
    this.deps.events.publish([{ type: 'step.partial', runId: this.runId, nodeId: node.id, attempt, chunk, at }]);
  }

  private nodeAt(index: number) {
    const node = this.index.nodes[index];
    if (node === undefined) throw new AppError('INVALID_TRANSITION', `Run "${this.runId}" has no step at ${index}`);
    return node;
  }

  private prepareToStage(batch: Batch, fresh: readonly number[]): void {
    if (this.hasStopped) return;
    this.pump(batch, fresh);
    this.checkAtRest(batch);
  }

  /** Starts ready steps while slots are free; newly ready ones left without a slot become QUEUED. */
  private pump(batch: Batch, fresh: readonly number[]): void {
    while (this.running < this.index.maxParallel) {
      const index = this.urgent.shift() ?? this.ready.shift();
      if (index === undefined) break;
      this.startAttempt(batch, index);
    }
    for (const index of fresh) {
      if (this.table.statusOf(index) === 'PENDING') this.moveStep(batch, index, 'QUEUED');
    }
  }

  private startAttempt(batch: Batch, index: number): void {
    if (this.runStatus === 'WAITING') this.setRunStatus(batch, 'RUNNING');
    const previous = this.table.statusOf(index);
    const { attempt, isResumed } = this.table.nextAttempt(index);
    const now = this.deps.clock.now();
    const { write, event } = this.moveStep(batch, index, 'RUNNING');
    write.attemptRecord = { attempt, status: 'RUNNING', isResumed, startedAt: now };
    if (isResumed) event.isResumed = true;
    if (previous === 'RETRYING') write.retryAt = null;
    const { inputs, from } = this.inputsOf(index);
    if (attempt === 1) {
      // Stored as references: each upstream output is stored once, in its own step's row.
      write.input = inputFrom(from);
      write.startedAt = now;
    }
    this.running += 1;
    const isEarly = this.startsEarly && this.nodeAt(index).nodeType.effects === 'none';
    (isEarly ? batch.startsNow : batch.starts).push({ index, attempt, isResumed, inputs });
  }

  /** The outputs of the upstream steps whose edge into this step was taken, by step id, and those ids. */
  private inputsOf(index: number): { inputs: Record<string, unknown>; from: string[] } {
    // No prototype, like the expression scope: a step may be called `constructor`.
    const inputs: Record<string, unknown> = Object.create(null);
    const from: string[] = [];
    for (const edge of this.index.nodes[index]?.incoming ?? []) {
      const source = this.index.nodes[edge.source];
      const result = this.table.resultOf(edge.source);
      if (source === undefined || result?.handles.includes(edge.handle) !== true || source.id in inputs) continue;
      inputs[source.id] = result.output;
      from.push(source.id);
    }
    return { inputs, from };
  }

  private async execute({ index, attempt, isResumed, inputs }: StartedAttempt): Promise<void> {
    const node = this.index.nodes[index];
    if (node === undefined || !this.isCurrent(index, attempt)) return;
    const hooks = new AttemptHooks(this.controller.signal, this, index, attempt);
    let outcome: StepOutcome;
    try {
      outcome = await runAttempt({ runId: this.runId, node, attempt, isResumed, inputs, scope: this.scope, hooks }, this.deps);
    } catch (error) {
      outcome = failed(node, attempt, error); // a Dispatcher must not reject; if one does, the step fails, not the engine
    }
    this.onOutcome(index, attempt, outcome, hooks.usage);
  }

  private onOutcome(index: number, attempt: number, outcome: StepOutcome, usage: AttemptUsage): void {
    if (!this.isCurrent(index, attempt)) return;
    this.running -= 1;
    const batch = this.newBatch();
    const fresh: number[] = [];
    switch (outcome.kind) {
      case 'succeeded':
        succeedStep(this, batch, fresh, index, outcome, usage);
        break;
      case 'waiting':
        parkWaiting(this, batch, index, outcome, usage);
        break;
      case 'failed':
        failStep(this, batch, fresh, index, outcome.error, usage);
        break;
      case 'interrupted':
        resumeInterrupted(this, batch, index, outcome.reason);
        break;
      default: {
        const unhandled: never = outcome;
        throw new AppError('INVALID_TRANSITION', `Unknown step outcome ${JSON.stringify(unhandled)}`);
      }
    }
    this.proceed(batch, fresh);
  }

  /** Nothing running, ready or retrying: the run waits for a decision (at rest), or is done. */
  private checkAtRest(batch: Batch): void {
    if (this.hasStopped || this.isFinishing || this.running > 0 || this.table.countOf('RETRYING') > 0) return;
    if (this.urgent.length > 0 || this.ready.length > 0) return;
    if (this.table.countOf('WAITING') > 0) {
      if (this.runStatus !== 'WAITING') this.setRunStatus(batch, 'WAITING');
      batch.onStored(() => this.markAtRest());
      return;
    }
    this.isFinishing = true;
    void finishRun(this);
  }

  private markAtRest(): void {
    if (this.runStatus !== 'WAITING' && !this.hasStopped) return; // a decision arrived meanwhile
    this.isAtRest = true;
    for (const waiter of this.restWaiters.splice(0)) waiter.resolve();
  }

  private onStoreFailure(error: unknown): void {
    // The store is the truth: stop acting on memory that may not be durable; resume from the store later.
    this.failure = { error };
    this.halt('the run store failed; the run resumes from its stored state');
    this.deps.logger.error('run store commit failed', { runId: this.runId, error: String(error) });
    for (const waiter of this.restWaiters.splice(0)) waiter.reject(error);
    this.onFinished();
  }
}
