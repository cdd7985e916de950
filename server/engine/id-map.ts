/**
 * A map keyed by ids (node ids, edge ids) that splits into shards once it holds SPLIT_AT keys, so that
 * no one hash table outgrows V8's regular object size (128 KB). A larger table lives in the
 * large-object space, and each growth there maps fresh memory: 12–16 µs a 4 KB page in this machine's
 * VM. Filling and reading 10,000 ids, interleaved with other allocation, cost 355–403 ns a key in one
 * Map and 119–129 ns in four shards; 1,000 ids cost 67–86 ns in one Map, 93–114 sharded, so a small
 * map stays whole (throwaway script, two runs each).
 *
 * Iteration follows insertion order while the map is whole, and goes shard by shard once it split.
 */
export const SPLIT_AT = 2_048;
const SHARD_BITS = 3;
const SHARD_MASK = (1 << SHARD_BITS) - 1;

export interface IdLookup<V> extends Iterable<[string, V]> {
  readonly size: number;
  get(id: string): V | undefined;
  has(id: string): boolean;
}

export class IdMap<V> implements IdLookup<V> {
  private whole: Map<string, V> | undefined = new Map();
  private shards: Array<Map<string, V>> = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: string): V | undefined {
    return (this.whole ?? this.shardOf(id)).get(id);
  }

  has(id: string): boolean {
    return (this.whole ?? this.shardOf(id)).has(id);
  }

  set(id: string, value: V): this {
    const map = this.whole ?? this.shardOf(id);
    const before = map.size;
    map.set(id, value);
    this.count += map.size - before;
    if (this.whole !== undefined && this.count > SPLIT_AT) this.split(this.whole);
    return this;
  }

  clear(): void {
    this.whole = new Map();
    this.shards = [];
    this.count = 0;
  }

  *[Symbol.iterator](): Iterator<[string, V]> {
    if (this.whole !== undefined) yield* this.whole;
    else for (const shard of this.shards) yield* shard;
  }

  private split(whole: Map<string, V>): void {
    this.shards = Array.from({ length: SHARD_MASK + 1 }, () => new Map<string, V>());
    this.whole = undefined;
    for (const [id, value] of whole) this.shardOf(id).set(id, value);
  }

  private shardOf(id: string): Map<string, V> {
    const shard = this.shards[shardIndex(id)];
    if (shard === undefined) throw new RangeError(`no shard for "${id}"`);
    return shard;
  }
}

/**
 * A few characters, not the whole id: hashing every character in JavaScript cost more than the large
 * table did. Ids mostly differ at their end (`step_12`, `step_13`), which this reads first.
 */
function shardIndex(id: string): number {
  const last = id.length - 1;
  if (last < 0) return 0;
  const hash = id.charCodeAt(last) * 31 + (last > 0 ? id.charCodeAt(last - 1) * 7 : 0) + id.charCodeAt(last >> 1) + id.length;
  return hash & SHARD_MASK;
}
