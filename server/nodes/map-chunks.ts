/**
 * Chunking for the `map` node: a long text or list cut into pieces of `size` that share `overlap`
 * characters (or entries) with the previous piece, so that no sentence is lost at a cut.
 */
export function chunkItems(value: unknown, chunk: { size: number; overlap: number }): unknown {
  if (typeof value !== 'string' && !Array.isArray(value)) return value;
  const step = chunk.size - chunk.overlap;
  const pieces: unknown[] = [];
  for (let start = 0; start < value.length; start += step) {
    pieces.push(value.slice(start, start + chunk.size));
    if (start + chunk.size >= value.length) break;
  }
  return pieces;
}

/** How many pieces chunkItems would cut, without cutting them: a limit is checked before any work. */
export function chunkCount(length: number, chunk: { size: number; overlap: number }): number {
  if (length === 0) return 0;
  return 1 + Math.max(0, Math.ceil((length - chunk.size) / (chunk.size - chunk.overlap)));
}
