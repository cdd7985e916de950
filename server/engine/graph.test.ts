import { describe, expect, it } from 'vitest';
import { createGraphSchema, graphSchema, isNote, nodeIdSchema, runIdSchema, type NodeId } from './graph';

describe('graph schema', () => {
  it('applies the defaults a person may leave out', () => {
    const graph = graphSchema.parse({ nodes: [{ id: 'a', type: 'input', config: {}, policy: { retry: { maxAttempts: 3 } } }] });
    expect(graph.settings.maxParallel).toBe(4);
    expect(graph.edges).toEqual([]);
    expect(graph.nodes[0]).toMatchObject({ name: '', position: { x: 0, y: 0 } });
    expect(graph.nodes[0]?.policy).toEqual({ continueOnFailure: false, retry: { maxAttempts: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 60_000, jitter: 0.2 } });
  });

  it('accepts slugs as node ids and refuses anything else', () => {
    expect(nodeIdSchema.safeParse('summarise_2').success).toBe(true);
    for (const bad of ['Summarise', '2fast', 'has-dash', '', 'a'.repeat(65), '__proto__']) expect(nodeIdSchema.safeParse(bad).success).toBe(false);
  });

  it('brands ids so a run id cannot stand for a node id (checked by tsc)', () => {
    const runId = runIdSchema.parse('run_1');
    // @ts-expect-error a RunId is not a NodeId
    const nodeId: NodeId = runId;
    expect(nodeId).toBe('run_1');
  });

  it('limits the size of a graph, with a larger limit available for big runs', () => {
    const nodes = Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, type: 'x', config: {} }));
    expect(createGraphSchema({ maxNodes: 5, maxEdges: 5 }).safeParse({ nodes }).success).toBe(false);
    expect(createGraphSchema({ maxNodes: 10, maxEdges: 5 }).safeParse({ nodes }).success).toBe(true);
  });

  it('recognises sticky notes', () => {
    expect([isNote({ type: 'note' }), isNote({ type: 'llm' })]).toEqual([true, false]);
  });

  it.each([
    ['a node', { nodes: [{ id: 'a', type: 'input', config: {}, command: 'rm -rf /' }] }, ['nodes', 0]],
    ['a position', { nodes: [{ id: 'a', type: 'input', config: {}, position: { x: 0, y: 0, z: 1 } }] }, ['nodes', 0, 'position']],
    ['a policy', { nodes: [{ id: 'a', type: 'input', config: {}, policy: { retries: 3 } }] }, ['nodes', 0, 'policy']],
    ['an edge', { nodes: [], edges: [{ id: 'e1', source: 'a', target: 'b', preload: true }] }, ['edges', 0]],
    ['the settings', { nodes: [], settings: { maxParallel: 2, preload: true } }, ['settings']],
    ['the graph', { nodes: [], version: 2 }, []],
  ])('refuses an unknown field on %s, with its path, rather than dropping it', (_where, input, path) => {
    const refused = graphSchema.safeParse(input);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', path })]);
  });

  it('gives back a graph the editor saved as it was, defaults filled in', () => {
    const saved = {
      nodes: [
        { id: 'start', type: 'input', name: 'Start', position: { x: 0, y: 0 }, config: {} },
        { id: 'fix', type: 'transform', name: 'Fix', position: { x: 200, y: 0 }, config: { expression: 'a' }, policy: { retry: { maxAttempts: 3 } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'fix', sourceHandle: 'out' }],
      settings: { maxParallel: 2 },
    };
    const parsed = graphSchema.parse(saved);
    expect(parsed.nodes[0]).toEqual(saved.nodes[0]);
    expect(parsed.edges).toEqual(saved.edges);
    expect(parsed.nodes[1]?.policy?.retry).toMatchObject({ maxAttempts: 3, initialDelayMs: 1000 });
  });
});
