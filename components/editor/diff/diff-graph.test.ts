import { describe, expect, it } from 'vitest';
import { graphSchema, type Graph } from '@/server/engine/graph';
import { diffGraphs } from '@/server/versions/diff';
import { canvasDiff } from './diff-graph';

const at = (x: number, y = 0) => ({ x, y });

function graph(calc: string, tail: string): Graph {
  return graphSchema.parse({
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      { id: 'calc', type: 'transform', name: 'Calc', position: at(260), config: { expression: calc } },
      { id: tail, type: 'transform', name: tail, position: at(520, tail === 'fresh' ? 160 : 0), config: { expression: 'steps.calc.output' } },
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'calc' },
      { id: `e-${tail}`, source: 'calc', target: tail },
    ],
    settings: { maxParallel: 4 },
  });
}

describe('a comparison drawn on the canvas', () => {
  it('keeps the newer graph, puts lost steps and connections back where they were, and marks each kind', () => {
    const from = graph('input.n * 2', 'old');
    const to = graph('input.n * 3', 'fresh');
    const shown = canvasDiff(from, to, diffGraphs(from, to));
    expect(shown.graph.nodes.map((n) => n.id)).toEqual(['input', 'calc', 'fresh', 'old']);
    expect(shown.graph.nodes.find((n) => n.id === 'old')?.position).toEqual(at(520, 0));
    expect(shown.graph.edges.map((e) => e.id)).toEqual(['e1', 'e-fresh', 'e-old']);
    expect(shown.nodeKinds).toEqual({ old: 'removed', calc: 'changed', fresh: 'added' });
    expect(shown.edgeKinds).toEqual({ 'e-old': 'removed', 'e-fresh': 'added' });
    expect(shown.graph.settings).toBe(to.settings);
  });

  it('marks nothing when only positions moved', () => {
    const from = graph('input.n', 'old');
    const to = { ...from, nodes: from.nodes.map((n) => ({ ...n, position: at(n.position.x + 50) })) };
    const shown = canvasDiff(from, to, diffGraphs(from, to));
    expect(shown.nodeKinds).toEqual({});
    expect(shown.graph.nodes).toHaveLength(3);
  });
});
