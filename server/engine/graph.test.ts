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
});
