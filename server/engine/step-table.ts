/**
 * Per-step state of one run, by the step's position in `GraphIndex.nodes`, and the one place a step
 * changes status: checked against the state machine, counted, and staged as a row patch plus an event.
 */
import type { NodeId } from './graph';
import { jsonChars } from './json-limits';
import type { StepRecord, StepStatusEvent, StepWrite, Usage } from './ports';
import { ZERO_USAGE, addUsage } from './ports';
import type { StepStatus } from './run-state';
import { STEP_STATUSES, assertStepMove } from './run-state';
import type { Batch } from './run-writer';

export interface Moved {
  /** The row patch; callers add the fields this transition sets. */
  write: StepWrite;
  /** The event; callers add its optional details. */
  event: StepStatusEvent;
}

interface StepState {
  status: StepStatus;
  /** The current (or last) attempt; 0 before the first. */
  attempt: number;
  /** Usage summed over all attempts. */
  usage: Usage;
  /** Set once the step succeeded. */
  output: unknown;
  /** Handles taken, once the step succeeded. */
  handles: readonly string[] | undefined;
  /** The next attempt replaces one a restart interrupted. */
  isResumeNext: boolean;
}

export class StepTable {
  private readonly steps: StepState[];
  private readonly counts = Object.fromEntries(STEP_STATUSES.map((status) => [status, 0])) as Record<StepStatus, number>;
  private keptChars = 0;

  constructor(size: number) {
    this.steps = Array.from({ length: size }, () => ({ status: 'PENDING', attempt: 0, usage: ZERO_USAGE, output: undefined, handles: undefined, isResumeNext: false }));
    this.counts.PENDING = size;
  }

  statusOf(index: number): StepStatus {
    return this.steps[index]?.status ?? 'PENDING';
  }

  attemptOf(index: number): number {
    return this.steps[index]?.attempt ?? 0;
  }

  /** The succeeded steps' outputs kept, summed as characters of JSON. */
  get outputChars(): number {
    return this.keptChars;
  }

  /** How many steps are in `status` now. */
  countOf(status: StepStatus): number {
    return this.counts[status];
  }

  /** A step's output and the handles it took, if it succeeded. */
  resultOf(index: number): { output: unknown; handles: readonly string[] } | undefined {
    const step = this.steps[index];
    return step?.status === 'SUCCEEDED' ? { output: step.output, handles: step.handles ?? [] } : undefined;
  }

  /** Takes a stored row as it is, without the state machine: only recovery does this. */
  restore(index: number, record: StepRecord): void {
    const step = this.steps[index];
    if (step === undefined) return;
    this.count(step.status, record.status);
    Object.assign(step, { status: record.status, attempt: record.attempt, usage: record.usage, handles: record.handles });
    if (record.status !== 'SUCCEEDED') return;
    step.output = record.output;
    // Measured once, on the way in: a resumed run counts what it already holds against its bound.
    this.keptChars += jsonChars(record.output);
  }

  move(batch: Batch, index: number, nodeId: NodeId, to: StepStatus): Moved {
    const step = this.steps[index];
    const from = step?.status ?? 'PENDING';
    assertStepMove(nodeId, from, to);
    if (step !== undefined) step.status = to;
    this.count(from, to);
    const attempt = step?.attempt ?? 0;
    const write: StepWrite = { nodeId, status: to, attempt };
    batch.steps.push(write);
    return { write, event: batch.stepEvent(nodeId, to, attempt) };
  }

  /** Numbers the step's next attempt; says whether it replaces one a restart interrupted. */
  nextAttempt(index: number): { attempt: number; isResumed: boolean } {
    const step = this.steps[index];
    if (step === undefined) return { attempt: 1, isResumed: false };
    const isResumed = step.isResumeNext;
    step.isResumeNext = false;
    step.attempt += 1;
    return { attempt: step.attempt, isResumed };
  }

  /** A restart interrupted the step's attempt: its next one says it is a resume. */
  resumeNext(index: number): void {
    const step = this.steps[index];
    if (step !== undefined) step.isResumeNext = true;
  }

  /** Keeps a succeeding step's output (`chars` of JSON) and handles, before it moves to SUCCEEDED. */
  keepResult(index: number, output: unknown, handles: readonly string[], chars: number): void {
    const step = this.steps[index];
    if (step === undefined) return;
    step.output = output;
    step.handles = handles;
    this.keptChars += chars;
  }

  /** Adds an attempt's usage to the step's total and returns the total (unchanged usage: undefined). */
  addUsage(index: number, usage: Usage): Usage | undefined {
    const step = this.steps[index];
    if (step === undefined || isZero(usage)) return undefined;
    step.usage = addUsage(step.usage, usage);
    return step.usage;
  }

  private count(from: StepStatus, to: StepStatus): void {
    this.counts[from] -= 1;
    this.counts[to] += 1;
  }
}

function isZero(usage: Usage): boolean {
  return usage.tokensIn === 0 && usage.tokensOut === 0 && usage.costUsd === 0;
}
