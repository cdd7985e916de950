/** The embedded database's stand-in for autovacuum, on a real PGlite (which has none of its own). */
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startEmbeddedVacuum, vacuumWhereDue } from './embedded-vacuum';

let db: PGlite;

beforeEach(async () => {
  db = new PGlite();
  await db.exec(`CREATE TABLE big (id int PRIMARY KEY, v int);
    CREATE TABLE small (id int PRIMARY KEY, v int);
    INSERT INTO big SELECT g, 0 FROM generate_series(1, 1000) g;
    INSERT INTO small SELECT g, 0 FROM generate_series(1, 1000) g;`);
});

afterEach(async () => {
  await db.close();
});

async function deadRows(table: string): Promise<number> {
  await db.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await db.query<{ dead: number }>(`SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = $1`, [table]);
  return rows[0]?.dead ?? Number.NaN;
}

it('vacuums the table most past its threshold, one a pass, and analyzes what changed enough', async () => {
  // Fresh rows: nothing to vacuum, but statistics are due.
  expect(await vacuumWhereDue(db)).toMatchObject({ vacuumed: [], analyzed: ['big', 'small'] });

  await db.exec('UPDATE big SET v = 1; UPDATE small SET v = 1 WHERE id <= 300;');
  expect(await deadRows('big')).toBe(1000);
  // Thresholds: 50 + 20% of 1,000 live rows = 250 dead. Both are past it, `big` further.
  const first = await vacuumWhereDue(db);
  expect(first).toMatchObject({ vacuumed: ['big'], analyzed: ['big', 'small'] });
  expect(await deadRows('big')).toBe(0);
  expect(await deadRows('small')).toBe(300);

  expect(await vacuumWhereDue(db)).toMatchObject({ vacuumed: ['small'], analyzed: [] });
  // Statistics came from the sample, with the session's own target left as it was.
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename IN ('big', 'small')`);
  expect(rows[0]?.n).toBe(4);
  expect((await db.query<{ target: string }>("SELECT current_setting('default_statistics_target') AS target")).rows[0]?.target).toBe('100');
  expect(await deadRows('small')).toBe(0);
  expect(await vacuumWhereDue(db)).toMatchObject({ vacuumed: [], analyzed: [] });

  // Below the threshold, dead rows wait for more.
  await db.exec('UPDATE big SET v = 2 WHERE id <= 200;');
  expect(await vacuumWhereDue(db)).toMatchObject({ vacuumed: [], analyzed: ['big'] });
  expect(await deadRows('big')).toBe(200);
});

it('checks on its timer until stopped, and stopping waits for the pass under way', async () => {
  await db.exec('UPDATE big SET v = 1;');
  const errors: unknown[] = [];
  const vacuum = startEmbeddedVacuum(db, { intervalMs: 20, onError: (error) => errors.push(error) });
  const until = Date.now() + 5_000;
  while ((await deadRows('big')) > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  await vacuum.stop();
  expect(await deadRows('big')).toBe(0);
  expect(errors).toEqual([]);
  // Stopped: new dead rows stay.
  await db.exec('UPDATE big SET v = 2;');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await deadRows('big')).toBe(1000);
});
