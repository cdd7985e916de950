/**
 * RunStore in memory, for unit tests and benchmarks. It keeps the same rules a database adapter must:
 * a commit applies entirely, events are numbered consecutively per run (a gap or a repeat is refused),
 * and nothing returned aliases the stored rows.
 */
import { AppError } from '@/server/errors';
import type { RunId } from './graph';
import { runIdSchema } from './graph';
import { EventLog, createEventChunkPool } from './memory-event-log';
import { StepRows, createStepChunkPool } from './memory-step-rows';
import type { AttemptRecord, RunCommit, RunEvent, RunRecord, RunSnapshot, RunStore, StepRecord } from './ports';
import { ZERO_USAGE } from './ports';
import type { RunStatus } from './run-state';

// Steps and events are kept in columns, not as an object a row (memory-chunks.ts says why).
interface StoredRun {
  run: RunRecord;
  graph: unknown;
  steps: StepRows;
  events: EventLog;
}

// A forgotten run's columns hold the next runs' rows, in any store of the process, as Node's Buffer pool
// serves every Buffer (memory-chunks.ts says why).
const stepChunks = createStepChunkPool();
const eventChunks = createEventChunkPool();

export interface NewRun {
  graph: unknown;
  input?: unknown;
  id?: string;
  now?: number;
}

export class InMemoryRunStore implements RunStore {
  private readonly runs = new Map<RunId, StoredRun>();
  private nextId = 1;
  private isFrozen = false;
  private failures: unknown[] = [];
  private readonly loadFailures = new Map<RunId, unknown>();
  /** Number of successful commits, so tests can see writes being grouped. */
  commitCount = 0;

  /** What the run service does before starting a run: a QUEUED row and its first event. */
  createRun(init: NewRun): RunId {
    const id = runIdSchema.parse(init.id ?? `run_${this.nextId++}`);
    if (this.runs.has(id)) throw new AppError('CONFLICT', `Run "${id}" already exists`);
    const at = init.now ?? Date.now();
    const run: RunRecord = { id, status: 'QUEUED', input: init.input ?? {}, totals: { ...ZERO_USAGE }, lastSeq: 1, createdAt: at };
    const events = new EventLog(id, eventChunks);
    events.append({ type: 'run.status', status: 'QUEUED', runId: id, seq: 1, at });
    this.runs.set(id, { run, graph: init.graph, steps: new StepRows(stepChunks), events });
    return id;
  }

  async loadRun(runId: RunId): Promise<RunSnapshot | undefined> {
    const failure = this.loadFailures.get(runId);
    if (failure !== undefined) throw failure;
    const stored = this.runs.get(runId);
    if (stored === undefined) return undefined;
    const steps = stored.steps.records();
    for (const step of steps) {
      if (step.status === 'RUNNING') step.resumedAttempts = stored.steps.attempts(step.nodeId).filter((a) => a.isResumed).length;
    }
    return { run: { ...stored.run }, graph: stored.graph, steps };
  }

  async loadRunRecord(runId: RunId): Promise<RunRecord | undefined> {
    return this.getRun(runId);
  }

  commit(change: RunCommit): Promise<void> {
    // A crashed process never finishes its writes: the promise stays pending, nothing is applied.
    if (this.isFrozen) return new Promise<void>(() => undefined);
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    const stored = this.runs.get(change.runId);
    if (stored === undefined) return Promise.reject(new AppError('NOT_FOUND', `Run "${change.runId}" was not found`));
    let expected = stored.run.lastSeq + 1;
    for (const event of change.events) {
      if (event.seq !== expected || event.runId !== change.runId) {
        return Promise.reject(
          new AppError('CONFLICT', `Run "${change.runId}": event ${event.seq} is out of sequence (expected ${expected})`),
        );
      }
      expected += 1;
    }
    if (change.run !== undefined) assignDefined(stored.run, change.run);
    for (const write of change.steps) stored.steps.apply(write);
    for (const event of change.events) stored.events.append(event);
    stored.run.lastSeq = expected - 1;
    this.commitCount += 1;
    return Promise.resolve();
  }

  async listRunIds(statuses: readonly RunStatus[]): Promise<RunId[]> {
    return [...this.runs.values()]
      .filter((stored) => statuses.includes(stored.run.status))
      .sort((a, b) => a.run.createdAt - b.run.createdAt)
      .map((stored) => stored.run.id);
  }

  /** Simulates a crash: from now on commits never complete (until `unfreeze`, for new calls only). */
  freeze(): void {
    this.isFrozen = true;
  }

  unfreeze(): void {
    this.isFrozen = false;
  }

  /** The next commit is refused with `error` (a lost database connection), nothing applied. */
  failNextCommit(error: unknown): void {
    this.failures.push(error);
  }

  /** Loading `runId` fails with `error` (an unreadable row) until `undefined` is given. */
  failLoadOf(runId: RunId, error: unknown): void {
    if (error === undefined) this.loadFailures.delete(runId);
    else this.loadFailures.set(runId, error);
  }

  /** Drops a run and everything about it (benchmarks reuse one store for thousands of runs). */
  forget(runId: RunId): void {
    const stored = this.runs.get(runId);
    if (stored === undefined) return;
    this.runs.delete(runId);
    stored.steps.release();
    stored.events.release();
  }

  getRun(runId: RunId): RunRecord | undefined {
    const run = this.runs.get(runId)?.run;
    return run === undefined ? undefined : { ...run };
  }

  getStep(runId: RunId, nodeId: string): StepRecord | undefined {
    return this.runs.get(runId)?.steps.record(nodeId);
  }

  getSteps(runId: RunId): StepRecord[] {
    return this.runs.get(runId)?.steps.records() ?? [];
  }

  getAttempts(runId: RunId, nodeId: string): AttemptRecord[] {
    return this.runs.get(runId)?.steps.attempts(nodeId) ?? [];
  }

  getEvents(runId: RunId, afterSeq = 0): RunEvent[] {
    return this.runs.get(runId)?.events.after(afterSeq) ?? [];
  }
}

function assignDefined<T extends object>(target: T, patch: Partial<T>): void {
  for (const key of Object.keys(patch) as Array<keyof T>) {
    const value = patch[key];
    if (value !== undefined) target[key] = value;
  }
}
