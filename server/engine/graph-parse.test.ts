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
// Now and then an unknown field: the schema is strict, so the parser must leave such a graph to zod.
const withRareField = <T extends object>(value: fc.Arbitrary<T>, key: string) =>
  fc.tuple(value, fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, fc.string({ maxLength: 3 }))).map(([item, extra]) => (extra === undefined ? item : { ...item, [key]: extra }));
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
  },
  { requiredKeys: ['id', 'type', 'config'] },
);
const looseNode = withRareField(node, 'extra');

const edge = fc.record(
  {
    id: maybe(text(MAX.edgeId)),
    source: maybe(text(MAX.edgeEnd, fc.stringMatching(/^[a-z]{1,3}$/))),
    target: maybe(text(MAX.edgeEnd, fc.stringMatching(/^[a-z]{1,3}$/))),
    sourceHandle: maybe(text(MAX.edgeEnd, fc.constantFrom('out', 'true', 'false'))),
  },
  { requiredKeys: ['id', 'source', 'target'] },
);
const looseEdge = withRareField(edge, 'label');

const graph = fc.record(
  {
    nodes: fc.array(looseNode, { maxLength: 5 }),
    edges: fc.oneof({ arbitrary: fc.array(looseEdge, { maxLength: 5 }), weight: 8 }, odd),
    settings: maybe(withRareField(fc.record({ maxParallel: maybe(fc.integer({ min: 0, max: 300 })), resultMapping: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }), 'preload')),
  },
  { requiredKeys: ['nodes'] },
);
const looseGraph = withRareField(graph, 'version');

describe('parseOrdinaryGraph', () => {
  it("returns zod's own result, keys in the same order, or leaves the graph to zod", () => {
    let ordinary = 0;
    fc.assert(
      fc.property(fc.oneof(looseGraph, odd), (input) => {
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
    const reordered = { type: 'transform', id: 'c', name: 'C', position: { x: 1, y: 2 }, config: {} };
    const unnamed = { id: 'd', type: 'transform', config: {} };
    const edge = { id: 'e1', source: 'a', target: 'c' };
    const handled = { id: 'e2', source: 'a', target: 'd', sourceHandle: 'out' };
    const reorderedEdge = { target: 'd', source: 'c', id: 'e3' };
    const input = { nodes: [canonical, reordered, unnamed], edges: [edge, handled, reorderedEdge] };
    const fast = parseOrdinaryGraph(input, LIMITS);
    expect(fast?.nodes[0]).toBe(canonical);
    expect(fast?.edges[0]).toBe(edge);
    expect(fast?.edges[1]).toBe(handled);
    const given: unknown[] = [...input.nodes, ...input.edges];
    for (const copied of [fast?.nodes[1], fast?.nodes[2], fast?.edges[2]]) expect(given).not.toContain(copied);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.parse(input)));
  });

  it.each([
    ['a node', { nodes: [{ id: 'a', type: 'input', config: {}, command: 'rm -rf /' }] }],
    ['a position', { nodes: [{ id: 'a', type: 'input', config: {}, position: { x: 0, y: 0, z: 1 } }] }],
    ['an edge', { nodes: [], edges: [{ id: 'e1', source: 'a', target: 'b', preload: true }] }],
    ['the graph', { nodes: [], version: 2 }],
  ])('leaves an unknown field on %s to zod, which refuses it', (_where, input) => {
    expect(parseOrdinaryGraph(input, LIMITS)).toBeUndefined();
    const refused = schema.safeParse(input);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.code)).toContain('unrecognized_keys');
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
