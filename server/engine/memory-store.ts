/**
 * RunStore in memory, for unit tests and benchmarks. It keeps the same rules a database adapter must:
 * a commit applies entirely, events are numbered consecutively per run (a gap or a repeat is refused),
 * and nothing returned aliases the stored rows.
 */
import { AppError } from '@/server/errors';
import type { NodeId, RunId } from './graph';
import { runIdSchema } from './graph';
import type {
  AttemptRecord,
  RunCommit,
  RunEvent,
  RunRecord,
  RunSnapshot,
  RunStore,
  StepRecord,
  StepWrite,
} from './ports';
import { ZERO_USAGE } from './ports';
import type { RunStatus } from './run-state';

// A step's attempts live with its record: one Map per run, not two (filling a Map of 10,000 keys costs
// far more a key than one of 1,000 here, so each per-run Map showed in the 10,000-step figures).
interface StoredStep {
  record: StepRecord;
  attempts: AttemptRecord[];
}

interface StoredRun {
  run: RunRecord;
  graph: unknown;
  steps: Map<string, StoredStep>;
  events: RunEvent[];
}

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
    const event: RunEvent = { type: 'run.status', status: 'QUEUED', runId: id, seq: 1, at };
    this.runs.set(id, { run, graph: init.graph, steps: new Map(), events: [event] });
    return id;
  }

  async loadRun(runId: RunId): Promise<RunSnapshot | undefined> {
    const failure = this.loadFailures.get(runId);
    if (failure !== undefined) throw failure;
    const stored = this.runs.get(runId);
    if (stored === undefined) return undefined;
    return { run: { ...stored.run }, graph: stored.graph, steps: [...stored.steps.values()].map((step) => ({ ...step.record })) };
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
    for (const write of change.steps) applyStep(stored.steps, write);
    for (const event of change.events) stored.events.push(event);
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
    this.runs.delete(runId);
  }

  getRun(runId: RunId): RunRecord | undefined {
    const run = this.runs.get(runId)?.run;
    return run === undefined ? undefined : { ...run };
  }

  getStep(runId: RunId, nodeId: string): StepRecord | undefined {
    const step = this.runs.get(runId)?.steps.get(nodeId)?.record;
    return step === undefined ? undefined : { ...step };
  }

  getSteps(runId: RunId): StepRecord[] {
    return [...(this.runs.get(runId)?.steps.values() ?? [])].map((step) => ({ ...step.record }));
  }

  getAttempts(runId: RunId, nodeId: string): AttemptRecord[] {
    return (this.runs.get(runId)?.steps.get(nodeId)?.attempts ?? []).map((attempt) => ({ ...attempt }));
  }

  getEvents(runId: RunId, afterSeq = 0): RunEvent[] {
    return (this.runs.get(runId)?.events ?? []).filter((event) => event.seq > afterSeq);
  }
}

function applyStep(steps: Map<string, StoredStep>, write: StepWrite): void {
  let stored = steps.get(write.nodeId);
  if (stored === undefined) {
    stored = { record: newStepRecord(write), attempts: [] };
    steps.set(write.nodeId, stored);
  }
  const step = stored.record;
  // Field by field rather than a generic merge: this runs twice per step in every benchmark.
  step.status = write.status;
  step.attempt = write.attempt;
  if (write.input !== undefined) step.input = write.input;
  if (write.output !== undefined) step.output = write.output;
  if (write.handles !== undefined) step.handles = write.handles;
  if (write.usage !== undefined) step.usage = write.usage;
  if (write.startedAt !== undefined) step.startedAt = write.startedAt;
  if (write.finishedAt !== undefined) step.finishedAt = write.finishedAt;
  if (write.error !== undefined) step.error = write.error ?? undefined;
  if (write.retryAt !== undefined) step.retryAt = write.retryAt ?? undefined;
  if (write.waitReason !== undefined) step.waitReason = write.waitReason ?? undefined;
  if (write.attemptRecord !== undefined) applyAttempt(stored, write.nodeId, write.attemptRecord);
}

/** Every field present from the start: rows then keep one shape instead of growing one field at a time. */
function newStepRecord(write: StepWrite): StepRecord {
  return {
    nodeId: write.nodeId,
    status: write.status,
    attempt: write.attempt,
    usage: ZERO_USAGE,
    input: undefined,
    output: undefined,
    handles: undefined,
    error: undefined,
    startedAt: undefined,
    finishedAt: undefined,
    retryAt: undefined,
    waitReason: undefined,
  };
}

function applyAttempt(stored: StoredStep, nodeId: NodeId, patch: Partial<AttemptRecord> & { attempt: number }): void {
  const existing = stored.attempts.find((attempt) => attempt.attempt === patch.attempt);
  if (existing === undefined) {
    const record: AttemptRecord = {
      nodeId,
      attempt: patch.attempt,
      status: patch.status ?? 'RUNNING',
      isResumed: patch.isResumed ?? false,
      startedAt: patch.startedAt ?? 0,
      finishedAt: patch.finishedAt,
      error: patch.error,
      usage: patch.usage,
    };
    // Most steps have one attempt: an array of its size, where a push onto an empty one reserves 16 slots.
    if (stored.attempts.length === 0) stored.attempts = [record];
    else stored.attempts.push(record);
    return;
  }
  if (patch.status !== undefined) existing.status = patch.status;
  if (patch.isResumed !== undefined) existing.isResumed = patch.isResumed;
  if (patch.startedAt !== undefined) existing.startedAt = patch.startedAt;
  if (patch.finishedAt !== undefined) existing.finishedAt = patch.finishedAt;
  if (patch.error !== undefined) existing.error = patch.error;
  if (patch.usage !== undefined) existing.usage = patch.usage;
}

function assignDefined<T extends object>(target: T, patch: Partial<T>): void {
  for (const key of Object.keys(patch) as Array<keyof T>) {
    const value = patch[key];
    if (value !== undefined) target[key] = value;
  }
}
