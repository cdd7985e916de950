import { describe, expect, it } from 'vitest';
import { createHarness } from '@/server/engine/testing/harness';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { builtInNodeTypes } from './index';

const start = { id: 'start', type: 'input' };

describe('transform node', () => {
  it('computes its output with a JSONata expression over the input and earlier steps', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'pick', type: 'transform', config: { expression: 'input.items[price > 10]' } },
        { id: 'total', type: 'transform', config: { expression: '{ "count": $count(steps.pick.output), "sum": $sum(steps.pick.output.price), "run": run.id }' } },
      ],
      edges: ['start->pick', 'pick->total'],
    });
    const { runId, run } = await h.run(graph, { items: [{ price: 5 }, { price: 20 }, { price: 30 }] });
    expect(run.output).toEqual({ count: 2, sum: 50, run: runId });
  });

  it('fails its step with the expression and the reason when the expression fails', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const graph = makeGraph({ nodes: [start, { id: 'bad', type: 'transform', config: { expression: '$number(input.word)' } }], edges: ['start->bad'] });
    const { run } = await h.run(graph, { word: 'seven' });
    expect(run.error).toMatchObject({ code: 'EXPRESSION_FAILED', nodeId: 'bad' });
    expect(run.error?.message).toContain('Node "bad" (transform): Expression "$number(input.word)" failed');
  });

  it('stops an expression that runs away, by the time limit', async () => {
    const h = createHarness({ types: builtInNodeTypes, expressionLimits: { timeoutMs: 30, maxDepth: 500 } });
    const graph = makeGraph({ nodes: [start, { id: 'loop', type: 'transform', config: { expression: '($f := function($x){ $f($x + 1) }; $f(1))' } }], edges: ['start->loop'] });
    const { run } = await h.run(graph);
    expect(run.error?.message).toContain('ran longer than 30 ms');
  });
});
