/**
 * The one call that makes a group of commits durable: their events and one journal row per commit (its
 * patches of the run, step and attempt rows), in one round trip and one transaction. The tables are
 * brought up to date behind it (projection-sql.ts), so a sequential step costs about one commit.
 *
 * A PL/pgSQL function rather than a statement: its plans are kept for the session, where the embedded
 * database (no prepared statements) would otherwise plan the statement on every commit. Created on first
 * use; see projection-sql.ts for why not in a migration.
 *
 * A second process driving the same run numbers its events from the same sequence number: the unique
 * (runId, seq) key of RunEvent refuses its call, journal rows included.
 */
import { createHash } from 'node:crypto';
import { insertEventsSql } from './projection-sql';

function functionSql(name: string): string {
  return `CREATE OR REPLACE FUNCTION ${name}(p_events jsonb, p_entries jsonb)
RETURNS jsonb LANGUAGE plpgsql
AS $fn$
DECLARE
  ids jsonb;
BEGIN
  ${insertEventsSql('p_events')};
  WITH written AS (
    INSERT INTO "RunJournal" ("runId", rows)
    SELECT j->>'runId', j->'rows' FROM jsonb_array_elements(p_entries) AS w(j)
    RETURNING "runId", id
  )
  SELECT jsonb_object_agg("runId", id::text) INTO ids FROM written;
  RETURN ids;
END
$fn$`;
}

export const JOURNAL_FUNCTION = `ms_run_journal_${createHash('sha256').update(functionSql('f')).digest('hex').slice(0, 12)}`;
export const JOURNAL_FUNCTION_SQL = functionSql(JOURNAL_FUNCTION);
/** $1: the events as JSON rows; $2: one `{ runId, rows }` per commit. Returns `{ [runId]: journal id }`. */
export const CALL_JOURNAL_SQL = `SELECT ${JOURNAL_FUNCTION}($1::jsonb, $2::jsonb) AS ids`;

/** Whether an error is the refusal of a second writer (an event's run and sequence number are its key). */
export const isSequenceConflict = (message: string) => /RunEvent_pkey/i.test(message);
