/**
 * The scheduler of one run (DESIGN §4). Each reaction — a step's outcome, a retry timer, a decision on a
 * waiting step, a cancel — updates the in-memory state, stages every resulting write in one Batch, and
 * acts (dispatches) only after the RunWriter stored it. Ready steps start in FIFO order, at most
 * `maxParallel` at once; retries and resumed attempts go first. Per step the work is O(its edges):
 * counters and queues, never a scan of the graph.
 */
import { AppError } from '@/server/errors';
import type { ExpressionLimits, ExpressionScope } from './expressions';
import type { GraphIndex } from './graph-index';
import type { Clock, Dispatcher, EventBus, Logger, RunSnapshot, RunStore, StepOutcome, Usage, AttemptUsage } from './ports';
import { Readiness } from './readiness';
import { finishRun, stopRun } from './run-end';
import { restoreRun } from './run-restore';
import type { RunStatus } from './run-state';
import { assertRunMove } from './run-state';
import { Batch, RunWriter } from './run-writer';
import { AttemptHooks, failed, runAttempt } from './step-attempt';
import { failStep, succeedStep } from './step-outcomes';
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
}

export class RunScheduler {
  readonly table: StepTable;
  readonly readiness: Readiness;
  readonly scope: ExpressionScope;
  readonly writer: RunWriter;
  readonly controller = new AbortController();
  readonly retryTimers = new Map<number, () => void>();
  status: RunStatus;
  totals: Usage;
  running = 0;
  retrying = 0;
  waiting = 0;
  isStopped = false;
  private isFinishing = false;
  private isIdle = false;
  private failure: { error: unknown } | undefined;
  private idleWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private readonly urgent: number[] = [];
  private ready: number[] = [];
  private readyHead = 0;
  private readonly inputs: Array<Record<string, unknown> | undefined>;
  /** 1: the attempt running replaces one a restart interrupted. */
  private readonly isResumedAttempt: Uint8Array;
  private builtScopeSteps: Record<string, { output: unknown }> | undefined;

  constructor(
    readonly index: GraphIndex,
    private readonly snapshot: RunSnapshot,
    readonly deps: SchedulerDeps,
    private readonly onFinished: () => void,
  ) {
    const size = index.nodes.length;
    this.table = new StepTable(size);
    this.readiness = new Readiness(index);
    this.inputs = new Array<Record<string, unknown> | undefined>(size).fill(undefined);
    this.isResumedAttempt = new Uint8Array(size);
    this.status = snapshot.run.status;
    this.totals = snapshot.run.totals;
    // `steps` is built on first read (a template, an expression, a queue trimming the scope): most steps
    // read no other step, and filling a dictionary of 10,000 step ids cost a 10,000-step chain about
    // 1 µs a step (cached graph, in memory: 7.6–8.1 against 6.5–7.3 µs without it).
    const steps = () => this.scopeSteps();
    this.scope = {
      input: snapshot.run.input,
      get steps() {
        return steps();
      },
      run: { id: snapshot.run.id },
    };
    this.writer = new RunWriter(snapshot.run.id, snapshot.run.lastSeq, deps, {
      onStarted: (starts) => {
        for (let i = 0; i < starts.length; i += 2) void this.execute(starts[i] ?? -1, starts[i + 1] ?? -1);
      },
      onFailure: (error) => this.onStoreFailure(error),
    });
  }

  get runId() {
    return this.snapshot.run.id;
  }

  newBatch(): Batch {
    return new Batch(this.snapshot.run.id);
  }

