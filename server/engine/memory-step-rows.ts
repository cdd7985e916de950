/**
 * A run's step rows and attempt rows in the in-memory store, in columns (memory-chunks.ts says why).
 * A step's first attempt lives in the step's own columns; fields most steps never get (an error, a
 * retry time, a wait, a resumed first attempt, later attempts) live in a map beside. Every read builds
 * new objects: nothing returned aliases what is stored.
 */
import type { NodeId } from './graph';
import { IdMap } from './id-map';
import type { Chunk } from './memory-chunks';
import { ChunkPool, IN_CHUNK, NONE, chunkForNext, chunkOf, orNone, orUndefined } from './memory-chunks';
import type { AttemptRecord, AttemptUsage, StepError, StepRecord, StepWrite, Usage } from './ports';
import { ZERO_USAGE } from './ports';
import { StatusCodec, stepStatusCodes as stepState } from './status-codes';

type AttemptPatch = NonNullable<StepWrite['attemptRecord']>;

// A record, so that a status added to AttemptRecord fails to compile until it is listed here.
const ATTEMPT_STATUSES: Record<AttemptRecord['status'], true> = { RUNNING: true, SUCCEEDED: true, FAILED: true, WAITING: true, CANCELLED: true };
const attemptState = new StatusCodec(Object.keys(ATTEMPT_STATUSES) as Array<AttemptRecord['status']>);
/** In `first`: the step has no attempt yet. */
const NO_ATTEMPT = -1;

class StepChunk implements Chunk {
  readonly nodeId: NodeId[] = [];
  /** The step's status and attempt number (`stepState`). */
  readonly state: number[] = [];
  readonly usage: Usage[] = [];
  /** The input, or the value of its sole key when `inputKey` is set (see `setInput`). */
  readonly input: unknown[] = [];
  readonly inputKey: Array<string | undefined> = [];
  readonly output: unknown[] = [];
  readonly handles: Array<readonly string[] | undefined> = [];
  readonly startedAt: number[] = [];
  readonly finishedAt: number[] = [];
  /** The first attempt's status and number (`attemptState`), or NO_ATTEMPT. */
  readonly first: number[] = [];
  readonly firstStartedAt: number[] = [];
  readonly firstFinishedAt: number[] = [];
  readonly firstUsage: Array<AttemptUsage | undefined> = [];

  clear(): void {
    for (const column of [this.nodeId, this.usage, this.input, this.inputKey, this.output, this.handles, this.firstUsage]) column.fill(undefined);
  }
}

export type StepChunkPool = ChunkPool<StepChunk>;

export function createStepChunkPool(): StepChunkPool {
  return new ChunkPool(() => new StepChunk());
}

interface RareFields {
  error?: StepError;
  retryAt?: number;
  waitReason?: string;
  firstError?: StepError;
  isFirstResumed?: boolean;
  /** Attempt rows after the first, in the order they were written. */
  later?: AttemptRecord[];
}

export class StepRows {
  private readonly rowOf = new IdMap<number>();
  private readonly chunks: StepChunk[] = [];
  private readonly rare = new Map<number, RareFields>();
  private size = 0;

  constructor(private readonly pool: StepChunkPool) {}

  /** Hands the rows' chunks back to the pool; the rows are gone. */
  release(): void {
    this.pool.give(this.chunks.splice(0));
    this.rowOf.clear();
    this.rare.clear();
    this.size = 0;
  }

  /** Upserts by node id: undefined leaves a field as it is, null clears it. */
  apply(write: StepWrite): void {
    let row = this.rowOf.get(write.nodeId);
    if (row === undefined) {
      row = this.size;
      this.rowOf.set(write.nodeId, row);
      this.addRow(write.nodeId);
    }
    const chunk = chunkOf(this.chunks, row);
    const at = row & IN_CHUNK;
    chunk.state[at] = stepState.pack(write.status, write.attempt);
    if (write.input !== undefined) setInput(chunk, at, write.input);
    if (write.output !== undefined) chunk.output[at] = write.output;
    if (write.handles !== undefined) chunk.handles[at] = write.handles;
    if (write.usage !== undefined) chunk.usage[at] = write.usage;
    if (write.startedAt !== undefined) chunk.startedAt[at] = write.startedAt;
    if (write.finishedAt !== undefined) chunk.finishedAt[at] = write.finishedAt;
    if (write.error !== undefined) this.rareOf(row).error = write.error ?? undefined;
    if (write.retryAt !== undefined) this.rareOf(row).retryAt = write.retryAt ?? undefined;
    if (write.waitReason !== undefined) this.rareOf(row).waitReason = write.waitReason ?? undefined;
    if (write.attemptRecord !== undefined) this.applyAttempt(row, chunk, at, write.attemptRecord);
  }

  record(nodeId: string): StepRecord | undefined {
    const row = this.rowOf.get(nodeId);
    return row === undefined ? undefined : this.recordAt(row);
  }

  /** Every step row, in the order the steps were first written. */
  records(): StepRecord[] {
    return Array.from({ length: this.size }, (_, row) => this.recordAt(row));
  }

  attempts(nodeId: string): AttemptRecord[] {
    const row = this.rowOf.get(nodeId);
    if (row === undefined) return [];
    const chunk = chunkOf(this.chunks, row);
    const at = row & IN_CHUNK;
    const state = chunk.first[at] ?? NO_ATTEMPT;
    if (state === NO_ATTEMPT) return [];
    const rare = this.rare.get(row);
    const first: AttemptRecord = {
      nodeId: chunk.nodeId[at] ?? (nodeId as NodeId),
      attempt: attemptState.number(state),
      status: attemptState.status(state),
      isResumed: rare?.isFirstResumed ?? false,
      startedAt: orUndefined(chunk.firstStartedAt[at]) ?? 0,
      finishedAt: orUndefined(chunk.firstFinishedAt[at]),
      error: rare?.firstError,
      usage: chunk.firstUsage[at],
    };
    return [first, ...(rare?.later ?? []).map((attempt) => ({ ...attempt }))];
  }

