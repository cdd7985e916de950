/**
 * A run's stored events in the in-memory store, numbered from 1, in columns (memory-chunks.ts says
 * why). Most events are a bare step status — its node, status, attempt and time — and are kept as three
 * values, the status and attempt packed in one; any other event is kept whole, in a map beside.
 */
import type { NodeId, RunId } from './graph';
import type { Chunk } from './memory-chunks';
import { ChunkPool, IN_CHUNK, chunkForNext, chunkOf } from './memory-chunks';
import type { RunEvent, StepStatusEvent } from './ports';
import { stepStatusCodes as stepState } from './status-codes';

type StepStatusDetail = Exclude<keyof StepStatusEvent, 'type' | 'nodeId' | 'status' | 'attempt' | 'runId' | 'seq' | 'at'>;

/**
 * A step status's optional details. Typed so that a detail added to StepStatusEvent fails to compile
 * until it is listed here, and so is never dropped from a bare event.
 */
export const STEP_STATUS_DETAILS: Record<StepStatusDetail, true> = { error: true, isResumed: true, delayMs: true, usage: true, handles: true };

class EventChunk implements Chunk {
  /** A bare step status's node; undefined where the event is kept whole. */
  readonly nodeId: Array<NodeId | undefined> = [];
  /** A bare step status's status and attempt (`stepState`). */
  readonly state: number[] = [];
  readonly at: number[] = [];

  clear(): void {
    this.nodeId.fill(undefined);
  }
}

export type EventChunkPool = ChunkPool<EventChunk>;

export function createEventChunkPool(): EventChunkPool {
  return new ChunkPool(() => new EventChunk());
}

export class EventLog {
  private readonly chunks: EventChunk[] = [];
  /** Every other event, by row. */
  private readonly whole = new Map<number, RunEvent>();
  private size = 0;

  constructor(
    private readonly runId: RunId,
    private readonly pool: EventChunkPool,
  ) {}

  /** Hands the events' chunks back to the pool; the events are gone. */
  release(): void {
    this.pool.give(this.chunks.splice(0));
    this.whole.clear();
    this.size = 0;
  }

  append(event: RunEvent): void {
    const chunk = chunkForNext(this.chunks, this.size, this.pool);
    const at = this.size & IN_CHUNK;
    if (isBareStepStatus(event)) {
      chunk.nodeId[at] = event.nodeId;
      chunk.state[at] = stepState.pack(event.status, event.attempt);
    } else {
      this.whole.set(this.size, event);
      chunk.nodeId[at] = undefined;
      chunk.state[at] = 0;
    }
    chunk.at[at] = event.at;
    this.size += 1;
  }

  /** The events numbered after `afterSeq`, oldest first. */
  after(afterSeq: number): RunEvent[] {
    const events: RunEvent[] = [];
    for (let row = Math.max(0, afterSeq); row < this.size; row += 1) events.push(this.eventAt(row));
    return events;
  }

  private eventAt(row: number): RunEvent {
    const whole = this.whole.get(row);
    if (whole !== undefined) return whole;
    const chunk = chunkOf(this.chunks, row);
    const at = row & IN_CHUNK;
    const state = chunk.state[at] ?? 0;
    const event: StepStatusEvent = {
      type: 'step.status',
      nodeId: chunk.nodeId[at] ?? ('' as NodeId),
      status: stepState.status(state),
      attempt: stepState.number(state),
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
