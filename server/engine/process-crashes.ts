/**
 * A step whose execution kills the process (a V8 fatal error, running out of memory, a native abort) would
 * take the server down again at every start if recovery simply resumed it. Each resume is stored as an
 * attempt marked "resumed" before the step runs again, so the count survives the next crash; past the
 * limit the step fails with PROCESS_CRASHED and its run stops, and the server starts.
 *
 * A process that died for another reason (a kill, a power cut) counts alike: nothing tells the two apart
 * after the fact, and a step interrupted three times in a row is worth a person's look either way.
 */
import type { StepError, StepRecord } from './ports';

/** Interruptions a step may have been through and still be resumed; one more and it fails. */
export const MAX_PROCESS_CRASHES = 2;

/** How many times a process died while this RUNNING step ran: the interrupted attempt, and each one resumed before it. */
export function crashesOf(record: StepRecord): number {
  return (record.resumedAttempts ?? 0) + 1;
}

export function processCrashedError(record: StepRecord, crashes: number): StepError {
  return {
    code: 'PROCESS_CRASHED',
    message: `Step "${record.nodeId}" was interrupted by a server crash ${crashes} times; it was not retried again`,
    retryable: false,
    nodeId: record.nodeId,
    attempt: record.attempt,
  };
}
