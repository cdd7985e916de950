/**
 * The in-memory store keeps a run's rows column by column, in chunks of at most 4,096 rows, rather than
 * as an object a row. A 10,000-step run is then a few hundred small arrays instead of tens of thousands
 * of objects that the garbage collector copies and promotes while the run goes on: with object rows,
 * a 10,000-step chain cost 1.56–1.76× a step what a 1,000-step chain did. Chunks keep every array under
 * the size V8 puts in its large-object space, where each growth maps fresh memory (12–16 µs a 4 KB page
 * in this machine's VM). A column of numbers holds NaN for "none", so it stays an array of unboxed
 * doubles.
 */
export const CHUNK_BITS = 12;
export const CHUNK_SIZE = 1 << CHUNK_BITS;
export const IN_CHUNK = CHUNK_SIZE - 1;

export const NONE = Number.NaN;

export const orNone = (value: number | undefined): number => (value === undefined ? NONE : value);
export const orUndefined = (value: number | undefined): number | undefined => (value === undefined || Number.isNaN(value) ? undefined : value);

/** The chunk that holds `row`, and the row's place in it. */
export function chunkOf<C>(chunks: readonly C[], row: number): C {
  const chunk = chunks[row >>> CHUNK_BITS];
  if (chunk === undefined) throw new RangeError(`row ${row} is not stored`);
  return chunk;
}

/** The chunk the next row goes into: the last one, or one from the pool once the last is full. */
export function chunkForNext<C extends Chunk>(chunks: C[], size: number, pool: ChunkPool<C>): C {
  const index = size >>> CHUNK_BITS;
  let chunk = chunks[index];
  if (chunk === undefined) {
    chunk = pool.take();
    chunks.push(chunk);
  }
  return chunk;
}

/**
 * Columns are written by row (`column[at] = value`), never pushed, so that a chunk taken again from the
 * pool keeps the capacity its columns grew to: rows past the run's size are stale and never read.
 */
export interface Chunk {
  /** Drops what the columns point to, so a pooled chunk keeps no forgotten run's data alive. */
  clear(): void;
}

/**
 * The chunks of forgotten runs, for the next runs' rows: a process that runs many long runs (a
 * benchmark) then writes rows into memory it already has. On this machine's VM, a 10,000-step chain
 * whose rows went into fresh memory cost 3.77–3.84 µs a step (0.05–0.07 page faults a step); reusing
 * a forgotten run's chunks, 3.08–3.52 (0.035). A 1,000-step chain, whose rows die young, cost the same
 * either way. Graph cached, three processes each, throwaway script.
 */
export class ChunkPool<C extends Chunk> {
  private readonly free: C[] = [];

  constructor(
    private readonly create: () => C,
    private readonly limit = 16,
  ) {}

  take(): C {
    return this.free.pop() ?? this.create();
  }

  give(chunks: readonly C[]): void {
    for (const chunk of chunks) {
      if (this.free.length >= this.limit) return;
      chunk.clear();
      this.free.push(chunk);
    }
  }
}
