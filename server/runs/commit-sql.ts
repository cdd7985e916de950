/**
 * The SQL of a grouped commit. Every write of a batch (run rows, step rows, attempt rows, events) goes to
 * the database as ONE statement of data-modifying CTEs: one round trip and one implicit transaction, so a
 * step's end and its successors' start cost about one commit (issue 4's durability target).
 *
 * Every row is found through an index (LATERAL … LIMIT 1, then `id = ANY(…)`): a plain join against a
 * JSON array makes the planner hash-join over a sequential scan, and a commit's cost would then grow
 * with the number of steps ever stored.
 *
 * Rows arrive as JSON arrays. A key that is absent leaves the column unchanged; a key present with
 * null clears it — the patch rules of `StepWrite` and `RunWrite` (server/engine/ports.ts).
 */

import { createHash } from 'node:crypto';

// Epoch milliseconds → timestamp(3) in UTC, the way Prisma stores DateTime.
const ts = (expr: string) => `(to_timestamp((${expr})::double precision / 1000) AT TIME ZONE 'UTC')`;

const keep = (j: string, key: string, value: string, current: string) =>
  `CASE WHEN ${j} ? '${key}' THEN ${value} ELSE ${current} END`;
const jsonOrNull = (j: string, key: string) => `NULLIF(${j}->'${key}', 'null'::jsonb)`;
const timeOrNull = (j: string, key: string) => `CASE WHEN jsonb_typeof(${j}->'${key}') = 'number' THEN ${ts(`${j}->>'${key}'`)} END`;
const handles = (j: string) => `ARRAY(SELECT jsonb_array_elements_text(${j}->'handles'))`;

