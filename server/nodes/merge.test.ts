import { describe, expect, it } from 'vitest';
import { createHarness } from '@/server/engine/testing/harness';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { builtInNodeTypes } from './index';

const graph = (mode: string, predicate = 'true') =>
  makeGraph({
    nodes: [
      { id: 'start', type: 'input' },
      { id: 'left', type: 'transform', config: { expression: '"L"' } },
      { id: 'gate', type: 'condition', config: { predicate } },
      { id: 'right', type: 'transform', config: { expression: '"R"' } },
      { id: 'join', type: 'merge', config: { mode } },
    ],
    edges: ['start->left', 'start->gate', 'gate-true->right', 'left->join', 'right->join'],
  });

describe('merge node', () => {
  it('combines the upstream outputs into an object by step id', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    expect((await h.run(graph('object'))).run.output).toEqual({ left: 'L', right: 'R' });
  });

  it('or into an array in edge order', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    expect((await h.run(graph('array'))).run.output).toEqual(['L', 'R']);
  });

  it('runs with the branches that ran when another was skipped', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const { runId, run } = await h.run(graph('object', 'false'));
    expect(h.status(runId, 'right')).toBe('SKIPPED');
    expect(run.output).toEqual({ left: 'L' });
  });
});
