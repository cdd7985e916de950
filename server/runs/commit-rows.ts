/**
 * Turns a group of engine commits (at most one per run) into the parameters of COMMIT_SQL
 * (commit-sql.ts): one array per column, the n-th element of each array making the n-th row. Pure.
 *
 * A commit may patch one step (or attempt) twice, a step's start and end merged into one commit: the
 * patches are merged here, later keys winning, because one statement may touch each row only once.
 * A patch leaves what it does not set unchanged (sent as SQL NULL); clearing a column (`null` in a
 * `StepWrite`) is sent as a flag beside it.
 *
 * JSON values go as text into `json` columns, which keep the text as written: a NUL or a lone surrogate
 * in an output is stored and read back as it was (JSON.stringify escapes both).
 *
 * Each column goes as one bound parameter, a PostgreSQL array literal built here (arrayLiteral): all
 * parameters are then text, which the embedded database's prepared statements take (pglite-prepared.ts).
 */
import type { RunCommit, StepWrite } from '@/server/engine/ports';

type Row = Record<string, unknown>;

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const time = (ms: unknown): string | null => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function put(row: Row, key: string, value: unknown): void {
  if (value !== undefined) row[key] = value;
}

function stepPatch(write: StepWrite): Row {
  const row: Row = { nodeId: write.nodeId, status: write.status, attempt: write.attempt };
  for (const key of ['input', 'output', 'handles', 'error', 'startedAt', 'finishedAt', 'retryAt', 'waitReason'] as const) put(row, key, write[key]);
  put(row, 'usage', write.usage);
  return row;
}

function attemptPatch(write: StepWrite): Row | undefined {
  const record = write.attemptRecord;
  if (!record) return undefined;
  const row: Row = { nodeId: write.nodeId, attempt: record.attempt };
  for (const key of ['status', 'isResumed', 'startedAt', 'finishedAt', 'error', 'usage'] as const) put(row, key, record[key]);
  // The attempt keeps what it was given and what it produced, beside the step's latest state.
  put(row, 'input', write.input);
  if (record.status === 'SUCCEEDED') put(row, 'output', write.output);
  return row;
}

/** Patches of one key merged in order, later keys winning. */
function mergeBy(patches: Row[], key: (row: Row) => string): Row[] {
  const merged = new Map<string, Row>();
  for (const patch of patches) {
    const k = key(patch);
    const earlier = merged.get(k);
    if (earlier === undefined) merged.set(k, { ...patch });
    else Object.assign(earlier, patch);
  }
  return [...merged.values()];
}

/** Columns in the order of COMMIT_SQL's parameters. */
export interface CommitParams {
  events: unknown[][];
  runs: unknown[][];
  steps: unknown[][];
  attempts: unknown[][];
}

/** The statement's parameters, $1 onwards: one array literal a column. */
export function commitParams(changes: readonly RunCommit[]): string[] {
  const { events, runs, steps, attempts } = commitColumns(changes);
  return [...events, ...runs, ...steps, ...attempts].map(arrayLiteral);
}

const ESCAPED = /[\\"]/g;

/** `{"a","b",NULL}`: every element quoted, as the drivers send them; `\` and `"` escaped with `\`. */
export function arrayLiteral(values: readonly unknown[]): string {
  const elements = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || value === undefined) elements[i] = 'NULL';
    else if (typeof value === 'boolean') elements[i] = value ? 't' : 'f';
    else {
      elements[i] = `"${String(value).replace(ESCAPED, '\\$&')}"`;
    }
  }
  return `{${elements.join(',')}}`;
}

export function commitColumns(changes: readonly RunCommit[]): CommitParams {
  const events = columns(5);
  const runs = columns(10);
  const steps = columns(18);
  const attempts = columns(18);
  for (const change of changes) {
    for (const { runId, seq, at, ...body } of change.events) {
      // An event's payload is its body, type included; run, number and time have columns of their own.
      push(events, [runId, seq, body.type, JSON.stringify(body), time(at)]);
    }
    const run = change.run ?? {};
    const last = change.events.at(-1);
    push(runs, [
      change.runId, orNull(run.status), json(run.output), json(run.error), time(run.startedAt), time(run.finishedAt),
      orNull(run.totals?.tokensIn), orNull(run.totals?.tokensOut), orNull(run.totals?.costUsd), last === undefined ? null : last.seq,
    ]);
    const stepPatches: Row[] = [];
    const attemptPatches: Row[] = [];
    for (const write of change.steps) {
      stepPatches.push(stepPatch(write));
      const attempt = attemptPatch(write);
      if (attempt) attemptPatches.push(attempt);
    }
    for (const s of mergeBy(stepPatches, (r) => String(r.nodeId))) push(steps, stepColumns(change.runId, s));
    for (const a of mergeBy(attemptPatches, (r) => `${String(r.nodeId)}\u0000${String(r.attempt)}`)) push(attempts, attemptColumns(change.runId, a));
  }
  return { events, runs, steps, attempts };
}

interface UsageRow {
  tokensIn?: number;
  tokensOut?: number;
  costUsd?: number;
  model?: string;
  agentId?: string;
  agentVersion?: number;
  isEstimated?: boolean;
}

function stepColumns(runId: string, s: Row): unknown[] {
  const usage = s.usage as UsageRow | undefined;
  return [
    runId, s.nodeId, s.status, s.attempt, json(s.input), json(s.output), json(s.handles),
    s.error === null ? null : json(s.error), s.error === null,
    orNull(usage?.tokensIn), orNull(usage?.tokensOut), orNull(usage?.costUsd),
    time(s.startedAt), time(s.finishedAt),
    time(s.retryAt), s.retryAt === null,
    s.waitReason === null ? null : orNull(s.waitReason), s.waitReason === null,
  ];
}

function attemptColumns(runId: string, a: Row): unknown[] {
  const usage = a.usage as UsageRow | undefined;
  const { startedAt, finishedAt } = a;
  // Start and end in one commit: the duration is known here; otherwise the SQL measures from the stored start.
  const durationMs = typeof startedAt === 'number' && typeof finishedAt === 'number' ? Math.round(finishedAt - startedAt) : null;
  return [
    runId, a.nodeId, a.attempt, orNull(a.status), orNull(a.isResumed), json(a.input), json(a.output), json(a.error),
    time(startedAt), time(finishedAt), durationMs,
    orNull(usage?.model), orNull(usage?.agentId), orNull(usage?.agentVersion), orNull(usage?.isEstimated),
    orNull(usage?.tokensIn), orNull(usage?.tokensOut), orNull(usage?.costUsd),
  ];
}

function columns(n: number): unknown[][] {
  return Array.from({ length: n }, () => []);
}

function push(target: unknown[][], values: unknown[]): void {
  if (values.length !== target.length) throw new Error(`A commit row has ${values.length} values for ${target.length} columns`);
  for (let i = 0; i < values.length; i += 1) target[i]?.push(values[i]);
}
