import { describe, expect, it } from 'vitest';
import { createHarness } from '@/server/engine/testing/harness';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { builtInNodeTypes } from './index';

describe('input node', () => {
  it('passes the run input on unchanged', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const { runId, run } = await h.run(makeGraph({ nodes: [{ id: 'start', type: 'input' }] }), { topic: 'llamas', n: 3 });
    expect(h.store.getStep(runId, 'start')?.output).toEqual({ topic: 'llamas', n: 3 });
    expect(run.output).toEqual({ topic: 'llamas', n: 3 });
  });
});
