import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '@/server/engine/fake-clock';
import { createHarness } from '@/server/engine/testing/harness';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { builtInNodeTypes } from './index';

const graph = (ms: unknown, policy?: Record<string, unknown>) =>
  makeGraph({
    nodes: [{ id: 'start', type: 'input' }, { id: 'pause', type: 'delay', config: { ms }, policy }, { id: 'after', type: 'transform', config: { expression: 'steps.pause.output' } }],
    edges: ['start->pause', 'pause->after'],
  });

describe('delay node', () => {
  it('waits its time on the clock, then passes its input on', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const runId = await h.start(graph(1_500), { v: 1 });
    await h.clock.advance(1_499);
    expect(h.status(runId, 'pause')).toBe('RUNNING');
    await h.clock.advance(1);
    await flushMicrotasks();
    expect(h.status(runId, 'pause')).toBe('SUCCEEDED');
    expect((await h.driveToRest(runId)).output).toEqual({ v: 1 });
  });

  it('takes its time from a template', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const runId = await h.start(graph('{{ input.wait }}'), { wait: 200 });
    await h.driveToRest(runId);
    expect(h.clock.now() - (h.store.getStep(runId, 'pause')?.startedAt ?? 0)).toBe(200);
  });

  it('stops waiting at once when the run is cancelled', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const runId = await h.start(graph(60_000));
    await h.clock.advance(10);
    await h.engine.cancel(runId);
    expect(h.status(runId, 'pause')).toBe('CANCELLED');
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('is cut short by its step timeout', async () => {
    const h = createHarness({ types: builtInNodeTypes });
    const { run } = await h.run(graph(60_000, { timeoutMs: 1_000 }));
    expect(run.error).toMatchObject({ code: 'NODE_TIMEOUT', nodeId: 'pause' });
  });
});