  /** Starts a QUEUED run, or resumes one a restart left RUNNING or WAITING. */
  begin(): void {
    const batch = this.newBatch();
    if (this.status === 'QUEUED') this.setRunStatus(batch, 'RUNNING', { startedAt: this.deps.clock.now() });
    else if (this.status === 'RUNNING') batch.event({ type: 'run.status', status: 'RUNNING', isResumed: true });
    const fresh = restoreRun(this, this.snapshot.steps, batch, this.deps.clock.now());
    this.proceed(batch, fresh);
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

  /** Resolves when the run has finished, or waits for a decision with nothing else to do. */
  whenIdle(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  cancel(reason: string): Promise<void> {
    if (this.isStopped) return this.whenIdle();
    const batch = this.newBatch();
    stopRun(this, batch, 'CANCELLED', { code: 'RUN_CANCELLED', message: reason });
    return this.writer.stageAndWait(batch);
  }

  /** Pumps, checks for the end, and stages the batch. */
  proceed(batch: Batch, fresh: readonly number[]): void {
    this.prepareToStage(batch, fresh);
    this.writer.stage(batch);
  }

  proceedAndWait(batch: Batch, fresh: readonly number[]): Promise<void> {
    this.prepareToStage(batch, fresh);
    return this.writer.stageAndWait(batch);
  }

  private prepareToStage(batch: Batch, fresh: readonly number[]): void {
    if (this.isStopped) return;
    this.pump(batch, fresh);
    this.checkIdle(batch);
  }

  /** Starts ready steps while slots are free; newly ready ones left without a slot become QUEUED. */
  private pump(batch: Batch, fresh: readonly number[]): void {
    while (this.running < this.index.maxParallel) {
      const index = this.urgent.length > 0 ? this.urgent.shift() : this.takeReady();
      if (index === undefined) break;
      this.startAttempt(batch, index);
    }
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    for (const index of fresh) {
      const node = this.index.nodes[index];
      if (node !== undefined && this.table.statusOf(index) === 'PENDING') this.table.move(batch, index, node.id, 'QUEUED');
    }
  }

  private takeReady(): number | undefined {
    return this.readyHead < this.ready.length ? this.ready[this.readyHead++] : undefined;
  }

  private startAttempt(batch: Batch, index: number): void {
    const node = this.index.nodes[index];
    if (node === undefined) return;
    if (this.status === 'WAITING') this.setRunStatus(batch, 'RUNNING');
    const previous = this.table.statusOf(index);
    if (previous === 'RETRYING') this.retrying -= 1;
    const isResumed = this.table.isResumeNext[index] === 1;
    this.table.isResumeNext[index] = 0;
    this.isResumedAttempt[index] = isResumed ? 1 : 0;
    const attempt = this.table.attemptOf(index) + 1;
    this.table.attempt[index] = attempt;
    const now = this.deps.clock.now();
    const { write, event } = this.table.move(batch, index, node.id, 'RUNNING');
    write.attemptRecord = { attempt, status: 'RUNNING', isResumed, startedAt: now };
    if (isResumed) event.isResumed = true;
    if (previous === 'RETRYING') write.retryAt = null;
    if (attempt === 1 || this.inputs[index] === undefined) {
      const inputs = this.inputsOf(index);
      this.inputs[index] = inputs;
      if (attempt === 1) {
        write.input = inputs;
        write.startedAt = now;
      }
    }
    this.running += 1;
    batch.starts.push(index, attempt);
  }

  private async execute(index: number, attempt: number): Promise<void> {
    const node = this.index.nodes[index];
    if (node === undefined || !this.isCurrent(index, attempt)) return;
    const hooks = new AttemptHooks(this.controller.signal, this, index, attempt);
    let outcome: StepOutcome;
    try {
      const inputs = this.inputs[index] ?? {};
      const isResumed = this.isResumedAttempt[index] === 1;
      outcome = await runAttempt({ runId: this.runId, node, attempt, isResumed, inputs, scope: this.scope, hooks }, this.deps);
    } catch (error) {
      outcome = failed(node, attempt, error); // a Dispatcher must not reject; if one does, the step fails, not the engine
    }
    this.onOutcome(index, attempt, outcome, hooks.usage);
  }

  /** False once the attempt was cancelled, timed out or superseded: its late result is dropped. */
  isCurrent(index: number, attempt: number): boolean {
    return !this.isStopped && this.table.statusOf(index) === 'RUNNING' && this.table.attempt[index] === attempt;
  }

  publishPartial(index: number, attempt: number, chunk: unknown): void {
    const node = this.index.nodes[index];
    if (node === undefined || !this.isCurrent(index, attempt)) return;
    const at = this.deps.clock.now();
    this.deps.events.publish([{ type: 'step.partial', runId: this.runId, nodeId: node.id, attempt, chunk, at }]);
  }

  private onOutcome(index: number, attempt: number, outcome: StepOutcome, usage: AttemptUsage): void {
    if (!this.isCurrent(index, attempt)) return;
    this.running -= 1;
    // Dropped now: kept until the run's end, inputs were most of what a long run held (memory-chunks.ts
    // says what that costs). A retry builds them again from the outputs they came from.
    this.inputs[index] = undefined;
    const batch = this.newBatch();
    const fresh: number[] = [];
    switch (outcome.kind) {
      case 'succeeded':
        succeedStep(this, batch, fresh, index, outcome.output, outcome.handles, usage);
        break;
      case 'waiting':
        parkWaiting(this, batch, index, outcome, usage);
        break;
      case 'failed':
        failStep(this, batch, fresh, index, outcome.error, usage);
        break;
      default: {
        const unhandled: never = outcome;
        throw new AppError('INVALID_TRANSITION', `Unknown step outcome ${JSON.stringify(unhandled)}`);
      }
    }
    this.proceed(batch, fresh);
  }

  /** Nothing running, ready or retrying: the run waits for a decision, or is done. */
  private checkIdle(batch: Batch): void {
    if (this.isStopped || this.isFinishing || this.running > 0 || this.retrying > 0) return;
    if (this.urgent.length > 0 || this.readyHead < this.ready.length) return;
    if (this.waiting > 0) {
      if (this.status !== 'WAITING') this.setRunStatus(batch, 'WAITING');
      batch.onStored(() => this.markIdle());
      return;
    }
    this.isFinishing = true;
    void finishRun(this);
  }

  setRunStatus(batch: Batch, status: RunStatus, extra: { startedAt?: number } = {}): void {
    assertRunMove(this.runId, this.status, status);
    this.status = status;
    batch.setRun({ status, ...extra });
    batch.event({ type: 'run.status', status });
  }

  private inputsOf(index: number): Record<string, unknown> {
    // No prototype, like the expression scope: a step may be called `constructor`. It also keeps the
    // object a dictionary: keyed by node ids, ordinary objects would each get their own hidden class.
    const inputs: Record<string, unknown> = Object.create(null);
    for (const edge of this.index.nodes[index]?.incoming ?? []) {
      const source = this.index.nodes[edge.source];
      if (source === undefined || this.table.statusOf(edge.source) !== 'SUCCEEDED') continue;
      if (this.table.handles[edge.source]?.includes(edge.handle) === true) inputs[source.id] = this.table.outputs[edge.source];
    }
    return inputs;
  }

  /** A succeeded step's output: for the steps after it, and for the scope's `steps` once they are built. */
  setOutput(index: number, output: unknown): void {
    this.table.outputs[index] = output;
    const node = this.index.nodes[index];
    if (this.builtScopeSteps !== undefined && node !== undefined) this.builtScopeSteps[node.id] = { output };
  }

  /** A step's output, if it succeeded. */
  outputOf(index: number): { output: unknown } | undefined {
    return this.table.statusOf(index) === 'SUCCEEDED' ? { output: this.table.outputs[index] } : undefined;
  }

  /** The succeeded steps' outputs by id, in graph order, then in the order later ones succeed. */
  private scopeSteps(): Record<string, { output: unknown }> {
    if (this.builtScopeSteps !== undefined) return this.builtScopeSteps;
    // No prototype: a step may be called `constructor`, and JSONata must find nothing else here.
    const steps: Record<string, { output: unknown }> = Object.create(null);
    for (const node of this.index.nodes) {
      if (this.table.statusOf(node.index) === 'SUCCEEDED') steps[node.id] = { output: this.table.outputs[node.index] };
    }
    this.builtScopeSteps = steps;
    return steps;
  }

  markIdle(): void {
    if (this.status !== 'WAITING' && !this.isStopped) return; // a decision arrived meanwhile
    this.isIdle = true;
    for (const waiter of this.idleWaiters.splice(0)) waiter.resolve();
  }

  /** A decision on a WAITING step or a new attempt: not idle any more. */
  wake(): void {
    this.isIdle = false;
  }

  settleFinished(): void {
    this.isIdle = true;
    for (const waiter of this.idleWaiters.splice(0)) waiter.resolve();
    this.onFinished();
  }

  private onStoreFailure(error: unknown): void {
    // The store is the truth: stop acting on memory that may not be durable; resume from the store later.
    this.isStopped = true;
    this.failure = { error };
    this.controller.abort(new AppError('RUN_CANCELLED', 'the run store failed; the run resumes from its stored state'));
    for (const cancelTimer of this.retryTimers.values()) cancelTimer();
    this.retryTimers.clear();
    this.deps.logger.error('run store commit failed', { runId: this.runId, error: String(error) });
    for (const waiter of this.idleWaiters.splice(0)) waiter.reject(error);
    this.onFinished();
  }
}

