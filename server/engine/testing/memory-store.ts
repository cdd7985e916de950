/**
 * RunStore in memory, for engine tests and benchmarks: plain objects in Maps. It keeps the rules a
 * database adapter must: a commit applies entirely or not at all, events are numbered consecutively per
 * run (a gap or a repeat is refused), a step row is upserted by node id and an attempt row by number
 * (undefined leaves a field as it is, null clears it), and nothing returned aliases the stored rows.
 */
import { AppError } from '@/server/errors';
import type { NodeId, RunId } from '../graph';
import { runIdSchema } from '../graph';
import type { AttemptRecord, RunCommit, RunEvent, RunRecord, RunSnapshot, RunStore, StepRecord, StepWrite } from '../ports';
import { ZERO_USAGE } from '../ports';
import type { RunStatus } from '../run-state';

interface StoredRun {
  run: RunRecord;
  graph: unknown;
  /** In the order the steps were first written. */
  steps: Map<NodeId, StepRecord>;
  attempts: Map<NodeId, AttemptRecord[]>;
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
    const events: RunEvent[] = [{ type: 'run.status', status: 'QUEUED', runId: id, seq: 1, at }];
    this.runs.set(id, { run, graph: init.graph, steps: new Map(), attempts: new Map(), events });
    return id;
  }

  async loadRun(runId: RunId): Promise<RunSnapshot | undefined> {
    const failure = this.loadFailures.get(runId);
    if (failure !== undefined) throw failure;
    const stored = this.runs.get(runId);
    if (stored === undefined) return undefined;
    const steps = [...stored.steps.values()].map((step): StepRecord => {
      if (step.status !== 'RUNNING') return { ...step };
      const resumedAttempts = (stored.attempts.get(step.nodeId) ?? []).filter((attempt) => attempt.isResumed).length;
      return { ...step, resumedAttempts };
    });
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
        return Promise.reject(new AppError('CONFLICT', `Run "${change.runId}": event ${event.seq} is out of sequence (expected ${expected})`));
      }
      expected += 1;
    }
    if (change.run !== undefined) assignDefined(stored.run, change.run);
    for (const write of change.steps) applyStep(stored, write);
    for (const event of change.events) stored.events.push({ ...event });
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
    const step = this.runs.get(runId)?.steps.get(nodeId as NodeId);
    return step === undefined ? undefined : { ...step };
  }

  /** Every step row, in the order the steps were first written. */
  getSteps(runId: RunId): StepRecord[] {
    return [...(this.runs.get(runId)?.steps.values() ?? [])].map((step) => ({ ...step }));
  }

  getAttempts(runId: RunId, nodeId: string): AttemptRecord[] {
    return (this.runs.get(runId)?.attempts.get(nodeId as NodeId) ?? []).map((attempt) => ({ ...attempt }));
  }

  /** The events numbered after `afterSeq`, oldest first. */
  getEvents(runId: RunId, afterSeq = 0): RunEvent[] {
    return (this.runs.get(runId)?.events ?? []).filter((event) => event.seq > afterSeq).map((event) => ({ ...event }));
  }
}

function applyStep(stored: StoredRun, write: StepWrite): void {
  let step = stored.steps.get(write.nodeId);
  if (step === undefined) {
    step = { nodeId: write.nodeId, status: 'PENDING', attempt: 0, usage: ZERO_USAGE };
    stored.steps.set(write.nodeId, step);
  }
  step.status = write.status;
  step.attempt = write.attempt;
  // A value may be null (a step's output): only error, retryAt and waitReason are cleared by null.
  if (write.input !== undefined) step.input = write.input;
  if (write.output !== undefined) step.output = write.output;
  if (write.handles !== undefined) step.handles = write.handles;
  if (write.usage !== undefined) step.usage = write.usage;
  if (write.startedAt !== undefined) step.startedAt = write.startedAt;
  if (write.finishedAt !== undefined) step.finishedAt = write.finishedAt;
  if (write.error === null) delete step.error;
  else if (write.error !== undefined) step.error = write.error;
  if (write.retryAt === null) delete step.retryAt;
  else if (write.retryAt !== undefined) step.retryAt = write.retryAt;
  if (write.waitReason === null) delete step.waitReason;
  else if (write.waitReason !== undefined) step.waitReason = write.waitReason;
  if (write.attemptRecord !== undefined) applyAttempt(stored, write.nodeId, write.attemptRecord);
}

function applyAttempt(stored: StoredRun, nodeId: NodeId, patch: NonNullable<StepWrite['attemptRecord']>): void {
  let attempts = stored.attempts.get(nodeId);
  if (attempts === undefined) {
    attempts = [];
    stored.attempts.set(nodeId, attempts);
  }
  let attempt = attempts.find((row) => row.attempt === patch.attempt);
  if (attempt === undefined) {
    attempt = { nodeId, attempt: patch.attempt, status: 'RUNNING', isResumed: false, startedAt: 0 };
    attempts.push(attempt);
  }
  assignDefined(attempt, patch);
}

/** Copies the fields of `patch` onto `target`; undefined leaves a field as it is. */
function assignDefined<T extends object>(target: T, patch: Partial<T>): void {
  for (const key of Object.keys(patch) as Array<keyof T>) {
    const value = patch[key];
    if (value !== undefined) target[key] = value;
  }
}
