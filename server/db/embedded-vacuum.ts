/**
 * Autovacuum for the embedded database. PGlite runs PostgreSQL in one process with no background workers,
 * so nothing vacuums or analyzes its tables: after 600 runs of the 49-step benchmark mastery, RunStep and
 * StepRun held as many dead row versions as live ones (30,000 each), and the planner's statistics never
 * changed. This does autovacuum's job with PostgreSQL's default thresholds, checked on a timer in the
 * process that owns the data folder.
 *
 * PGlite executes on the event loop: maintenance holds up everything else while it runs. So one pass
 * vacuums at most one table (the one most in need), and ANALYZE samples 3,000 rows rather than 30,000
 * (statistics target 10): on a 20 MB RunEvent table it took 31 ms instead of 319 (measured with the
 * engine benchmark's tables after 30,000 steps), while VACUUM took about 20 ms a table.
 */
import { z } from 'zod';

/** The part of PGlite this needs: statements outside a transaction (VACUUM refuses to run inside one). */
export interface EmbeddedDb {
  query(sql: string): Promise<{ rows: unknown[] }>;
}

export interface VacuumPass {
  vacuumed: string[];
  analyzed: string[];
  ms: number;
}

// PostgreSQL's defaults: autovacuum_vacuum_threshold / _scale_factor and autovacuum_analyze_*.
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;
// ANALYZE samples 300 rows per unit of target (PostgreSQL's default target is 100).
const STATISTICS_TARGET = 10;

const tableStatsSchema = z.object({
  name: z.string(),
  live: z.coerce.number(),
  dead: z.coerce.number(),
  modified: z.coerce.number(),
});

// Pending counts of the session are flushed first: PostgreSQL reports them at most once a second.
const STATS_SQL = `SELECT relname AS name, n_live_tup AS live, n_dead_tup AS dead, n_mod_since_analyze AS modified
  FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname`;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Vacuums the table most past its threshold (if any) and analyzes the others that are due. */
export async function vacuumWhereDue(db: EmbeddedDb): Promise<VacuumPass> {
  const started = performance.now();
  await db.query('SELECT pg_stat_force_next_flush()');
  const tables = z.array(tableStatsSchema).parse((await db.query(STATS_SQL)).rows);
  const overdue = tables
    .map((t) => ({ ...t, excess: t.dead / (VACUUM_BASE + VACUUM_SCALE * t.live) }))
    .filter((t) => t.excess > 1)
    .sort((a, b) => b.excess - a.excess);
  const vacuumed = overdue.slice(0, 1).map((t) => t.name);
  for (const name of vacuumed) await db.query(`VACUUM ${quoted(name)}`);
  const analyzed = tables.filter((t) => t.modified > ANALYZE_BASE + ANALYZE_SCALE * t.live).map((t) => t.name);
  if (analyzed.length > 0) {
    await db.query(`SET default_statistics_target = ${STATISTICS_TARGET}`);
    try {
      for (const name of analyzed) await db.query(`ANALYZE ${quoted(name)}`);
    } finally {
      await db.query('RESET default_statistics_target');
    }
  }
  return { vacuumed, analyzed, ms: performance.now() - started };
}

/** Checks every `intervalMs` until stopped; `stop` waits for a pass under way, so the database can close. */
export function startEmbeddedVacuum(db: EmbeddedDb, options: { intervalMs?: number; onError?(error: unknown): void } = {}): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let isRunning = false;
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    running = vacuumWhereDue(db)
      .catch((error: unknown) => {
        if (options.onError) options.onError(error);
        else console.warn('Vacuuming the embedded database failed; the next check tries again', error);
      })
      .finally(() => {
        isRunning = false;
      });
  }, options.intervalMs ?? 60_000);
  // Maintenance alone does not keep a process alive.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
