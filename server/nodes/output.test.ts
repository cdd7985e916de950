import { describe, expect, it } from 'vitest';
import { createHarness } from '@/server/engine/testing/harness';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { builtInNodeTypes } from './index';

const start = { id: 'start', type: 'input' };

describe('output node', () => {
  it('maps the run result with templates over the input and earlier steps', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'score', type: 'transform', config: { expression: 'input.points / 10' } },
        { id: 'result', type: 'output', config: { result: { grade: '{{ steps.score.output }}', note: '{{ input.name }} scored {{ steps.score.output }}', fixed: [1, true] } } },
      ],
      edges: ['start->score', 'score->result'],
    });
    const { run } = await h.run(graph, { name: 'Ada', points: 87 });
    expect(run.output).toEqual({ grade: 8.7, note: 'Ada scored 8.7', fixed: [1, true] });
  });

  it('without a result, passes on what flows into it', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const graph = makeGraph({ nodes: [start, { id: 'result', type: 'output' }], edges: ['start->result'] });
    expect((await h.run(graph, { a: 1 })).run.output).toEqual({ a: 1 });
  });
});
