/**
 * Turns engine commits into the JSON rows of the journal (journal-sql.ts) and merges journalled commits
 * into the rows of one projection pass (projection-sql.ts). Pure functions: a key is written only when
 * the engine set it, so the SQL can tell "unchanged" (absent) from "cleared" (null).
 */
import { z } from 'zod';
import type { RunCommit, StepWrite } from '@/server/engine/ports';

type Row = Record<string, unknown>;

function put(row: Row, key: string, value: unknown): void {
  if (value !== undefined) row[key] = value;
}

function runRow(change: RunCommit): Row {
  const row: Row = {};
  const first = change.events[0];
  if (first) row.lastSeq = first.seq - 1 + change.events.length;
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

function stepRow(write: StepWrite): Row {
  const row: Row = { nodeId: write.nodeId, status: write.status, attempt: write.attempt };
  for (const key of ['input', 'output', 'handles', 'error', 'startedAt', 'finishedAt', 'retryAt', 'waitReason'] as const) {
    put(row, key, write[key]);
  }
  if (write.usage) Object.assign(row, { tokensIn: write.usage.tokensIn, tokensOut: write.usage.tokensOut, costUsd: write.usage.costUsd });
  return row;
}

function attemptRow(write: StepWrite): Row | undefined {
  const record = write.attemptRecord;
  if (!record) return undefined;
  const row: Row = { nodeId: write.nodeId, attempt: record.attempt };
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
    put(row, 'isEstimated', record.usage.isEstimated);
  }
  if (record.startedAt !== undefined && record.finishedAt !== undefined) row.durationMs = Math.round(record.finishedAt - record.startedAt);
  // The attempt keeps what it was given and what it produced, beside the step's latest state.
  put(row, 'input', write.input);
  if (record.status === 'SUCCEEDED') put(row, 'output', write.output);
  return row;
}

const rowSchema = z.record(z.string(), z.unknown());

/** What one commit changes in the tables: carried by its last event until a projection pass applies it. */
export const journalRowsSchema = z.object({ run: rowSchema, steps: z.array(rowSchema), attempts: z.array(rowSchema) });
export type JournalRows = z.infer<typeof journalRowsSchema>;

export interface Journal {
  /**
   * RunEvent rows: the engine's events as they are (the SQL stores each without its run, number and
   * time as its payload); with `carry`, the last event of each commit is a copy holding the commit's
   * rows (`journal`).
   */
  events: object[];
  /** One per commit, in the order given (a batch holds at most one commit per run). */
  entries: Array<{ runId: string; rows: JournalRows }>;
}

/**
 * A commit's table rows, and its events as RunEvent rows. With `carry`, each commit's last event also
 * holds its rows until a projection pass applies them; without, the rows are written in the same
 * statement as the events (a group written straight through).
 */
export function toJournal(changes: readonly RunCommit[], options: { carry: boolean }): Journal {
  const events: object[] = [];
  const entries = changes.map((change) => {
    const steps: Row[] = [];
    const attempts: Row[] = [];
    for (const write of change.steps) {
      steps.push(stepRow(write));
      const attempt = attemptRow(write);
      if (attempt) attempts.push(attempt);
    }
    const rows = { run: runRow(change), steps, attempts };
    for (const event of change.events) events.push(event);
    if (options.carry) {
      const last = change.events.at(-1);
      if (last === undefined) throw new Error(`A commit of run "${change.runId}" without events cannot carry its rows`);
      events[events.length - 1] = { ...last, journal: rows };
    }
    return { runId: change.runId, rows };
  });
  return { events, entries };
}

/** The sequence number of a commit's last event, which carries its rows (recorded as the run's `lastSeq`). */
export function carrierSeq(rows: JournalRows): number {
  const seq = rows.run.lastSeq;
  if (typeof seq !== 'number') throw new Error('A journalled commit records no last sequence number');
  return seq;
}

export interface ProjectionRows {
  runs: Row[];
  steps: Row[];
  attempts: Row[];
}

const isNumber = (value: unknown): value is number => typeof value === 'number';

/**
 * Journalled commits, oldest first, as one pass's rows: each run, step and attempt once, later patches
 * winning key by key, so one statement never touches a row twice. Journal rows leave out what the pass
 * knows (the run id) to stay small. Each merged row is a copy: the journal's rows are left as they are.
 */
export function mergeJournal(entries: ReadonlyArray<{ runId: string; rows: JournalRows }>): ProjectionRows {
  const runs = new Map<string, Row>();
  const steps = new Map<string, Row>();
  const attempts = new Map<string, Row>();
  for (const { runId, rows } of entries) {
    mergeInto(runs, runId, runId, rows.run);
    for (const row of rows.steps) mergeInto(steps, `${runId}\u0000${String(row.nodeId)}`, runId, row);
    for (const row of rows.attempts) mergeInto(attempts, `${runId}\u0000${String(row.nodeId)}\u0000${String(row.attempt)}`, runId, row);
  }
  for (const row of attempts.values()) {
    // An attempt's start and end merged into one insert: its duration is known here.
    if (row.durationMs === undefined && isNumber(row.startedAt) && isNumber(row.finishedAt)) row.durationMs = Math.round(row.finishedAt - row.startedAt);
  }
  return { runs: [...runs.values()], steps: [...steps.values()], attempts: [...attempts.values()] };
}

function mergeInto(merged: Map<string, Row>, key: string, runId: string, row: Row): void {
  const earlier = merged.get(key);
  if (earlier === undefined) merged.set(key, Object.assign({ runId }, row));
  else Object.assign(earlier, row);
}
