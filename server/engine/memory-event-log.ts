/**
 * A run's stored events in the in-memory store, numbered from 1, in columns (memory-chunks.ts says
 * why). Most events are a bare step status — its node, status, attempt and time — and are kept as those
 * four values; any other event is kept whole.
 */
import type { NodeId, RunId } from './graph';
import { IN_CHUNK, chunkForNext, chunkOf } from './memory-chunks';
import type { RunEvent, StepStatusEvent } from './ports';
import type { StepStatus } from './run-state';

type StepStatusDetail = Exclude<keyof StepStatusEvent, 'type' | 'nodeId' | 'status' | 'attempt' | 'runId' | 'seq' | 'at'>;

/**
 * A step status's optional details. Typed so that a detail added to StepStatusEvent fails to compile
 * until it is listed here, and so is never dropped from a bare event.
 */
export const STEP_STATUS_DETAILS: Record<StepStatusDetail, true> = { error: true, isResumed: true, delayMs: true, usage: true, handles: true };

class EventChunk {
  /** The event itself, or undefined for a bare step status kept in the columns beside. */
  readonly whole: Array<RunEvent | undefined> = [];
  readonly nodeId: Array<NodeId | undefined> = [];
  readonly status: Array<StepStatus | undefined> = [];
  readonly attempt: number[] = [];
  readonly at: number[] = [];
}

export class EventLog {
  private readonly chunks: EventChunk[] = [];
  private size = 0;

  constructor(private readonly runId: RunId) {}

  append(event: RunEvent): void {
    const chunk = chunkForNext(this.chunks, this.size, () => new EventChunk());
    if (isBareStepStatus(event)) {
      chunk.whole.push(undefined);
      chunk.nodeId.push(event.nodeId);
      chunk.status.push(event.status);
      chunk.attempt.push(event.attempt);
    } else {
      chunk.whole.push(event);
      chunk.nodeId.push(undefined);
      chunk.status.push(undefined);
      chunk.attempt.push(0);
    }
    chunk.at.push(event.at);
    this.size += 1;
  }

  /** The events numbered after `afterSeq`, oldest first. */
  after(afterSeq: number): RunEvent[] {
    const events: RunEvent[] = [];
    for (let row = Math.max(0, afterSeq); row < this.size; row += 1) events.push(this.eventAt(row));
    return events;
  }

  private eventAt(row: number): RunEvent {
    const chunk = chunkOf(this.chunks, row);
    const at = row & IN_CHUNK;
    const whole = chunk.whole[at];
    if (whole !== undefined) return whole;
    const event: StepStatusEvent = {
      type: 'step.status',
      nodeId: chunk.nodeId[at] ?? ('' as NodeId),
      status: chunk.status[at] ?? 'PENDING',
      attempt: chunk.attempt[at] ?? 0,
      runId: this.runId,
      seq: row + 1,
      at: chunk.at[at] ?? 0,
    };
    return event;
  }
}

/** A step status with none of the details in STEP_STATUS_DETAILS (read one by one: this runs twice a step). */
function isBareStepStatus(event: RunEvent): event is StepStatusEvent {
  return (
    event.type === 'step.status' &&
    event.error === undefined &&
    event.isResumed === undefined &&
    event.delayMs === undefined &&
    event.usage === undefined &&
    event.handles === undefined
  );
}
