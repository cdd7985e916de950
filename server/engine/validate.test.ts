import { describe, expect, it } from 'vitest';
import { GraphError } from '@/server/errors';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { createProbeTypes, ProbeLog } from './testing/probes';
import { makeGraph, type GraphSpec } from './testing/make-graph';
import { assertValidGraph, validateGraph, type GraphProblem } from './validate';

const registry = createRegistry([...builtInNodeTypes, ...createProbeTypes(new ProbeLog())]);
const start = { id: 'start', type: 'input' };

function problems(spec: GraphSpec): GraphProblem[] {
  return validateGraph(makeGraph(spec), registry).problems;
}

function codes(spec: GraphSpec): string[] {
  return problems(spec).map((problem) => problem.code);
}

describe('validateGraph', () => {
  it('accepts a valid graph and returns it parsed, with defaults applied', () => {
    const result = validateGraph(makeGraph({ nodes: [start, 'a'], edges: ['start->a'] }), registry);
    expect(result.isValid).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.graph?.settings.maxParallel).toBe(4);
  });

  it('reports every problem at once', () => {
    const found = codes({
      nodes: [{ id: 'a', type: 'mystery' }, 'b', 'b'],
      edges: ['a->ghost', 'b->b'],
    });
    expect(found).toEqual(expect.arrayContaining(['UNKNOWN_NODE_TYPE', 'DUPLICATE_NODE_ID', 'DANGLING_EDGE', 'CYCLE', 'MISSING_INPUT']));
  });

  it('refuses an http URL written with another scheme, naming node and field; a templated scheme waits for the run', () => {
    const call = (url: string) => problems({ nodes: [start, { id: 'call', type: 'http', config: { url } }], edges: ['start->call'] });
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', ' FILE:/x']) {
      expect(call(url)).toEqual([expect.objectContaining({ code: 'INVALID_CONFIG', nodeId: 'call', field: 'config.url', message: expect.stringContaining('Node "call" (http): config.url: only http and https URLs are allowed') })]);
    }
    for (const url of ['https://api.example.com/x', 'HTTP://api.example.com/{{ input.q }}', '{{ input.url }}', '/relative']) expect([url, call(url)]).toEqual([url, []]);
  });

  it('names the node, its type and the field of a bad config, with the zod path', () => {
    const [problem] = problems({ nodes: [start, { id: 'pause', type: 'delay', config: { ms: -5 } }], edges: ['start->pause'] });
    expect(problem).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'pause', field: 'config.ms', severity: 'error' });
    expect(problem?.message).toBe('Node "pause" (delay): config.ms: too small: expected number to be >=0; got -5');
  });

  it('phrases a wrong enum value with the allowed ones and the value given', () => {
    const [problem] = problems({ nodes: [start, { id: 'join', type: 'merge', config: { mode: 'zip' } }], edges: ['start->join'] });
    expect(problem?.message).toBe('Node "join" (merge): config.mode must be one of "object", "array"; got "zip"');
  });

  it('accepts a template where the config expects another type: it is checked at run time', () => {
    expect(codes({ nodes: [start, { id: 'pause', type: 'delay', config: { ms: '{{ input.wait }}' } }], edges: ['start->pause'] })).toEqual([]);
  });

  it('reports an unknown node type', () => {
    const [problem] = problems({ nodes: [start, { id: 'x', type: 'teleport' }], edges: ['start->x'] });
    expect(problem).toMatchObject({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'x', message: 'Node "x" (teleport): unknown node type "teleport"' });
  });

  it('reports duplicate node ids and duplicate edge ids', () => {
    const found = problems({ nodes: [start, 'a', 'a'], edges: [{ id: 'e', source: 'start', target: 'a' }, { id: 'e', source: 'start', target: 'a' }] });
    expect(found.map((p) => p.message)).toEqual([
      'Node id "a" is used by 2 nodes; ids must be unique',
      'Edge "e" is used by 2 edges; ids must be unique',
    ]);
  });

  it('reports a dangling edge naming which end is missing', () => {
    const found = problems({ nodes: [start, 'a'], edges: ['start->a', { id: 'loose', source: 'a', target: 'nowhere' }] });
    expect(found).toEqual([
      { severity: 'error', code: 'DANGLING_EDGE', message: 'Edge "loose": target "nowhere" does not exist', edgeId: 'loose', field: 'target' },
    ]);
  });

  it('reports an edge leaving by a handle its source type does not have', () => {
    const found = problems({
      nodes: [start, { id: 'check', type: 'condition', config: { predicate: 'true' } }, 'a', 'b'],
      edges: ['start->check', 'check-maybe->a', 'check->b'],
    });
    expect(found.map((p) => p.message)).toEqual([
      'Edge "e2" from Node "check" (condition): handle "maybe" is not an output; use one of true, false',
      'Edge "e3" from Node "check" (condition) must name its handle: one of true, false',
    ]);
    expect(found.every((p) => p.code === 'INVALID_SOURCE_HANDLE' && p.field === 'sourceHandle')).toBe(true);
  });

  it('reports an edge out of a node type with no outputs', () => {
    const found = problems({ nodes: [start, { id: 'end', type: 'output' }, 'after'], edges: ['start->end', 'end->after'] });
    expect(found[0]?.message).toBe('Edge "e2" from Node "end" (output): output has no outputs, so nothing can follow it');
  });

  it('prints a cycle in full with the edges to highlight', () => {
    const found = problems({ nodes: [start, 'a', 'b', 'c'], edges: ['start->a', 'a->b', 'b->c', 'c->a'] });
    expect(found).toEqual([
      {
        severity: 'error',
        code: 'CYCLE',
        message: 'Cycle: a → b → c → a. A run needs a graph without cycles; remove one of these edges (Edge "e2", Edge "e3", Edge "e4")',
        nodeId: 'a',
        edgeIds: ['e2', 'e3', 'e4'],
      },
    ]);
  });

  it('reports a step wired to itself as a cycle', () => {
    expect(problems({ nodes: [start, 'a'], edges: ['start->a', 'a->a'] })[0]?.message).toMatch(/^Cycle: a → a\./);
  });

  it('requires exactly one input node, with nothing flowing into it', () => {
    expect(codes({ nodes: ['a'] })).toEqual(['MISSING_INPUT']);
    const found = problems({ nodes: [start, { id: 'again', type: 'input' }, 'a'], edges: ['start->a', 'a->again'] });
    expect(found.map((p) => p.message)).toEqual([
      'Node "again" (input): a graph has one input node, and "start" is already one',
      'Node "again" (input): the input node cannot have incoming edges ("e2")',
    ]);
  });

  it('refuses an expression reading a step that is not upstream, or that does not exist', () => {
    const found = problems({
      nodes: [start, { id: 'a', type: 'transform', config: { expression: 'steps.b.output' } }, 'b', { id: 'c', type: 'output', config: { result: '{{ steps.ghost.output }}' } }],
      edges: ['start->a', 'start->b', 'b->c'],
    });
    expect(found).toEqual([
      {
        severity: 'error',
        code: 'NOT_UPSTREAM_REFERENCE',
        message: 'Node "a" (transform): config.expression reads steps.b, but "b" is not upstream of it; connect "b" before it or read another step',
        nodeId: 'a',
        field: 'config.expression',
      },
      {
        severity: 'error',
        code: 'UNKNOWN_STEP_REFERENCE',
        message: 'Node "c" (output): config.result reads steps.ghost, but no step "ghost" exists',
        nodeId: 'c',
        field: 'config.result',
      },
    ]);
  });

  it('accepts expressions reading steps further upstream, through any path', () => {
    const spec = {
      nodes: [start, 'a', 'b', { id: 'c', type: 'output', config: { result: { x: '{{ steps.a.output }}', y: 'n={{ steps.start.output.n }}' } } }],
      edges: ['start->a', 'a->b', 'b->c'],
    };
    expect(codes(spec)).toEqual([]);
  });

  it('reports an expression that does not parse, with JSONata’s reason', () => {
    const [problem] = problems({ nodes: [start, { id: 't', type: 'transform', config: { expression: 'input.(' } }], edges: ['start->t'] });
    expect(problem).toMatchObject({ code: 'INVALID_EXPRESSION', nodeId: 't', field: 'config.expression' });
    expect(problem?.message).toMatch(/^Node "t" \(transform\): config.expression: Expression "input.\(" failed: /);
  });

  it('checks the result mapping’s step references', () => {
    const found = problems({ nodes: [start], settings: { resultMapping: { a: '{{ steps.nope.output }}' } } });
    expect(found.map((p) => p.message)).toEqual(['Settings: settings.resultMapping.a reads steps.nope, but no step "nope" exists']);
  });

  it('warns about steps the input never leads to, without refusing the graph', () => {
    const result = validateGraph(makeGraph({ nodes: [start, 'a', 'island'], edges: ['start->a'] }), registry);
    expect(result.isValid).toBe(true);
    expect(result.problems).toEqual([
      { severity: 'warning', code: 'UNREACHABLE_NODE', message: 'Node "island" (probe): not reachable from the input node', nodeId: 'island' },
    ]);
  });

  it('warns about a pass-through step with several incoming steps, which passes on null', () => {
    const parents = { nodes: [start, 'a', 'b'], edges: ['start->a', 'start->b'] };
    const warned = (node: { id: string; type: string; config?: unknown }) =>
      validateGraph(makeGraph({ nodes: [...parents.nodes, node], edges: [...parents.edges, `a->${node.id}`, `b->${node.id}`] }), registry);
    const delay = warned({ id: 'wait', type: 'delay', config: { ms: 5 } });
    expect(delay.isValid).toBe(true);
    expect(delay.problems).toEqual([
      {
        severity: 'warning',
        code: 'PASS_THROUGH_OF_SEVERAL',
        message: 'Node "wait" (delay): with several incoming steps ("a", "b") it passes on null; read each one as steps.<id>.output, or add a merge step before it to combine them',
        nodeId: 'wait',
        edgeIds: ['e3', 'e4'],
      },
    ]);
    expect(warned({ id: 'result', type: 'output' }).problems.map((p) => p.code)).toEqual(['PASS_THROUGH_OF_SEVERAL']);
    // A result or a child input of its own: nothing is passed through, nothing to warn about.
    expect(warned({ id: 'result', type: 'output', config: { result: '{{ steps.a.output }}' } }).problems).toEqual([]);
    expect(warned({ id: 'joined', type: 'merge' }).problems).toEqual([]);
    // One parent by two edges is still one parent.
    expect(problems({ nodes: [start, { id: 'wait', type: 'delay', config: { ms: 5 } }], edges: ['start->wait', { id: 'again', source: 'start', target: 'wait' }] })).toEqual([]);
  });

  it('treats a repeated id as its first node in every walk: reached, upstream, in cycles', () => {
    const found = problems({ nodes: [start, 'a', 'a', 'b'], edges: ['start->a', 'a->b'] });
    expect(found.map((p) => p.code)).toEqual(['DUPLICATE_NODE_ID']);
    const cyclic = problems({ nodes: [start, 'a', 'b', 'a'], edges: ['start->a', 'a->b', 'b->a'] });
    expect(cyclic.map((p) => p.message)).toEqual([
      'Node id "a" is used by 2 nodes; ids must be unique',
      'Cycle: a → b → a. A run needs a graph without cycles; remove one of these edges (Edge "e2", Edge "e3")',
    ]);
  });

  it('ignores sticky notes, which need no edges, but refuses edges to them', () => {
    expect(codes({ nodes: [start, 'a', { id: 'memo', type: 'note', config: { text: 'hi' } }], edges: ['start->a'] })).toEqual([]);
    const found = problems({ nodes: [start, { id: 'memo', type: 'note' }], edges: ['start->memo'] });
    expect(found.map((p) => p.code)).toEqual(['NOTE_CONNECTED']);
  });

  it('finds duplicates, a cycle and a dangling edge in a graph of 3,000 steps', () => {
    const ids = Array.from({ length: 3_000 }, (_, i) => `s${i}`);
    const found = problems({
      nodes: [start, ...ids, 's1500'],
      edges: [
        'start->s0',
        ...ids.slice(1).map((id, i) => `${ids[i] ?? 'start'}->${id}`),
        { id: 'back', source: 's2999', target: 's2990' },
        { id: 'loose', source: 's10', target: 's3000' },
        { id: 'e1', source: 'start', target: 's1' },
      ],
    });
    expect(found.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual([
      'Node id "s1500" is used by 2 nodes; ids must be unique',
      'Edge "e1" is used by 2 edges; ids must be unique',
      'Edge "loose": target "s3000" does not exist',
      expect.stringMatching(/^Cycle: s2990 → s2991 → .* → s2999 → s2990\./),
    ]);
  });

  it('reports bad fields of nodes, edges and settings, naming them', () => {
    const graph = makeGraph({ nodes: [start, { id: 'Bad Id' }], edges: ['start->Bad'], settings: { maxParallel: 0 } });
    const messages = validateGraph(graph, registry).problems.filter((p) => p.code === 'INVALID_FIELD').map((p) => p.message);
    expect(messages).toEqual([
      'Node "Bad Id" (probe): id: must be a slug: a lowercase letter, then lowercase letters, digits or _ (max 64); got "Bad Id"',
      'Graph: settings.maxParallel: too small: expected number to be >=1; got 0',
    ]);
  });

  it('refuses a graph larger than its limits', () => {
    const nodes = [start, ...Array.from({ length: 5 }, (_, i) => `n${i}`)];
    const result = validateGraph(makeGraph({ nodes }), registry, { limits: { maxNodes: 3, maxEdges: 10 } });
    expect(result.problems.map((p) => p.message)).toContain('Graph: nodes: at most 3 nodes are allowed; got 6 items');
  });

  it('refuses input that is not a graph at all', () => {
    expect(validateGraph('nodes', registry).problems).toEqual([
      { severity: 'error', code: 'INVALID_FIELD', message: 'Graph: value must be an object; got "nodes"' },
    ]);
  });
});

describe('assertValidGraph', () => {
  it('throws a GraphError listing every error with its field path', () => {
    const graph = makeGraph({ nodes: [{ id: 'pause', type: 'delay', config: { ms: 'x' } }] });
    let thrown: unknown;
    try {
      assertValidGraph(graph, registry);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphError);
    expect(thrown).toMatchObject({ code: 'GRAPH_INVALID' });
    expect((thrown as GraphError).issues).toEqual([
      { path: 'nodes.pause.config.ms', message: 'Node "pause" (delay): config.ms must be a number; got "x"' },
      { path: 'graph', message: 'Graph has no input node; add one where the run input enters' },
    ]);
  });
});