export const COMMIT_SQL = `
WITH
run_rows AS (SELECT j FROM jsonb_array_elements($1::jsonb) AS t(j)),
step_rows AS (SELECT j FROM jsonb_array_elements($2::jsonb) AS t(j)),
attempt_rows AS (SELECT j FROM jsonb_array_elements($3::jsonb) AS t(j)),
event_rows AS (SELECT j FROM jsonb_array_elements($4::jsonb) AS t(j)),
step_match AS (
  SELECT w.j, x.id AS existing FROM step_rows w
  LEFT JOIN LATERAL (SELECT y.id FROM "RunStep" y WHERE y."runId" = w.j->>'runId' AND y."nodeId" = w.j->>'nodeId' LIMIT 1) x ON true
),
attempt_match AS (
  SELECT w.j, x.id AS existing FROM attempt_rows w
  LEFT JOIN LATERAL (
    SELECT y.id FROM "StepRun" y
    WHERE y."runId" = w.j->>'runId' AND y."nodeId" = w.j->>'nodeId' AND y.attempt = (w.j->>'attempt')::int LIMIT 1
  ) x ON true
),
runs_updated AS (
  UPDATE "Run" r SET
    status = COALESCE((w.j->>'status')::"RunStatus", r.status),
    output = ${keep('w.j', 'output', "w.j->'output'", 'r.output')},
    error = ${keep('w.j', 'error', jsonOrNull('w.j', 'error'), 'r.error')},
    "tokensIn" = COALESCE((w.j->>'tokensIn')::int, r."tokensIn"),
    "tokensOut" = COALESCE((w.j->>'tokensOut')::int, r."tokensOut"),
    "costUsd" = COALESCE((w.j->>'costUsd')::double precision, r."costUsd"),
    "startedAt" = ${keep('w.j', 'startedAt', timeOrNull('w.j', 'startedAt'), 'r."startedAt"')},
    "finishedAt" = ${keep('w.j', 'finishedAt', timeOrNull('w.j', 'finishedAt'), 'r."finishedAt"')},
    "lastSeq" = COALESCE((w.j->>'lastSeq')::int, r."lastSeq")
  FROM run_rows w
  -- The expected previous sequence number: a second process driving the same run updates nothing.
  WHERE r.id = ANY(ARRAY(SELECT j->>'runId' FROM run_rows)) AND r.id = w.j->>'runId' AND (NOT w.j ? 'prevSeq' OR r."lastSeq" = (w.j->>'prevSeq')::int)
  RETURNING r.id
),
steps_updated AS (
  UPDATE "RunStep" s SET
    status = (w.j->>'status')::"StepStatus",
    attempt = (w.j->>'attempt')::int,
    input = ${keep('w.j', 'input', "w.j->'input'", 's.input')},
    output = ${keep('w.j', 'output', "w.j->'output'", 's.output')},
    handles = ${keep('w.j', 'handles', handles('w.j'), 's.handles')},
    error = ${keep('w.j', 'error', jsonOrNull('w.j', 'error'), 's.error')},
    "tokensIn" = COALESCE((w.j->>'tokensIn')::int, s."tokensIn"),
    "tokensOut" = COALESCE((w.j->>'tokensOut')::int, s."tokensOut"),
    "costUsd" = COALESCE((w.j->>'costUsd')::double precision, s."costUsd"),
    "startedAt" = ${keep('w.j', 'startedAt', timeOrNull('w.j', 'startedAt'), 's."startedAt"')},
    "finishedAt" = ${keep('w.j', 'finishedAt', timeOrNull('w.j', 'finishedAt'), 's."finishedAt"')},
    "retryAt" = ${keep('w.j', 'retryAt', timeOrNull('w.j', 'retryAt'), 's."retryAt"')},
    "waitReason" = ${keep('w.j', 'waitReason', "w.j->>'waitReason'", 's."waitReason"')}
  FROM step_match w
  WHERE s.id = ANY(ARRAY(SELECT existing FROM step_match WHERE existing IS NOT NULL)) AND s.id = w.existing
  RETURNING s.id
),
steps_inserted AS (
  INSERT INTO "RunStep" (id, "runId", "nodeId", status, attempt, input, output, handles, error,
    "tokensIn", "tokensOut", "costUsd", "startedAt", "finishedAt", "retryAt", "waitReason")
  SELECT w.j->>'id', w.j->>'runId', w.j->>'nodeId', (w.j->>'status')::"StepStatus", (w.j->>'attempt')::int,
    w.j->'input', w.j->'output', ${handles('w.j')}, ${jsonOrNull('w.j', 'error')},
    COALESCE((w.j->>'tokensIn')::int, 0), COALESCE((w.j->>'tokensOut')::int, 0), COALESCE((w.j->>'costUsd')::double precision, 0),
    ${timeOrNull('w.j', 'startedAt')}, ${timeOrNull('w.j', 'finishedAt')}, ${timeOrNull('w.j', 'retryAt')}, w.j->>'waitReason'
  FROM step_match w
  WHERE w.existing IS NULL
  RETURNING id
),
attempts_updated AS (
  UPDATE "StepRun" a SET
    status = COALESCE((w.j->>'status')::"StepStatus", a.status),
    "isResumed" = COALESCE((w.j->>'isResumed')::boolean, a."isResumed"),
    input = ${keep('w.j', 'input', "w.j->'input'", 'a.input')},
    output = ${keep('w.j', 'output', "w.j->'output'", 'a.output')},
    error = ${keep('w.j', 'error', jsonOrNull('w.j', 'error'), 'a.error')},
    "startedAt" = ${keep('w.j', 'startedAt', timeOrNull('w.j', 'startedAt'), 'a."startedAt"')},
    "finishedAt" = ${keep('w.j', 'finishedAt', timeOrNull('w.j', 'finishedAt'), 'a."finishedAt"')},
    -- An attempt's end arrives without its start (written by an earlier commit): measure from the stored one.
    "durationMs" = COALESCE(
      (w.j->>'durationMs')::int,
      CASE WHEN jsonb_typeof(w.j->'finishedAt') = 'number' AND a."startedAt" IS NOT NULL
        THEN round((w.j->>'finishedAt')::double precision - extract(epoch FROM a."startedAt") * 1000)::int END,
      a."durationMs"),
    model = COALESCE(w.j->>'model', a.model),
    "agentId" = COALESCE(w.j->>'agentId', a."agentId"),
    "agentVersion" = COALESCE((w.j->>'agentVersion')::int, a."agentVersion"),
    "tokensIn" = COALESCE((w.j->>'tokensIn')::int, a."tokensIn"),
    "tokensOut" = COALESCE((w.j->>'tokensOut')::int, a."tokensOut"),
    "costUsd" = COALESCE((w.j->>'costUsd')::double precision, a."costUsd")
  FROM attempt_match w
  WHERE a.id = ANY(ARRAY(SELECT existing FROM attempt_match WHERE existing IS NOT NULL)) AND a.id = w.existing
  RETURNING a.id
),
attempts_inserted AS (
  INSERT INTO "StepRun" (id, "runId", "nodeId", attempt, status, "isResumed", input, output, error,
    "startedAt", "finishedAt", "durationMs", model, "agentId", "agentVersion", "tokensIn", "tokensOut", "costUsd")
  SELECT w.j->>'id', w.j->>'runId', w.j->>'nodeId', (w.j->>'attempt')::int, COALESCE((w.j->>'status')::"StepStatus", 'RUNNING'),
    COALESCE((w.j->>'isResumed')::boolean, false), w.j->'input', w.j->'output', ${jsonOrNull('w.j', 'error')},
    ${timeOrNull('w.j', 'startedAt')}, ${timeOrNull('w.j', 'finishedAt')}, (w.j->>'durationMs')::int, w.j->>'model',
    w.j->>'agentId', (w.j->>'agentVersion')::int,
    COALESCE((w.j->>'tokensIn')::int, 0), COALESCE((w.j->>'tokensOut')::int, 0), COALESCE((w.j->>'costUsd')::double precision, 0)
  FROM attempt_match w
  WHERE w.existing IS NULL
  RETURNING id
),
events_inserted AS (
  INSERT INTO "RunEvent" (id, "runId", seq, type, payload, "createdAt")
  SELECT w.j->>'id', w.j->>'runId', (w.j->>'seq')::int, w.j->>'type', w.j->'payload', ${ts("w.j->>'at'")}
  FROM event_rows w
  RETURNING id
)
-- Fails the whole statement (so nothing is written) when a run row did not match its expected sequence.
SELECT 1 / (CASE WHEN (SELECT count(*) FROM runs_updated) = $5::int THEN 1 ELSE 0 END) AS ok,
  (SELECT count(*) FROM steps_updated) + (SELECT count(*) FROM steps_inserted)
  + (SELECT count(*) FROM attempts_updated) + (SELECT count(*) FROM attempts_inserted)
  + (SELECT count(*) FROM events_inserted) AS written
`;

