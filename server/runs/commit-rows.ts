/**
 * Turns engine commits into the JSON rows of COMMIT_SQL. Pure functions: a key is written only when the
 * engine set it, so the SQL can tell "unchanged" (absent) from "cleared" (null).
 */
import { randomUUID } from 'node:crypto';
import type { RunCommit, StepWrite } from '@/server/engine/ports';

type Row = Record<string, unknown>;

function put(row: Row, key: string, value: unknown): void {
  if (value !== undefined) row[key] = value;
}

function runRow(change: RunCommit): Row {
  const row: Row = { runId: change.runId };
  const first = change.events[0];
  if (first) Object.assign(row, { prevSeq: first.seq - 1, lastSeq: first.seq - 1 + change.events.length });
  const run = change.run;
  if (run) {
    put(row, 'status', run.status);
    put(row, 'output', run.output);
    put(row, 'error', run.error);
    put(row, 'startedAt', run.startedAt);
    put(row, 'finishedAt', run.finishedAt);
    if (run.totals) Object.assign(row, { tokensIn: run.totals.tokensIn, tokensOut: run.totals.tokensOut, costUsd: run.totals.costUsd });
  }
  return row;
}

function stepRow(runId: string, write: StepWrite): Row {
  const row: Row = { id: randomUUID(), runId, nodeId: write.nodeId, status: write.status, attempt: write.attempt };
  for (const key of ['input', 'output', 'handles', 'error', 'startedAt', 'finishedAt', 'retryAt', 'waitReason'] as const) {
    put(row, key, write[key]);
  }
  if (write.usage) Object.assign(row, { tokensIn: write.usage.tokensIn, tokensOut: write.usage.tokensOut, costUsd: write.usage.costUsd });
  return row;
}

function attemptRow(runId: string, write: StepWrite): Row | undefined {
  const record = write.attemptRecord;
  if (!record) return undefined;
  const row: Row = { id: randomUUID(), runId, nodeId: write.nodeId, attempt: record.attempt };
  put(row, 'status', record.status);
  put(row, 'isResumed', record.isResumed);
  put(row, 'startedAt', record.startedAt);
  put(row, 'finishedAt', record.finishedAt);
  put(row, 'error', record.error);
  if (record.usage) {
    Object.assign(row, { tokensIn: record.usage.tokensIn, tokensOut: record.usage.tokensOut, costUsd: record.usage.costUsd });
    // Which model (and agent version) an LLM step used: absent keys leave the columns unchanged.
    put(row, 'model', record.usage.model);
    put(row, 'agentId', record.usage.agentId);
    put(row, 'agentVersion', record.usage.agentVersion);
  }
  if (record.startedAt !== undefined && record.finishedAt !== undefined) row.durationMs = Math.round(record.finishedAt - record.startedAt);
  // The attempt keeps what it was given and what it produced, beside the step's latest state.
  put(row, 'input', write.input);
  if (record.status === 'SUCCEEDED') put(row, 'output', write.output);
  return row;
}

/** Later patches of the same row win key by key, so one statement never touches a row twice. */
function mergeBy(rows: Row[], key: (row: Row) => string): Row[] {
  const merged = new Map<string, Row>();
  for (const row of rows) {
    const k = key(row);
    const earlier = merged.get(k);
    merged.set(k, earlier ? { ...earlier, ...row, id: earlier.id } : row);
  }
  return [...merged.values()];
}

export interface CommitRows {
  runs: Row[];
  steps: Row[];
  attempts: Row[];
  events: Row[];
}

/** One batch holds at most one commit per run (the engine never overlaps commits of one run). */
export function toRows(changes: readonly RunCommit[]): CommitRows {
  const steps: Row[] = [];
  const attempts: Row[] = [];
  const events: Row[] = [];
  for (const change of changes) {
    for (const write of change.steps) {
      steps.push(stepRow(change.runId, write));
      const attempt = attemptRow(change.runId, write);
      if (attempt) attempts.push(attempt);
    }
    for (const { runId, seq, at, type, ...rest } of change.events) {
      events.push({ id: randomUUID(), runId, seq, at, type, payload: { type, ...rest } });
    }
  }
  return {
    runs: changes.map(runRow),
    steps: mergeBy(steps, (r) => `${String(r.runId)}\u0000${String(r.nodeId)}`),
    attempts: mergeBy(attempts, (r) => `${String(r.runId)}\u0000${String(r.nodeId)}\u0000${String(r.attempt)}`),
    events,
  };
}
