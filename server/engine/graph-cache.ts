/**
 * Compiled graphs shared by the runs of one version. Validating and compiling a graph costs ~20 ms for
 * 1,700 steps, paid on every run start and every child run of a map without this. Stored versions never
 * change (their graph is written once, drafts included), so a version id names one graph for good; the
 * in-memory store has no ids and names a graph by its object. A version id is one team's, and a run
 * only ever loads its own version, so an entry serves no other team's runs.
 *
 * Entries are frozen, deeply: runs share them, and one that changed its graph would change every other.
 */
import type { GraphIndex } from './graph-index';

/** Versions kept compiled at once: a busy server's working set, at ~1–5 MB for the largest graphs. */
export const GRAPH_CACHE_SIZE = 200;

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Freezes a JSON-like value and what it holds (a loop, not recursion: configs may nest deep). */
function deepFreeze(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isObject(current) || Object.isFrozen(current)) continue;
    Object.freeze(current);
    for (const item of Object.values(current)) stack.push(item);
  }
}

/** Freezes what runs read of a compiled graph; node types (shared registry objects) are left as they are. */
function freezeIndex(index: GraphIndex): GraphIndex {
  for (const node of index.nodes) {
    deepFreeze(node.config);
    for (const edge of node.outgoing) Object.freeze(edge);
    Object.freeze(node.outgoing);
    Object.freeze(node.incoming);
    Object.freeze(node.referencedSteps);
    Object.freeze(node);
  }
  deepFreeze(index.settings);
  Object.freeze(index.nodes);
  Object.freeze(index.outputNodes);
  return Object.freeze(index);
}

export class CompiledGraphs {
  private readonly byObject = new WeakMap<object, GraphIndex>();
  /** In least recently used order: the first key goes when the cache is full. */
  private readonly byKey = new Map<string, GraphIndex>();

  constructor(private readonly capacity = GRAPH_CACHE_SIZE) {}

  get size(): number {
    return this.byKey.size;
  }

  /** The graph compiled, from the cache when `key` (or the graph object itself) was compiled before. */
  get(graph: unknown, key: string | undefined, compile: (graph: unknown) => GraphIndex): GraphIndex {
    const cached = key === undefined ? undefined : this.byKey.get(key);
    if (cached !== undefined && key !== undefined) {
      this.byKey.delete(key);
      this.byKey.set(key, cached);
      return cached;
    }
    const byObject = isObject(graph) ? this.byObject.get(graph) : undefined;
    const index = byObject ?? freezeIndex(compile(graph));
    if (isObject(graph)) this.byObject.set(graph, index);
    if (key !== undefined) {
      if (this.byKey.size >= this.capacity) {
        const oldest = this.byKey.keys().next();
        if (oldest.done !== true) this.byKey.delete(oldest.value);
      }
      this.byKey.set(key, index);
    }
    return index;
  }
}
