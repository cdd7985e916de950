import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtInNodeTypes } from '@/server/nodes';
import { flushMicrotasks } from './fake-clock';
import { defineNodeType, done } from './node-type';
import { createHarness } from './testing/harness';
import { chainEdges, makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

function setup() {
  const log = new ProbeLog();
  return { ...createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)] }), log };
}

const start = { id: 'start', type: 'input' };

describe('engine.cancel', () => {
  it('aborts running steps, cancels pending and retrying ones, and ends the run CANCELLED', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'long', config: { ms: 1_000 } },
        { id: 'flaky', config: { fail: 'retryable' }, policy: { retry: { maxAttempts: 3, initialDelayMs: 500 } } },
        'after',
      ],
      edges: ['start->long', 'start->flaky', 'long->after'],
    });
    const runId = await h.start(graph);
    await h.clock.advance(10);
    expect(h.status(runId, 'flaky')).toBe('RETRYING');
    await h.engine.cancel(runId, 'stopped by Ada');
    const run = await h.engine.untilAtRest(runId);
    expect(run.status).toBe('CANCELLED');
    expect(run.error).toEqual({ code: 'RUN_CANCELLED', message: 'stopped by Ada' });
    expect(['long', 'flaky', 'after'].map((id) => h.status(runId, id))).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect(h.log.first('long')?.endedAt).toBe(h.clock.now()); // its sleep was aborted by the signal
    expect(h.clock.pendingTimers).toBe(0); // the retry timer is gone too
    expect(h.store.getAttempts(runId, 'long').map((a) => a.status)).toEqual(['CANCELLED']);
  });

  it('is a no-op on a finished run', async () => {
    const h = setup();
    const { runId } = await h.run(makeGraph({ nodes: [start, 'a'], edges: ['start->a'] }));
    await h.engine.cancel(runId);
    expect((await h.engine.untilAtRest(runId)).status).toBe('SUCCEEDED');
  });

  it('cancels a run still QUEUED without starting any step', async () => {
    const h = setup();
    const runId = h.store.createRun({ graph: makeGraph({ nodes: [start, 'a'], edges: ['start->a'] }) });
    await h.engine.cancel(runId);
    expect(h.store.getRun(runId)?.status).toBe('CANCELLED');
    expect(h.log.entries).toHaveLength(0);
  });
});

describe('WAITING steps', () => {
  const approvalGraph = () =>
    makeGraph({
      nodes: [start, { id: 'draft', config: { output: 'text' } }, { id: 'approve', config: { wait: true } }, { id: 'publish', config: { output: 'done' } }],
      edges: chainEdges('start', 'draft', 'approve', 'publish'),
    });

  it('parks the run in WAITING until a decision completes the step, then goes on', async () => {
    const h = setup();
    const runId = await h.start(approvalGraph());
    const waiting = await h.driveToRest(runId);
    expect(waiting.status).toBe('WAITING');
    expect(h.store.getStep(runId, 'approve')).toMatchObject({ status: 'WAITING', waitReason: 'a person must decide' });
    expect(h.log.executions('publish')).toBe(0);

    await h.engine.resolveWaiting(runId, 'approve', { kind: 'complete', output: { approvedBy: 'ada' } });
    const run = await h.driveToRest(runId);
    expect(run.status).toBe('SUCCEEDED');
    expect(h.store.getStep(runId, 'approve')).toMatchObject({ status: 'SUCCEEDED', output: { approvedBy: 'ada' } });
    expect(h.store.getStep(runId, 'publish')?.input).toEqual({ $from: ['approve'] });
    expect(h.log.first('publish')?.inputs).toEqual({ approve: { approvedBy: 'ada' } });
    const runStatuses = h.store.getEvents(runId).flatMap((e) => (e.type === 'run.status' ? [e.status] : []));
    expect(runStatuses).toEqual(['QUEUED', 'RUNNING', 'WAITING', 'RUNNING', 'SUCCEEDED']);
  });

  it('keeps the run RUNNING while other branches still work beside a waiting step', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'approve', config: { wait: true } }, { id: 'work', config: { ms: 100 } }],
      edges: ['start->approve', 'start->work'],
    });
    const runId = await h.start(graph);
    await h.clock.advance(50);
    expect(h.store.getRun(runId)?.status).toBe('RUNNING');
    await h.clock.advance(50);
    await flushMicrotasks();
    expect(h.store.getRun(runId)?.status).toBe('WAITING');
  });

  it('fails the step on a rejecting decision, which fails the run', async () => {
    const h = setup();
    const runId = await h.start(approvalGraph());
    await h.driveToRest(runId);
    await h.engine.resolveWaiting(runId, 'approve', { kind: 'fail', message: 'rejected by Ada: tone' });
    const run = await h.driveToRest(runId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ nodeId: 'approve', message: 'Node "approve" (probe): rejected by Ada: tone' });
    expect(h.status(runId, 'publish')).toBe('CANCELLED');
  });

  it('refuses a decision for a step that is not waiting', async () => {
    const h = setup();
    const runId = await h.start(approvalGraph());
    await h.driveToRest(runId);
    await expect(h.engine.resolveWaiting(runId, 'draft', { kind: 'complete' })).rejects.toMatchObject({ code: 'STEP_NOT_WAITING' });
    await expect(h.engine.resolveWaiting(runId, 'approve', { kind: 'complete', handles: ['sideways'] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(h.store.getRun(runId)?.status).toBe('WAITING');
  });

  it('cancels a waiting run', async () => {
    const h = setup();
    const runId = await h.start(approvalGraph());
    await h.driveToRest(runId);
    await h.engine.cancel(runId);
    expect(h.store.getRun(runId)?.status).toBe('CANCELLED');
    expect(h.status(runId, 'approve')).toBe('CANCELLED');
  });
});

describe('live partial output', () => {
  it('announces streamed chunks to subscribers without storing them', async () => {
    const streamer = defineNodeType({
      type: 'streamer',
      title: 'Streamer',
      category: 'ai',
      description: 'Streams two chunks',
      icon: 'radio',
      configSchema: z.object({}),
      outputs: ['out'],
      async execute(ctx) {
        ctx.emitPartial('Hel');
        ctx.emitPartial('lo');
        return done('Hello');
      },
    });
    const h = createHarness({ types: [...builtInNodeTypes, streamer] });
    const { runId } = await h.run(makeGraph({ nodes: [start, { id: 'say', type: 'streamer' }], edges: ['start->say'] }));
    const partials = h.liveEvents(runId).filter((e) => e.type === 'step.partial');
    expect(partials.map((e) => (e.type === 'step.partial' ? e.chunk : null))).toEqual(['Hel', 'lo']);
    expect(h.store.getEvents(runId).some((e) => (e.type as string) === 'step.partial')).toBe(false);
  });
});
