import { describe, expect, it } from 'vitest';
import { IdMap, SPLIT_AT } from './id-map';

// Ids of the shapes graphs use: numbered, with a shared suffix, and random-looking.
const ids = [
  ...Array.from({ length: 2_000 }, (_, i) => `s${i}`),
  ...Array.from({ length: 1_500 }, (_, i) => `step_${i}_out`),
  ...Array.from({ length: 1_500 }, (_, i) => `n${((i * 2_654_435_761) >>> 0).toString(36)}`),
  '',
  'x',
];

describe('IdMap', () => {
  it('finds every id before and after it splits into shards', () => {
    const map = new IdMap<number>();
    for (const [at, id] of ids.entries()) {
      map.set(id, at);
      if (at === SPLIT_AT - 1 || at === ids.length - 1) {
        expect(map.size).toBe(at + 1);
        for (const [earlier, known] of ids.slice(0, at + 1).entries()) expect(map.get(known)).toBe(earlier);
      }
    }
    expect(map.has('missing')).toBe(false);
    expect(map.get('s2000')).toBeUndefined();
    expect(new Map(map)).toEqual(new Map(ids.map((id, at) => [id, at])));
  });

  it('replaces the value of a known id without counting it twice, whole or split', () => {
    for (const count of [10, SPLIT_AT + 10]) {
      const map = new IdMap<string>();
      for (const id of ids.slice(0, count)) map.set(id, 'first');
      map.set('s3', 'second');
      expect(map.size).toBe(count);
      expect(map.get('s3')).toBe('second');
      expect([...map].filter(([id]) => id === 's3')).toEqual([['s3', 'second']]);
    }
  });

  it('iterates in insertion order while whole, and forgets everything on clear', () => {
    const map = new IdMap<number>();
    for (const id of ['c', 'a', 'b']) map.set(id, id.charCodeAt(0));
    expect([...map]).toEqual([
      ['c', 99],
      ['a', 97],
      ['b', 98],
    ]);
    for (const id of ids) map.set(id, 0);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get('s1')).toBeUndefined();
    map.set('s1', 1);
    expect([...map]).toEqual([['s1', 1]]);
  });
});