  private addRow(nodeId: NodeId): void {
    const chunk = chunkForNext(this.chunks, this.size, this.pool);
    const at = this.size & IN_CHUNK;
    chunk.nodeId[at] = nodeId;
    chunk.state[at] = stepState.pack('PENDING', 0);
    chunk.usage[at] = ZERO_USAGE;
    chunk.input[at] = undefined;
    chunk.inputKey[at] = undefined;
    chunk.output[at] = undefined;
    chunk.handles[at] = undefined;
    chunk.startedAt[at] = NONE;
    chunk.finishedAt[at] = NONE;
    chunk.first[at] = NO_ATTEMPT;
    chunk.firstStartedAt[at] = NONE;
    chunk.firstFinishedAt[at] = NONE;
    chunk.firstUsage[at] = undefined;
    this.size += 1;
  }

  private rareOf(row: number): RareFields {
    let rare = this.rare.get(row);
    if (rare === undefined) {
      rare = {};
      this.rare.set(row, rare);
    }
    return rare;
  }

  /** Every field present, as the object rows this replaced had them: one shape for every record. */
  private recordAt(row: number): StepRecord {
    const chunk = chunkOf(this.chunks, row);
    const at = row & IN_CHUNK;
    const rare = this.rare.get(row);
    const state = chunk.state[at] ?? 0;
    return {
      nodeId: chunk.nodeId[at] ?? ('' as NodeId),
      status: stepState.status(state),
      attempt: stepState.number(state),
      usage: chunk.usage[at] ?? ZERO_USAGE,
      input: inputAt(chunk, at),
      output: chunk.output[at],
      handles: chunk.handles[at],
      error: rare?.error,
      startedAt: orUndefined(chunk.startedAt[at]),
      finishedAt: orUndefined(chunk.finishedAt[at]),
      retryAt: rare?.retryAt,
      waitReason: rare?.waitReason,
    };
  }

  private applyAttempt(row: number, chunk: StepChunk, at: number, patch: AttemptPatch): void {
    const first = chunk.first[at] ?? NO_ATTEMPT;
    if (first === NO_ATTEMPT) {
      chunk.first[at] = attemptState.pack(patch.status ?? 'RUNNING', patch.attempt);
      if (patch.isResumed === true) this.rareOf(row).isFirstResumed = true;
      chunk.firstStartedAt[at] = patch.startedAt ?? 0;
      chunk.firstFinishedAt[at] = orNone(patch.finishedAt);
      chunk.firstUsage[at] = patch.usage;
      if (patch.error !== undefined) this.rareOf(row).firstError = patch.error;
      return;
    }
    if (attemptState.number(first) === patch.attempt) {
      if (patch.status !== undefined) chunk.first[at] = attemptState.pack(patch.status, patch.attempt);
      if (patch.isResumed !== undefined) this.setFirstResumed(row, patch.isResumed);
      if (patch.startedAt !== undefined) chunk.firstStartedAt[at] = patch.startedAt;
      if (patch.finishedAt !== undefined) chunk.firstFinishedAt[at] = patch.finishedAt;
      if (patch.usage !== undefined) chunk.firstUsage[at] = patch.usage;
      if (patch.error !== undefined) this.rareOf(row).firstError = patch.error;
      return;
    }
    this.applyLaterAttempt(row, chunk.nodeId[at] ?? ('' as NodeId), patch);
  }

  private setFirstResumed(row: number, isResumed: boolean): void {
    if (isResumed) this.rareOf(row).isFirstResumed = true;
    else {
      const rare = this.rare.get(row);
      if (rare !== undefined) rare.isFirstResumed = undefined;
    }
  }

  private applyLaterAttempt(row: number, nodeId: NodeId, patch: AttemptPatch): void {
    const rare = this.rareOf(row);
    const later = (rare.later ??= []);
    const existing = later.find((attempt) => attempt.attempt === patch.attempt);
    if (existing === undefined) {
      later.push({
        nodeId,
        attempt: patch.attempt,
        status: patch.status ?? 'RUNNING',
        isResumed: patch.isResumed ?? false,
        startedAt: patch.startedAt ?? 0,
        finishedAt: patch.finishedAt,
        error: patch.error,
        usage: patch.usage,
      });
      return;
    }
    if (patch.status !== undefined) existing.status = patch.status;
    if (patch.isResumed !== undefined) existing.isResumed = patch.isResumed;
    if (patch.startedAt !== undefined) existing.startedAt = patch.startedAt;
    if (patch.finishedAt !== undefined) existing.finishedAt = patch.finishedAt;
    if (patch.error !== undefined) existing.error = patch.error;
    if (patch.usage !== undefined) existing.usage = patch.usage;
  }
}

/**
 * A step's inputs are a null-prototype dictionary keyed by the steps they came from, most often one. Kept
 * as that key and its value, a 10,000-step chain keeps 16 bytes a step instead of a dictionary of ~180.
 */
function setInput(chunk: StepChunk, at: number, input: unknown): void {
  const key = soleKey(input);
  chunk.inputKey[at] = key;
  chunk.input[at] = key === undefined ? input : (input as Record<string, unknown>)[key];
}

function inputAt(chunk: StepChunk, at: number): unknown {
  const key = chunk.inputKey[at];
  if (key === undefined) return chunk.input[at];
  const input: Record<string, unknown> = Object.create(null);
  input[key] = chunk.input[at];
  return input;
}

/** The one key of a null-prototype object with exactly one. */
function soleKey(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== null) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}
