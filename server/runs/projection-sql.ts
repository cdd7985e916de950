/**
 * The SQL that applies journalled commits to the Run, RunStep and StepRun tables (server/runs/projector.ts):
 * one call of a PL/pgSQL function per pass, over the merged patches of every commit the pass takes. It
 * clears those commits' journal (on their last events) in the same transaction, so a commit is applied
 * exactly once, and raises when one of them is already clear (another process applied it first): the
 * caller then applies what is still journalled instead.
 *
 * The transaction commits asynchronously (synchronous_commit off): the commits were durable when their
 * events were written, and a crash that loses the projection loses the clearing with it, so the commits
 * are applied again at the next start.
 *
 * Per table, one UPDATE of the rows that exist and one INSERT of the others, over all the pass's rows:
 * a statement's set-up is paid once per table, not once per row. The function runs with sequential
 * scans, hash, merge and bitmap joins switched off, so every plan finds its rows through the primary
 * keys (a nested loop over the batch) whatever the table statistics say; plans are cached for the
 * session, and a plan chosen by statistics turned into a sequential scan as the tables grew.
 *
 * Rows arrive as JSON arrays. A key that is absent leaves the column unchanged; a key present with
 * null clears it — the patch rules of `StepWrite` and `RunWrite` (server/engine/ports.ts). Rows of a run
 * that was deleted meanwhile are dropped.
 *
 * The function is created on first use rather than in a migration, because Prisma's PostgreSQL adapter
 * splits migration scripts at every ';' and cannot apply a function body. Its name carries a hash of its
 * text, so a changed function gets a new name and a process never runs an old one.
 */

import { createHash } from 'node:crypto';

// Epoch milliseconds → timestamp(3) in UTC, the way Prisma stores DateTime.
const ts = (expr: string) => `(to_timestamp((${expr})::double precision / 1000) AT TIME ZONE 'UTC')`;

/** Stores the events of a JSON array parameter (the journal's call and a group written straight through). */
// An event's payload is the event without what has columns of its own (and the carried journal).
export const insertEventsSql = (param: string) => `INSERT INTO "RunEvent" ("runId", seq, type, payload, "createdAt", journal)
  SELECT j->>'runId', (j->>'seq')::int, j->>'type', j - ARRAY['runId', 'seq', 'at', 'journal'], ${ts("j->>'at'")}, j->'journal'
  FROM jsonb_array_elements(${param}) AS w(j)`;

const keep = (key: string, value: string, current: string) => `CASE WHEN j ? '${key}' THEN ${value} ELSE ${current} END`;
const jsonOrNull = (key: string) => `NULLIF(j->'${key}', 'null'::jsonb)`;
const timeOrNull = (key: string) => `CASE WHEN jsonb_typeof(j->'${key}') = 'number' THEN ${ts(`j->>'${key}'`)} END`;
const handles = `ARRAY(SELECT jsonb_array_elements_text(j->'handles'))`;

/** Raised (SQLSTATE 40001) when some of the pass's commits are no longer journalled: another process applied them. */
export const PROJECTED_ELSEWHERE_MARK = 'ms_run_projected_elsewhere';

// Column assignments of a table aliased `t`, from its JSON row `j`.
const setUsage = (t: string) => `"tokensIn" = COALESCE((j->>'tokensIn')::int, ${t}."tokensIn"),
      "tokensOut" = COALESCE((j->>'tokensOut')::int, ${t}."tokensOut"),
      "costUsd" = COALESCE((j->>'costUsd')::double precision, ${t}."costUsd")`;
const setTime = (t: string, key: string) => `"${key}" = ${keep(key, timeOrNull(key), `${t}."${key}"`)}`;
const setJson = (t: string, key: 'input' | 'output') => `${key} = ${keep(key, `j->'${key}'`, `${t}.${key}`)}`;
const setError = (t: string) => `error = ${keep('error', jsonOrNull('error'), `${t}.error`)}`;

const RUN_SET = `
      status = COALESCE((j->>'status')::"RunStatus", r.status),
      ${setJson('r', 'output')},
      ${setError('r')},
      ${setUsage('r')},
      ${setTime('r', 'startedAt')},
      ${setTime('r', 'finishedAt')},
      "lastSeq" = GREATEST(COALESCE((j->>'lastSeq')::int, r."lastSeq"), r."lastSeq")`;

const STEP_SET = `
      status = (j->>'status')::"StepStatus",
      attempt = (j->>'attempt')::int,
      ${setJson('s', 'input')},
      ${setJson('s', 'output')},
      handles = ${keep('handles', handles, 's.handles')},
      ${setError('s')},
      ${setUsage('s')},
      ${setTime('s', 'startedAt')},
      ${setTime('s', 'finishedAt')},
      ${setTime('s', 'retryAt')},
      "waitReason" = ${keep('waitReason', "j->>'waitReason'", 's."waitReason"')}`;
const STEP_MATCH = (s: string) => `${s}."runId" = j->>'runId' AND ${s}."nodeId" = j->>'nodeId'`;
const STEP_INSERT = `INSERT INTO "RunStep" ("runId", "nodeId", status, attempt, input, output, handles, error,
        "tokensIn", "tokensOut", "costUsd", "startedAt", "finishedAt", "retryAt", "waitReason")`;
const STEP_VALUES = `j->>'runId', j->>'nodeId', (j->>'status')::"StepStatus", (j->>'attempt')::int,
        j->'input', j->'output', ${handles}, ${jsonOrNull('error')},
        COALESCE((j->>'tokensIn')::int, 0), COALESCE((j->>'tokensOut')::int, 0), COALESCE((j->>'costUsd')::double precision, 0),
        ${timeOrNull('startedAt')}, ${timeOrNull('finishedAt')}, ${timeOrNull('retryAt')}, j->>'waitReason'`;

