/**
 * The ports the engine is given and never builds itself. The in-memory event bus lives beside this
 * file, the in-memory run store (a test double) in `testing/`, the durable adapters in `server/runs/`.
 *
 * Durability contract: the engine hands every state change to `RunStore.commit`, in order, and announces
 * it (EventBus) or acts on it (Dispatcher) only after that promise resolved. One exception: with a
 * Dispatcher that runs steps in this process, a step whose type has no effect outside the run
 * (`effects: 'none'`) starts as soon as its RUNNING row is handed to the store; its outcome is committed
 * after that row all the same, so the store always holds a prefix of the run's history.
 */
import type { AppErrorCode } from '@/server/errors';
import type { NodeId, RunId } from './graph';
import type { RunStatus, StepStatus } from './run-state';

// ---------------------------------------------------------------- shared value types

export interface Usage {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface UsageReport extends Usage {
  model: string;
  /** The team agent (and which version of it) an `llm` step used, so metrics and audits can say so. */
  agentId?: string;
  agentVersion?: number;
  /** The provider reported no usage: the tokens were counted locally, then priced. */
  isEstimated?: boolean;
  /** Budget limits this usage took past 80 % or 100 %: each becomes a `budget.alert` event of the run. */
  budgetAlerts?: readonly BudgetAlertNotice[];
}

/** A team's or mastery's budget crossed 80 % or 100 % of one limit in its period (recorded once a crossing). */
export interface BudgetAlertNotice {
  budgetId: string;
  /** How people name it: `the team's daily budget`, `the monthly budget of "Report"`. */
  budgetName: string;
  limitKind: 'cost' | 'tokens';
  threshold: 80 | 100;
  /** The limit (US dollars or tokens) and what the period had used with this call. */
  limit: number;
  used: number;
}

/** An attempt's usage: summed tokens and cost, plus the model (and agent) of its last LLM call. */
export type AttemptUsage = Usage & Partial<Omit<UsageReport, keyof Usage>>;

/** Serializable form of a step failure (NodeError, timeout, bad config…). */
export interface StepError {
  code: AppErrorCode;
  /** Names the node and its type: `Node "summarise" (llm): …`. */
  message: string;
  /** Whether another attempt may help; the scheduler retries only these. */
  retryable: boolean;
  nodeId: NodeId;
  attempt: number;
}

export interface RunError {
  code: AppErrorCode;
  message: string;
  /** The step that failed the run, when one did. */
  nodeId?: NodeId;
}

/** How a WAITING step is resolved (an approval decision): complete with an output and handles, or fail. */
export type WaitDecision =
  | { kind: 'complete'; output?: unknown; handles?: readonly string[] }
  | { kind: 'fail'; message: string; code?: AppErrorCode };

/** A wait's deadline: after `afterMs` the engine applies `decision` itself. Plain data, stored with the step. */
export interface WaitTimeout {
  afterMs: number;
  decision: WaitDecision;
}

// ---------------------------------------------------------------- stored records (what loadRun returns)

export interface RunRecord {
  id: RunId;
  status: RunStatus;
  input: unknown;
  output?: unknown;
  error?: RunError;
  totals: Usage;
  /** Sequence number of the last stored RunEvent; the engine numbers new events from here. */
  lastSeq: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
}

export interface StepRecord {
  nodeId: NodeId;
  status: StepStatus;
  /** Number of the current (or last) attempt; 0 before the first one. */
  attempt: number;
  /**
   * Which upstream outputs the first attempt received: `{ "$from": [step ids] }` (step-input.ts), never
   * the values. Rows stored before that hold the outputs by step id.
   */
  input?: unknown;
  output?: unknown;
  /** Output handles taken (`out`, `true`/`false`…); needed to rebuild which edges were taken on resume. */
  handles?: readonly string[];
  error?: StepError;
  usage: Usage;
  startedAt?: number;
  finishedAt?: number;
  /**
   * When status is RETRYING: when the next attempt is due (epoch ms). When WAITING: the wait's deadline,
   * if it has one (an approval's timeout), so a restart still takes the timeout decision on time.
   */
  retryAt?: number;
  /** When status is WAITING: what the step waits for (e.g. an approval). */
  waitReason?: string;
  /**
   * When status is RUNNING: how many of its attempts were started as resumes, each one because a process
   * died during the attempt before it. Recovery counts the crashes a step caused with it.
   */
  resumedAttempts?: number;
}

export interface AttemptRecord {
  nodeId: NodeId;
  attempt: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'WAITING' | 'CANCELLED';
  /** Started again after a crash or restart interrupted the previous attempt. */
  isResumed: boolean;
  startedAt: number;
  finishedAt?: number;
  error?: StepError;
  usage?: AttemptUsage;
}

export interface RunSnapshot {
  run: RunRecord;
  /** The version's graph as stored; the engine parses and validates it again. */
  graph: unknown;
  /**
   * A stable id of the graph's content (the version id, versions being immutable). The engine validates
   * and compiles a graph once per key, so many runs of one version do not pay for it each time.
   */
  graphKey?: string;
  steps: readonly StepRecord[];
}

// ---------------------------------------------------------------- events

export type RunEventBody =
  | { type: 'run.status'; status: RunStatus; error?: RunError; totals?: Usage; isResumed?: boolean }
  | {
      type: 'step.status';
      nodeId: NodeId;
      status: StepStatus;
      attempt: number;
      error?: StepError;
      isResumed?: boolean;
      /** RETRYING: delay before the next attempt. */
      delayMs?: number;
      usage?: Usage;
      handles?: readonly string[];
    }
  | ({ type: 'budget.alert'; nodeId: NodeId } & BudgetAlertNotice);

/** Stored, numbered per run (1, 2, 3…); the live view and the audit trail both read these. */
export type RunEvent = RunEventBody & { runId: RunId; seq: number; at: number };

export type StepStatusEvent = Extract<RunEvent, { type: 'step.status' }>;

/** Streamed, never stored (LLM token deltas): announced to live subscribers only. */
export interface PartialEvent {
  type: 'step.partial';
  runId: RunId;
  nodeId: NodeId;
  attempt: number;
  chunk: unknown;
  at: number;
}

export type LiveEvent = RunEvent | PartialEvent;

// ---------------------------------------------------------------- RunStore

/**
 * Patch of a step row (upsert by runId + nodeId): fields left undefined are unchanged, `null` clears
 * (the error of a failed attempt once a retry succeeded, `retryAt` once the retry started).
 */
export interface StepWrite {
  nodeId: NodeId;
  status: StepStatus;
  attempt: number;
  input?: unknown;
  output?: unknown;
  handles?: readonly string[];
  error?: StepError | null;
  usage?: Usage;
  startedAt?: number;
  finishedAt?: number;
  retryAt?: number | null;
  waitReason?: string | null;
  /** Patch of the attempt row (upsert by runId + nodeId + attemptRecord.attempt). */
  attemptRecord?: Partial<AttemptRecord> & { attempt: number };
}

/** Patch of the run row; fields left undefined are unchanged. */
export type RunWrite = Partial<Omit<RunRecord, 'id' | 'lastSeq' | 'createdAt' | 'input'>>;

/**
 * One atomic unit of change for one run: a step's end together with its successors' start, or several
 * steps that ended together (the engine groups changes made while the previous commit was in flight).
 * `events` are already numbered, consecutively after the run's `lastSeq`: an adapter must store them
 * with a unique (runId, seq) so a second process driving the same run fails instead of interleaving.
 */
export interface RunCommit {
  runId: RunId;
  run?: RunWrite;
  steps: readonly StepWrite[];
  events: readonly RunEvent[];
}

/**
 * Where runs live. The run service creates a run (QUEUED, with its first event, seq 1) in its own way;
 * from then on every change comes through `commit`. A step has no row until it first changes: no row
 * means PENDING. Recovery needs only `loadRun` and `listRunIds`: the engine rebuilds everything else.
 */
export interface RunStore {
  /** The run, its graph and its step rows; undefined when no such run exists. */
  loadRun(runId: RunId): Promise<RunSnapshot | undefined>;
  /** The run alone, without its graph and steps (`untilAtRest` reports no more); undefined when none. */
  loadRunRecord(runId: RunId): Promise<RunRecord | undefined>;
  /**
   * Applies the whole commit atomically (one transaction) or not at all. Concurrent calls for different
   * runs may be merged by the adapter into one transaction; calls for one run never overlap.
   */
  commit(change: RunCommit): Promise<void>;
  /** Runs in the given statuses, oldest first: recovery resumes the RUNNING ones at start-up. */
  listRunIds(statuses: readonly RunStatus[]): Promise<RunId[]>;
}

// ---------------------------------------------------------------- Dispatcher

/** Everything needed to execute one attempt of one step; plain data, so a queue can carry it. */
export interface StepJob {
  runId: RunId;
  nodeId: NodeId;
  nodeName: string;
  nodeType: string;
  attempt: number;
  isResumed: boolean;
  /** `runId:nodeId:attempt`: pass it to external systems so a repeated call has no second effect. */
  idempotencyKey: string;
  /** Config with `{{ }}` templates already resolved (raw JSONata fields left as written). */
  config: unknown;
  /** Outputs of the upstream steps whose edge into this step was taken, by step id. */
  inputs: Readonly<Record<string, unknown>>;
  /** The run scope for raw JSONata fields; a queue adapter may trim `steps` to `referencedSteps`. */
  scope: { input: unknown; steps: Readonly<Record<string, { output: unknown }>>; run: { id: string } };
  referencedSteps: readonly string[];
}

/** Side channel of a running attempt. In-process these are calls; a queue adapter forwards them. */
export interface StepHooks {
  /** Aborted on timeout or cancel. The engine stops waiting at that moment whatever execute does. */
  signal: AbortSignal;
  onPartial(chunk: unknown): void;
  onUsage(usage: UsageReport): void;
}

/** Usage is not part of the outcome: it arrives through `StepHooks.onUsage`, so a timed-out attempt keeps it. */
export type StepOutcome =
  /** `outputChars`: the output's size as characters of JSON, as the executor measured it against the limits. */
  | { kind: 'succeeded'; output: unknown; handles: readonly string[]; outputChars?: number }
  | { kind: 'waiting'; reason: string; data?: unknown; timeout?: WaitTimeout }
  | { kind: 'failed'; error: StepError }
  /**
   * The process executing the attempt died (a queue worker's lease expired): the attempt is closed as
   * interrupted and the step runs again at once as a new attempt marked resumed, as after a restart.
   */
  | { kind: 'interrupted'; reason: string };

export interface Dispatcher {
  /**
   * The engine may hand it effect-free steps before their RUNNING row is stored (see the durability
   * contract above): running one whose row a crash lost, or running it twice, changes nothing outside its
   * run, and the engine applies one outcome per attempt. Left unset, every step waits for its row.
   */
  readonly startsEffectFreeEarly?: boolean;
  /** Executes one attempt somewhere and resolves with its outcome; never rejects. */
  dispatch(job: StepJob, hooks: StepHooks): Promise<StepOutcome>;
}

// ---------------------------------------------------------------- EventBus, Clock, Logger

export interface EventBus {
  /** Called after the events were committed (or, for partials, as they stream). */
  publish(events: readonly LiveEvent[]): void;
  /** Live events of one run from now on; returns the unsubscribe function. */
  subscribe(runId: RunId, listener: (event: LiveEvent) => void): () => void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  setTimeout(callback: () => void, ms: number): () => void;
  /** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export const ZERO_USAGE: Usage = Object.freeze({ tokensIn: 0, tokensOut: 0, costUsd: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return { tokensIn: a.tokensIn + b.tokensIn, tokensOut: a.tokensOut + b.tokensOut, costUsd: a.costUsd + b.costUsd };
}