/**
 * The same statement inside a PL/pgSQL function: the function keeps its plan for the session, where a
 * plain statement is planned on every call (on PGlite 4.5 ms a commit as a statement, 0.64 ms through the
 * function, measured). The store creates it on first use rather than in a migration, because Prisma's
 * PostgreSQL adapter splits migration scripts at every ';' and cannot apply a function body. Its name
 * carries a hash of its text, so a changed statement gets a new function and never runs an old one.
 */
function functionSql(name: string): string {
  const body = COMMIT_SQL.replace('$1::jsonb', 'p_runs')
    .replace('$2::jsonb', 'p_steps')
    .replace('$3::jsonb', 'p_attempts')
    .replace('$4::jsonb', 'p_events')
    .replace('$5::int', 'p_run_count')
    .replace(' AS ok,', ',')
    .replace(/ AS written\s*$/, '\n  INTO ok, written')
    .trim();
  return `CREATE OR REPLACE FUNCTION ${name}(p_runs jsonb, p_steps jsonb, p_attempts jsonb, p_events jsonb, p_run_count int)
RETURNS int LANGUAGE plpgsql AS $fn$
DECLARE
  ok int;
  written int;
BEGIN
${body};
  RETURN written;
END
$fn$`;
}

export const COMMIT_FUNCTION = `ms_run_commit_${createHash('sha256').update(functionSql('f')).digest('hex').slice(0, 12)}`;
export const COMMIT_FUNCTION_SQL = functionSql(COMMIT_FUNCTION);
export const CALL_COMMIT_SQL = `SELECT ${COMMIT_FUNCTION}($1::jsonb, $2::jsonb, $3::jsonb, $4::jsonb, $5::int)`;
