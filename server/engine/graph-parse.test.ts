/** The ordinary-graph parser against the zod schema it stands in for, on random graphs good and bad. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRAPH_TEXT_MAX as MAX, createGraphSchema, type GraphLimits } from './graph';
import { parseOrdinaryGraph } from './graph-parse';

const LIMITS: GraphLimits = { maxNodes: 4, maxEdges: 4 };
const schema = createGraphSchema(LIMITS);

// Values of every kind a field may wrongly hold, beside the good ones.
const odd = fc.constantFrom<unknown>(undefined, null, '', 'x'.repeat(65), 'x'.repeat(201), 3, -1, 1.5, Number.NaN, Infinity, true, [], {}, [1], { x: 1 });
const maybe = <T,>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 25 }, { arbitrary: odd, weight: 1 });
const absentOr = <T,>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
// Short text, or text right at a length limit and one past it: where a hand-written check goes wrong.
const text = (max: number, short: fc.Arbitrary<string> = fc.string({ maxLength: 8 })) =>
  fc.oneof({ arbitrary: short, weight: 8 }, fc.constant(''), fc.constant('x'.repeat(max)), fc.constant('x'.repeat(max + 1)));

const policy = fc.record(
  {
    retry: absentOr(fc.record({ maxAttempts: maybe(fc.integer({ min: 0, max: 21 })), jitter: absentOr(fc.double({ min: -0.5, max: 1.5, noNaN: true })) }, { requiredKeys: [] })),
    timeoutMs: absentOr(maybe(fc.integer({ min: 0, max: 10_000 }))),
    continueOnFailure: absentOr(maybe(fc.boolean())),
  },
  { requiredKeys: [] },
);

const node = fc.record(
  {
    id: maybe(fc.oneof({ arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), weight: 8 }, fc.constantFrom('a'.repeat(64), 'a'.repeat(65), 'A', '1a', 'a-b'))),
    type: maybe(text(MAX.type, fc.constantFrom('input', 'transform', 'llm'))),
    name: maybe(text(MAX.name)),
    position: maybe(fc.record({ x: maybe(fc.double({ noNaN: true, noDefaultInfinity: true })), y: maybe(fc.integer()) })),
    config: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
    policy: maybe(policy),
    extra: fc.string({ maxLength: 3 }),
  },
  { requiredKeys: ['id', 'type', 'config'] },
);

const edge = fc.record(
  {
    id: maybe(text(MAX.edgeId)),
    source: maybe(text(MAX.edgeEnd, fc.stringMatching(/^[a-z]{1,3}$/))),
    target: maybe(text(MAX.edgeEnd, fc.stringMatching(/^[a-z]{1,3}$/))),
    sourceHandle: maybe(text(MAX.edgeEnd, fc.constantFrom('out', 'true', 'false'))),
    label: fc.string({ maxLength: 3 }),
  },
  { requiredKeys: ['id', 'source', 'target'] },
);

const graph = fc.record(
  {
    nodes: fc.array(node, { maxLength: 5 }),
    edges: fc.oneof({ arbitrary: fc.array(edge, { maxLength: 5 }), weight: 8 }, odd),
    settings: maybe(fc.record({ maxParallel: maybe(fc.integer({ min: 0, max: 300 })), resultMapping: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] })),
    version: fc.nat(),
  },
  { requiredKeys: ['nodes'] },
);

describe('parseOrdinaryGraph', () => {
  it("returns zod's own result, keys in the same order, or leaves the graph to zod", () => {
    let ordinary = 0;
    fc.assert(
      fc.property(fc.oneof(graph, odd), (input) => {
        const fast = parseOrdinaryGraph(input, LIMITS);
        const zod = schema.safeParse(input);
        if (fast === undefined) return;
        ordinary += 1;
        // Never accepts what zod refuses, and gives back exactly what zod does.
        expect(zod.success).toBe(true);
        expect(fast).toStrictEqual(zod.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { numRuns: 10_000 },
    );
    // Not vacuous: hundreds of the random graphs took the fast path (about 4% of them).
    expect(ordinary).toBeGreaterThan(200);
  });

  it('takes the fast path for the graphs the editor saves', () => {
    const saved = {
      nodes: [
        { id: 'start', type: 'input', name: 'Start', position: { x: 0, y: 0 }, config: {} },
        { id: 'fix', type: 'transform', name: 'Fix', position: { x: 200, y: 0 }, config: { expression: 'a' }, policy: { retry: { maxAttempts: 3 } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'fix' }],
      settings: { maxParallel: 2 },
    };
    expect(parseOrdinaryGraph(saved, LIMITS)).toStrictEqual(schema.parse(saved));
  });

  it("keeps the nodes and edges already in the schema's form, and copies the others as zod would", () => {
    const canonical = { id: 'a', type: 'input', name: 'A', position: { x: 0, y: 0 }, config: {} };
    const extra = { id: 'b', type: 'transform', name: 'B', position: { x: 1, y: 2 }, config: { expression: 'x' }, note: 'dropped' };
    const reordered = { type: 'transform', id: 'c', name: 'C', position: { x: 1, y: 2 }, config: {} };
    const deepPosition = { id: 'd', type: 'transform', name: 'D', position: { x: 1, y: 2, z: 3 }, config: {} };
    const edge = { id: 'e1', source: 'a', target: 'b' };
    const handled = { id: 'e2', source: 'a', target: 'c', sourceHandle: 'out' };
    const labelled = { id: 'e3', source: 'a', target: 'd', label: 'dropped' };
    const input = { nodes: [canonical, extra, reordered, deepPosition], edges: [edge, handled, labelled] };
    const fast = parseOrdinaryGraph(input, LIMITS);
    expect(fast?.nodes[0]).toBe(canonical);
    expect(fast?.edges[0]).toBe(edge);
    expect(fast?.edges[1]).toBe(handled);
    const given: unknown[] = [...input.nodes, ...input.edges];
    for (const copied of [fast?.nodes[1], fast?.nodes[2], fast?.nodes[3], fast?.edges[2]]) expect(given).not.toContain(copied);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.parse(input)));
  });

  it('leaves a graph over the limits to zod', () => {
    const node = (i: number) => ({ id: `n${i}`, type: 'transform', config: {} });
    const edge = (i: number) => ({ id: `e${i}`, source: 'n0', target: 'n1' });
    const nodes = Array.from({ length: LIMITS.maxNodes }, (_, i) => node(i));
    const edges = Array.from({ length: LIMITS.maxEdges }, (_, i) => edge(i));
    // At the limits: the ordinary path. One more node or edge: zod's refusal.
    expect(parseOrdinaryGraph({ nodes, edges }, LIMITS)).toStrictEqual(schema.parse({ nodes, edges }));
    for (const over of [{ nodes: [...nodes, node(LIMITS.maxNodes)], edges }, { nodes, edges: [...edges, edge(LIMITS.maxEdges)] }]) {
      expect(parseOrdinaryGraph(over, LIMITS)).toBeUndefined();
      expect(schema.safeParse(over).success).toBe(false);
    }
  });
});
