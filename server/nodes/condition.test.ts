import { describe, expect, it } from 'vitest';
import { createHarness } from '@/server/engine/testing/harness';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { isTruthy } from './condition';
import { builtInNodeTypes } from './index';

const graph = makeGraph({
  nodes: [
    { id: 'start', type: 'input' },
    { id: 'big', type: 'condition', config: { predicate: 'input.amount > 100' } },
    { id: 'approve', type: 'transform', config: { expression: '"needs approval"' } },
    { id: 'auto', type: 'transform', config: { expression: '"auto"' } },
  ],
  edges: ['start->big', 'big-true->approve', 'big-false->auto'],
});

describe('condition node', () => {
  it('takes its true edge when the predicate holds, skipping the false branch', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const { runId, run } = await h.run(graph, { amount: 500 });
    expect(h.store.getStep(runId, 'big')).toMatchObject({ output: { result: true }, handles: ['true'] });
    expect([h.status(runId, 'approve'), h.status(runId, 'auto')]).toEqual(['SUCCEEDED', 'SKIPPED']);
    expect(run.output).toBe('needs approval');
  });

  it('takes its false edge otherwise', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const { runId } = await h.run(graph, { amount: 5 });
    expect([h.status(runId, 'approve'), h.status(runId, 'auto')]).toEqual(['SKIPPED', 'SUCCEEDED']);
  });

  it('reads values with JSONata’s $boolean rules', () => {
    expect([true, 'x', 1, [0, 2], { a: 1 }].map(isTruthy)).toEqual([true, true, true, true, true]);
    expect([false, '', 0, [], [0, ''], {}, null, undefined, Number.NaN].map(isTruthy)).toEqual(Array(9).fill(false));
  });
});
