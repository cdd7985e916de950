/**
 * Statuses kept as small integers: in the step table's typed array, and packed with an attempt number in
 * the in-memory store's columns. Small integers are stored without a pointer for the collector to trace.
 */
import type { StepStatus } from './run-state';
import { STEP_STATUSES } from './run-state';

/** A status, or a status and a number (an attempt) packed into one small integer: `number * 16 + code`. */
export class StatusCodec<S extends string> {
  private readonly codes = new Map<S, number>();

  constructor(private readonly statuses: readonly S[]) {
    if (statuses.length > 16) throw new RangeError('a status codec holds at most 16 statuses');
    statuses.forEach((status, code) => this.codes.set(status, code));
  }

  /** The status's code alone: `pack(status, 0)`, and read back by `status`. */
  code(status: S): number {
    const code = this.codes.get(status);
    if (code === undefined) throw new RangeError(`unknown status "${status}"`);
    return code;
  }

  pack(status: S, number: number): number {
    return number * 16 + this.code(status);
  }

  status(packed: number): S {
    const status = this.statuses[packed & 15];
    if (status === undefined) throw new RangeError(`no status has the code ${packed & 15}`);
    return status;
  }

  number(packed: number): number {
    return Math.floor(packed / 16);
  }
}

export const stepStatusCodes = new StatusCodec<StepStatus>(STEP_STATUSES);
