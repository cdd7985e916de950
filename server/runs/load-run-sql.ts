/**
 * What the engine loads to start or resume runs (RunStore.loadRun): each run, its version's graph and its
 * steps, in one query sent directly rather than as Prisma's three, for every run asked for at once
 * (batched-loads.ts): starting 20 runs at once took 35–60 ms through Prisma, most of a short run's set-up.
 * The run data columns are `json` (not `jsonb`), so the steps are gathered with the json functions,
 * which pass their text through as stored.
 *
 * Times come back as epoch milliseconds: the columns hold UTC without a zone, which a driver would read
 * in the process's local zone.
 */
import { z } from 'zod';
import type { NodeId, RunId } from '@/server/engine/graph';
import type { RunError, RunRecord, RunSnapshot, StepError, StepRecord } from '@/server/engine/ports';
import { runStatusSchema, stepStatusSchema } from '@/server/engine/run-state';

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

const RUN_COLUMNS = `r.id, r.status::text AS status, r.input, r.output, r.error,
    r."tokensIn", r."tokensOut", r."costUsd", r."lastSeq",
    ${epochMs('r."createdAt"')} AS "createdAt", ${epochMs('r."startedAt"')} AS "startedAt", ${epochMs('r."finishedAt"')} AS "finishedAt"`;

/** $1: the runs' ids. A RUNNING step comes with its resumed attempts, by which recovery counts its crashes. */
export const LOAD_RUNS_SQL = `SELECT ${RUN_COLUMNS},
    v.id AS "versionId", v.graph,
    COALESCE((SELECT json_agg(json_build_object(
        'nodeId', s."nodeId", 'status', s.status::text, 'attempt', s.attempt, 'input', s.input, 'output', s.output,
        'handles', s.handles, 'error', s.error, 'tokensIn', s."tokensIn", 'tokensOut', s."tokensOut", 'costUsd', s."costUsd",
        'startedAt', ${epochMs('s."startedAt"')}, 'finishedAt', ${epochMs('s."finishedAt"')}, 'retryAt', ${epochMs('s."retryAt"')},
        'waitReason', s."waitReason",
        'resumedAttempts', CASE WHEN s.status = 'RUNNING' THEN (SELECT count(*) FROM "StepRun" a
          WHERE a."runId" = s."runId" AND a."nodeId" = s."nodeId" AND a."isResumed") END))
      FROM "RunStep" s WHERE s."runId" = r.id), '[]'::json) AS steps
  FROM "Run" r JOIN "MasteryVersion" v ON v.id = r."versionId"
  WHERE r.id = ANY($1::text[])`;

/**
 * $1: the runs' ids. The run rows alone (RunStore.loadRunRecord): building the steps' JSON took 0.7 ms
 * a run of 50 steps on the embedded database; reading back 20 finished runs fell from 41–55 ms with
 * their steps to 1.4–2.7 ms without.
 */
export const LOAD_RUN_RECORDS_SQL = `SELECT ${RUN_COLUMNS} FROM "Run" r WHERE r.id = ANY($1::text[])`;

const time = z.number().nullable();
const json = z.unknown();

const stepRowSchema = z.object({
  nodeId: z.string(),
  status: stepStatusSchema,
  attempt: z.number().int(),
  input: json,
  output: json,
  handles: z.array(z.string()),
  // Written by the engine only (StepError), so not checked field by field.
  error: z.record(z.string(), z.unknown()).nullable(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  startedAt: time,
  finishedAt: time,
  retryAt: time,
  waitReason: z.string().nullable(),
  resumedAttempts: z.number().int().nullable(),
});

export const loadedRunRecordSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  input: json,
  output: json,
  error: z.record(z.string(), z.unknown()).nullable(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  lastSeq: z.number().int(),
  createdAt: z.number(),
  startedAt: time,
  finishedAt: time,
});
export type LoadedRunRecord = z.infer<typeof loadedRunRecordSchema>;

export const loadedRunSchema = loadedRunRecordSchema.extend({
  versionId: z.string(),
  graph: json,
  steps: z.array(stepRowSchema),
});
export type LoadedRun = z.infer<typeof loadedRunSchema>;

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export function toSnapshot(row: LoadedRun): RunSnapshot {
  const steps: StepRecord[] = row.steps.map((s) => ({
    nodeId: s.nodeId as NodeId,
    status: s.status,
    attempt: s.attempt,
    input: orUndefined(s.input),
    output: orUndefined(s.output),
    handles: s.handles,
    error: orUndefined(s.error) as StepError | undefined,
    usage: { tokensIn: s.tokensIn, tokensOut: s.tokensOut, costUsd: s.costUsd },
    startedAt: orUndefined(s.startedAt),
    finishedAt: orUndefined(s.finishedAt),
    retryAt: orUndefined(s.retryAt),
    waitReason: orUndefined(s.waitReason),
    resumedAttempts: orUndefined(s.resumedAttempts),
  }));
  return {
    run: toRunRecord(row),
    graph: row.graph,
    // Versions are immutable, so the version id names the graph for the engine's cache.
    graphKey: row.versionId,
    steps,
  };
}

export function toRunRecord(row: LoadedRunRecord): RunRecord {
  return {
    id: row.id as RunId,
    status: row.status,
    input: row.input,
    output: orUndefined(row.output),
    error: orUndefined(row.error) as RunError | undefined,
    totals: { tokensIn: row.tokensIn, tokensOut: row.tokensOut, costUsd: row.costUsd },
    lastSeq: row.lastSeq,
    createdAt: row.createdAt,
    startedAt: orUndefined(row.startedAt),
    finishedAt: orUndefined(row.finishedAt),
  };
}
