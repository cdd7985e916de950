import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedPgliteExecutor } from './pglite-prepared';

describe('preparedPgliteExecutor', () => {
  let pglite: PGlite;
  let execute: ReturnType<typeof preparedPgliteExecutor>;

  beforeAll(async () => {
    pglite = new PGlite();
    await pglite.exec('CREATE TABLE t (id int PRIMARY KEY, tags text[])');
    execute = preparedPgliteExecutor(pglite);
  });
  afterAll(() => pglite.close());

  const prepared = async () => (await pglite.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((r) => r.name);

  it('parses a statement once per name and binds text parameters by its types', async () => {
    const insert = 'INSERT INTO t (id, tags) SELECT x.id, ARRAY[x.tag] FROM unnest($1::int[], $2::text[]) AS x(id, tag) RETURNING id';
    expect(await execute('t_insert', insert, ['{"1","2"}', '{"a\\"b",NULL}'])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await execute('t_insert', insert, ['{"3"}', '{"c"}'])).toEqual([{ id: 3 }]);
    expect(await prepared()).toEqual(['t_insert']);
    expect((await pglite.query('SELECT tags FROM t ORDER BY id')).rows).toEqual([{ tags: ['a"b'] }, { tags: [null] }, { tags: ['c'] }]);
  });

  it('binds with the generic plan, and leaves the session on the default for everyone else, after errors too', async () => {
    const mode = async () => (await pglite.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]?.plan_cache_mode;
    expect(await execute('t_mode', 'SELECT current_setting($1::text) AS mode', ['plan_cache_mode'])).toEqual([{ mode: 'force_generic_plan' }]);
    expect(await mode()).toBe('auto');
    await expect(execute('t_bad', 'SELECT 1 / $1::int AS n', ['0'])).rejects.toMatchObject({ code: '22012' });
    expect(await mode()).toBe('auto');
  });

  it('passes an error on with its SQLSTATE, and the next call works', async () => {
    await expect(execute('t_insert_one', 'INSERT INTO t (id) VALUES ($1::int)', ['1'])).rejects.toMatchObject({ code: '23505' });
    expect(await execute('t_count', 'SELECT count(*)::int AS n FROM t WHERE id > $1::int', ['0'])).toEqual([{ n: 3 }]);
  });

  it('prepares again a statement the session forgot, and leaves values that are not text to query', async () => {
    await pglite.exec('DEALLOCATE ALL');
    expect(await execute('t_count', 'SELECT count(*)::int AS n FROM t WHERE id > $1::int', ['1'])).toEqual([{ n: 2 }]);
    expect(await execute('t_count', 'SELECT count(*)::int AS n FROM t WHERE id > $1::int', [2])).toEqual([{ n: 1 }]);
    expect(await execute('t_count', 'SELECT count(*)::int AS n FROM t WHERE id < $1::int', ['3'])).toEqual([{ n: 2 }]);
  });

  it('waits for a transaction another caller holds open', async () => {
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = pglite.transaction(async (t) => {
      await t.query('INSERT INTO t (id) VALUES (10)');
      await held;
      await t.rollback();
    });
    const read = execute('t_count', 'SELECT count(*)::int AS n FROM t WHERE id > $1::int', ['0']);
    release();
    await tx;
    expect(await read).toEqual([{ n: 3 }]);
  });
});
