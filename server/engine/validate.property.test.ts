/** Cycle detection checked against a well-known library: graphology-dag's hasCycle / topologicalSort. */
import fc from 'fast-check';
import { DirectedGraph } from 'graphology';
import { hasCycle, topologicalSort } from 'graphology-dag';
import { describe, expect, it } from 'vitest';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';
import { validateGraph } from './validate';

const registry = createRegistry([...builtInNodeTypes, ...createProbeTypes(new ProbeLog())]);

/** Any directed graph over up to 10 steps, self-loops and cycles included. */
const randomDigraph = fc.integer({ min: 1, max: 10 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    edges: fc.uniqueArray(fc.tuple(fc.nat({ max: size - 1 }), fc.nat({ max: size - 1 })), {
      maxLength: size * 3,
      selector: ([a, b]) => `${a}>${b}`,
    }),
  }),
);

function reference(size: number, edges: ReadonlyArray<readonly [number, number]>): DirectedGraph {
  const graph = new DirectedGraph();
  for (let i = 0; i < size; i += 1) graph.addNode(`s${i}`);
  for (const [from, to] of edges) graph.addEdge(`s${from}`, `s${to}`);
  return graph;
}

function ours(size: number, edges: ReadonlyArray<readonly [number, number]>) {
  const nodes = [{ id: 'start', type: 'input' }, ...Array.from({ length: size }, (_, i) => `s${i}`)];
  const graph = makeGraph({ nodes, edges: ['start->s0', ...edges.map(([from, to]) => `s${from}->s${to}`)] });
  return { graph, result: validateGraph(graph, registry) };
}

describe('cycle detection', () => {
  it('reports a cycle exactly when graphology-dag finds one', () => {
    fc.assert(
      fc.property(randomDigraph, ({ size, edges }) => {
        const cycles = ours(size, edges).result.problems.filter((problem) => problem.code === 'CYCLE');
        expect(cycles.length > 0).toBe(hasCycle(reference(size, edges)));
      }),
      { numRuns: 300 },
    );
  });

  it('prints each reported cycle as a real closed path whose edge ids match', () => {
    fc.assert(
      fc.property(randomDigraph, ({ size, edges }) => {
        const { graph, result } = ours(size, edges);
        const byId = new Map(graph.edges.map((edge) => [edge.id, edge]));
        for (const problem of result.problems.filter((p) => p.code === 'CYCLE')) {
          const path = /^Cycle: (.*?)\. /.exec(problem.message)?.[1]?.split(' → ') ?? [];
          expect(path[0]).toBe(path[path.length - 1]);
          const steps = (problem.edgeIds ?? []).map((id) => byId.get(id));
          expect(steps.map((edge) => edge?.source)).toEqual(path.slice(0, -1));
          expect(steps.map((edge) => edge?.target)).toEqual(path.slice(1));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts exactly the graphs graphology can sort topologically', () => {
    fc.assert(
      fc.property(randomDigraph, ({ size, edges }) => {
        let isSortable = true;
        try {
          topologicalSort(reference(size, edges));
        } catch {
          isSortable = false; // graphology throws on a cyclic graph: that is the verdict being compared
        }
        expect(ours(size, edges).result.isValid).toBe(isSortable);
      }),
      { numRuns: 200 },
    );
  });
});