const ATTEMPT_SET = `
      status = COALESCE((j->>'status')::"StepStatus", a.status),
      "isResumed" = COALESCE((j->>'isResumed')::boolean, a."isResumed"),
      ${setJson('a', 'input')},
      ${setJson('a', 'output')},
      ${setError('a')},
      ${setTime('a', 'startedAt')},
      ${setTime('a', 'finishedAt')},
      -- An attempt's end arrives without its start (written by an earlier commit): measure from the stored one.
      "durationMs" = COALESCE(
        (j->>'durationMs')::int,
        CASE WHEN jsonb_typeof(j->'finishedAt') = 'number' AND a."startedAt" IS NOT NULL
          THEN round((j->>'finishedAt')::double precision - extract(epoch FROM a."startedAt") * 1000)::int END,
        a."durationMs"),
      model = COALESCE(j->>'model', a.model),
      "agentId" = COALESCE(j->>'agentId', a."agentId"),
      "agentVersion" = COALESCE((j->>'agentVersion')::int, a."agentVersion"),
      "isEstimated" = COALESCE((j->>'isEstimated')::boolean, a."isEstimated"),
      ${setUsage('a')}`;
const ATTEMPT_MATCH = (a: string) => `${a}."runId" = j->>'runId' AND ${a}."nodeId" = j->>'nodeId' AND ${a}.attempt = (j->>'attempt')::int`;
const ATTEMPT_INSERT = `INSERT INTO "StepRun" ("runId", "nodeId", attempt, status, "isResumed", input, output, error,
        "startedAt", "finishedAt", "durationMs", model, "agentId", "agentVersion", "isEstimated", "tokensIn", "tokensOut", "costUsd")`;
const ATTEMPT_VALUES = `j->>'runId', j->>'nodeId', (j->>'attempt')::int, COALESCE((j->>'status')::"StepStatus", 'RUNNING'),
        COALESCE((j->>'isResumed')::boolean, false), j->'input', j->'output', ${jsonOrNull('error')},
        ${timeOrNull('startedAt')}, ${timeOrNull('finishedAt')}, (j->>'durationMs')::int, j->>'model',
        j->>'agentId', (j->>'agentVersion')::int, COALESCE((j->>'isEstimated')::boolean, false),
        COALESCE((j->>'tokensIn')::int, 0), COALESCE((j->>'tokensOut')::int, 0), COALESCE((j->>'costUsd')::double precision, 0)`;

const RUN_EXISTS = `EXISTS (SELECT FROM "Run" x WHERE x.id = j->>'runId')`;

/** Updates the rows that exist, then inserts the others (a pass holds each key once: commit-rows.ts). */
function upsert(table: string, t: string, set: string, match: (alias: string) => string, insert: string, values: string, rows: string): string {
  return `UPDATE ${table} ${t} SET ${set}
    FROM jsonb_array_elements(${rows}) AS w(j)
    WHERE ${match(t)};
    ${insert}
    SELECT ${values}
    FROM jsonb_array_elements(${rows}) AS w(j)
    WHERE NOT EXISTS (SELECT FROM ${table} y WHERE ${match('y')}) AND ${RUN_EXISTS};`;
}

const WRITE_ROWS = `
    UPDATE "Run" r SET ${RUN_SET}
    FROM jsonb_array_elements(p_runs) AS w(j)
    WHERE r.id = j->>'runId';
    ${upsert('"RunStep"', 's', STEP_SET, STEP_MATCH, STEP_INSERT, STEP_VALUES, 'p_steps')}
    ${upsert('"StepRun"', 'a', ATTEMPT_SET, ATTEMPT_MATCH, ATTEMPT_INSERT, ATTEMPT_VALUES, 'p_attempts')}`;

function functionSql(name: string): string {
  return `CREATE OR REPLACE FUNCTION ${name}(p_runs jsonb, p_steps jsonb, p_attempts jsonb, p_journal jsonb, p_events jsonb)
RETURNS int LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET enable_bitmapscan = off
AS $fn$
DECLARE
  n int;
BEGIN
  IF jsonb_array_length(p_events) = 0 THEN
    -- Only journalled commits: durable already. Until the transaction ends (a SET clause would end
    -- with the function, before the commit).
    PERFORM set_config('synchronous_commit', 'off', true);
  ELSE
    -- New commits written straight to the tables (many at once): their events first, so a second
    -- writer of a run is refused before anything else is done.
    ${insertEventsSql('p_events')};
  END IF;
  UPDATE "RunEvent" e SET journal = NULL
    FROM jsonb_array_elements(p_journal) AS w(j)
    WHERE e."runId" = j->>'runId' AND e.seq = (j->>'seq')::int AND e.journal IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n <> jsonb_array_length(p_journal) THEN
    RAISE EXCEPTION '${PROJECTED_ELSEWHERE_MARK}: % of % journalled commits were applied by another process', jsonb_array_length(p_journal) - n, jsonb_array_length(p_journal) USING ERRCODE = '40001';
  END IF;${WRITE_ROWS}
  RETURN n;
END
$fn$`;
}

export const PROJECT_FUNCTION = `ms_run_project_${createHash('sha256').update(functionSql('f')).digest('hex').slice(0, 12)}`;
export const PROJECT_FUNCTION_SQL = functionSql(PROJECT_FUNCTION);
/** $1–$3: merged rows; $4: the `{ runId, seq }` events whose journal is applied; $5: events of new commits written directly (or []). */
export const CALL_PROJECT_SQL = `SELECT ${PROJECT_FUNCTION}($1::jsonb, $2::jsonb, $3::jsonb, $4::jsonb, $5::jsonb)`;
