/**
 * The one statement that makes a group of commits durable: their events, the last event of each commit
 * carrying that commit's patches of the run, step and attempt rows (`journal`, commit-rows.ts). The
 * tables are brought up to date behind it (projection-sql.ts), so a sequential step costs about one
 * commit: two event rows and no other.
 *
 * On a server it is a named prepared statement, planned once per connection. The embedded database has
 * no prepared statements and would plan it on every commit, so there it is the body of a PL/pgSQL
 * function, whose plan is kept for the session, called with its argument written in (jsonb-call.ts).
 * Created on first use; see projection-sql.ts for why not in a migration.
 *
 * A second process driving the same run numbers its events from the same sequence number: the (runId,
 * seq) key of RunEvent refuses its statement, journal included.
 */
import { createHash } from 'node:crypto';
import { insertEventsSql } from './projection-sql';

export const JOURNAL_SQL = insertEventsSql('$1::jsonb');

function functionSql(name: string): string {
  return `CREATE OR REPLACE FUNCTION ${name}(p_events jsonb)
RETURNS void LANGUAGE plpgsql
AS $fn$
BEGIN
  ${insertEventsSql('p_events')};
END
$fn$`;
}

export const JOURNAL_FUNCTION = `ms_run_journal_${createHash('sha256').update(functionSql('f')).digest('hex').slice(0, 12)}`;
export const JOURNAL_FUNCTION_SQL = functionSql(JOURNAL_FUNCTION);

/** Whether an error is the refusal of a second writer (an event's run and sequence number are its key). */
export const isSequenceConflict = (message: string) => /RunEvent_pkey/i.test(message);
