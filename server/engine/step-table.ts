/**
 * Per-step state of one run, in arrays indexed like `GraphIndex.nodes`, and the one place a step changes
 * status: checked against the state machine, recorded, and staged as a row patch plus an event.
 */
import type { NodeId } from './graph';
import type { StepStatusEvent, StepWrite, Usage } from './ports';
import { ZERO_USAGE, addUsage } from './ports';
import type { StepStatus } from './run-state';
import { assertStepMove } from './run-state';
import type { Batch } from './run-writer';
import { stepStatusCodes } from './status-codes';

export interface Moved {
  /** The row patch; callers add the fields this transition sets. */
  write: StepWrite;
  /** The event; callers add its optional details. */
  event: StepStatusEvent;
}

/**
 * Statuses, attempts and flags are typed arrays: their memory is outside the garbage-collected heap, so
 * a long run's collections neither copy nor promote them (see memory-chunks.ts for what that costs).
 */
export class StepTable {
  /** `stepStatusCodes`; read and written through `statusOf` and `setStatus`. */
  private readonly status: Uint8Array;
  readonly attempt: Int32Array;
  /** Handles taken by each succeeded step. */
  readonly handles: Array<readonly string[] | undefined>;
  /** Usage summed over all attempts of each step. */
  readonly usage: Usage[];
  /** 1: the next attempt replaces one a restart interrupted. */
  readonly isResumeNext: Uint8Array;
  /** Output of each succeeded step, by index: inputs are built from here without a lookup by id. */
  readonly outputs: unknown[];

  constructor(size: number) {
    this.status = new Uint8Array(size).fill(stepStatusCodes.code('PENDING'));
    this.attempt = new Int32Array(size);
    this.handles = new Array<readonly string[] | undefined>(size).fill(undefined);
    this.usage = new Array<Usage>(size).fill(ZERO_USAGE);
    this.isResumeNext = new Uint8Array(size);
    this.outputs = new Array<unknown>(size).fill(undefined);
  }

  statusOf(index: number): StepStatus {
    const code = this.status[index];
    return code === undefined ? 'PENDING' : stepStatusCodes.status(code);
  }

  /** Sets a status as found in the store, without the state machine: only recovery does this. */
  setStatus(index: number, status: StepStatus): void {
    this.status[index] = stepStatusCodes.code(status);
  }

  attemptOf(index: number): number {
    return this.attempt[index] ?? 0;
  }

  move(batch: Batch, index: number, nodeId: NodeId, to: StepStatus): Moved {
    assertStepMove(nodeId, this.statusOf(index), to);
    this.setStatus(index, to);
    const attempt = this.attemptOf(index);
    const write: StepWrite = { nodeId, status: to, attempt };
    batch.steps.push(write);
    return { write, event: batch.stepEvent(nodeId, to, attempt) };
  }

  /** Adds an attempt's usage to the step's total and returns the total (unchanged usage: undefined). */
  addUsage(index: number, usage: Usage): Usage | undefined {
    if (isZero(usage)) return undefined;
    const total = addUsage(this.usage[index] ?? ZERO_USAGE, usage);
    this.usage[index] = total;
    return total;
  }
}

export function isZero(usage: Usage): boolean {
  return usage.tokensIn === 0 && usage.tokensOut === 0 && usage.costUsd === 0;
}
