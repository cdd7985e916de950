/** Reads asked for together share one query; reads asked for during a query gather behind it. */
import { describe, expect, it } from 'vitest';
import { BatchedLoads } from './batched-loads';

/** A loader over a table of values whose queries finish when the test says so. */
function table(values: Record<string, number | Error>) {
  const queries: string[][] = [];
  const finish: Array<() => void> = [];
  const loads = new BatchedLoads<string, number>(
    async (keys) => {
      queries.push([...keys]);
      await new Promise<void>((resolve) => finish.push(resolve));
      if (keys.includes('broken')) throw new Error('the query failed');
      return new Map(keys.filter((k) => k in values).map((k) => [k, values[k] as number | Error]));
    },
    3,
  );
  const settle = async () => {
    for (let turns = 0; turns < 20; turns++) {
      finish.splice(0).forEach((f) => f());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { loads, queries, settle };
}

describe('BatchedLoads', () => {
  it('answers the keys asked for in one turn with one query, each with its own value', async () => {
    const { loads, queries, settle } = table({ a: 1, b: 2 });
    const asked = Promise.all([loads.load('a'), loads.load('b'), loads.load('a'), loads.load('missing')]);
    await settle();
    expect(await asked).toEqual([1, 2, 1, undefined]);
    expect(queries).toEqual([['a', 'b', 'missing']]);
    expect(loads.queryCount).toBe(1);
  });

  it('gathers keys asked for while a query is under way into the next query, asking again for a key in flight', async () => {
    const { loads, queries, settle } = table({ a: 1, b: 2, c: 3 });
    const first = loads.load('a');
    await new Promise((resolve) => setImmediate(resolve)); // the first query is now under way
    const later = Promise.all([loads.load('b'), loads.load('a'), loads.load('c')]);
    await settle();
    expect(await first).toBe(1);
    expect(await later).toEqual([2, 1, 3]);
    // A read asked for after a query began must see what was written before it, so 'a' is read again.
    expect(queries).toEqual([['a'], ['b', 'a', 'c']]);
  });

  it('splits a crowd into queries of at most maxKeys, oldest first', async () => {
    const { loads, queries, settle } = table({ a: 1, b: 2, c: 3, d: 4, e: 5 });
    const asked = Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => loads.load(k)));
    await settle();
    expect(await asked).toEqual([1, 2, 3, 4, 5]);
    expect(queries).toEqual([['a', 'b', 'c'], ['d', 'e']]);
  });

  it('fails only the key whose row was bad, and the whole query only when the query failed; then loads again', async () => {
    const { loads, settle } = table({ a: 1, bad: new Error('row of "bad" does not parse'), c: 3 });
    const good = loads.load('a');
    const bad = loads.load('bad');
    const inBrokenQuery = loads.load('broken');
    const results = Promise.allSettled([good, bad, inBrokenQuery]);
    await settle();
    const [a, b, broken] = await results;
    // 'broken' fails the query it is in, and so 'a' and 'bad' with it: they were asked for in one turn.
    expect(a).toMatchObject({ status: 'rejected', reason: { message: 'the query failed' } });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'the query failed' } });
    expect(broken).toMatchObject({ status: 'rejected', reason: { message: 'the query failed' } });

    const again = Promise.allSettled([loads.load('a'), loads.load('bad'), loads.load('c')]);
    await settle();
    const [a2, bad2, c2] = await again;
    expect(a2).toEqual({ status: 'fulfilled', value: 1 });
    expect(bad2).toMatchObject({ status: 'rejected', reason: { message: 'row of "bad" does not parse' } });
    expect(c2).toEqual({ status: 'fulfilled', value: 3 });
  });
});
