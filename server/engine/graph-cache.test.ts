import { describe, expect, it } from 'vitest';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { graphSchema } from './graph';
import { CompiledGraphs } from './graph-cache';
import { indexGraph } from './graph-index';
import { makeGraph } from './testing/make-graph';

const registry = createRegistry(builtInNodeTypes);

function counting() {
  const compiled: unknown[] = [];
  const compile = (raw: unknown) => {
    compiled.push(raw);
    return indexGraph(graphSchema.parse(raw), registry);
  };
  return { compiled, compile };
}

const graph = () => makeGraph({ nodes: [{ id: 'wait', type: 'delay', config: { ms: 5 } }, { id: 'b', type: 'delay', config: { ms: 1 } }], edges: ['wait->b'] });

describe('CompiledGraphs', () => {
  it('compiles a version once and gives its later runs the same compiled graph', () => {
    const graphs = new CompiledGraphs();
    const { compiled, compile } = counting();
    // Each load of a run brings a new copy of its version's graph: the version id names it.
    const first = graphs.get(graph(), 'v1', compile);
    expect(graphs.get(graph(), 'v1', compile)).toBe(first);
    expect(compiled).toHaveLength(1);
    expect(graphs.get(graph(), 'v2', compile)).not.toBe(first);
    expect(compiled).toHaveLength(2);
  });

  it('names a graph by its object when it has no version id (the in-memory store)', () => {
    const graphs = new CompiledGraphs();
    const { compiled, compile } = counting();
    const raw = graph();
    expect(graphs.get(raw, undefined, compile)).toBe(graphs.get(raw, undefined, compile));
    graphs.get(graph(), undefined, compile);
    expect(compiled).toHaveLength(2);
  });

  it('keeps at most its capacity, dropping the version used least recently', () => {
    const graphs = new CompiledGraphs(2);
    const { compiled, compile } = counting();
    graphs.get(graph(), 'a', compile);
    graphs.get(graph(), 'b', compile);
    graphs.get(graph(), 'a', compile); // a is used again: b is now the oldest
    graphs.get(graph(), 'c', compile);
    expect(graphs.size).toBe(2);
    expect(compiled).toHaveLength(3);
    graphs.get(graph(), 'a', compile);
    expect(compiled).toHaveLength(3);
    graphs.get(graph(), 'b', compile);
    expect(compiled).toHaveLength(4);
  });

  it('hands out a frozen graph: a run cannot change what the other runs of its version read', () => {
    const index = new CompiledGraphs().get(graph(), 'v1', counting().compile);
    const wait = index.nodes[index.indexById.get('wait') ?? -1];
    expect(wait).toBeDefined();
    expect(() => {
      (wait?.config as { ms: number }).ms = 0;
    }).toThrow(TypeError);
    expect(() => (wait?.outgoing as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (index.nodes as unknown[]).length = 0;
    }).toThrow(TypeError);
    expect(() => {
      (index as { maxParallel: number }).maxParallel = 1;
    }).toThrow(TypeError);
    expect(wait?.config).toEqual({ ms: 5 });
  });
});
