/**
 * A run keeps every succeeded step's output for expressions and later steps, bounded in total: the step
 * whose output would cross the bound fails with RUN_OUTPUTS_TOO_LARGE, and the run ends FAILED (or goes
 * on past it with continueOnFailure). On the in-memory store here, on the database in
 * server/runs/run-outputs-bound-store.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { builtInNodeTypes } from '@/server/nodes';
import type { NodeId } from './graph';
import { jsonChars } from './json-limits';
import type { RunEvent } from './ports';
import { createHarness } from './testing/harness';
import { BRANCH_TEXT as TEXT, LOWERED, mergeGraph } from './testing/merge-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';
import { InMemoryRunStore } from './testing/memory-store';

function setup(store?: InMemoryRunStore) {
  const log = new ProbeLog();
  return { ...createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)], runLimits: LOWERED, store }), log };
}

describe('the bound on a run’s outputs', () => {
  it('fails the step whose output would cross it, naming the step and the limit, and ends the run FAILED', async () => {
    const h = setup();
    const { runId, run } = await h.run(mergeGraph());
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'RUN_OUTPUTS_TOO_LARGE', nodeId: 'join' });
    expect(run.error?.message).toContain('Node "join" (merge)');
    expect(run.error?.message).toContain('past 3,000 characters');
    const join = h.store.getStep(runId, 'join');
    expect(join).toMatchObject({ status: 'FAILED', attempt: 1, error: { code: 'RUN_OUTPUTS_TOO_LARGE', retryable: false } });
    expect(join?.output).toBeUndefined();
    expect(h.store.getStep(runId, 'a')?.status).toBe('SUCCEEDED');
    expect(h.log.executions('after')).toBe(0);
  });

  it('lets the run go on past the failed step with continueOnFailure', async () => {
    const h = setup();
    const { runId, run } = await h.run(mergeGraph({ continueOnFailure: true }));
    expect(run.status).toBe('SUCCEEDED');
    expect(h.store.getStep(runId, 'join')?.status).toBe('FAILED');
    expect(h.store.getStep(runId, 'after')?.status).toBe('SKIPPED');
  });

  it('lets the same run succeed under a bound with room for the merge', async () => {
    const log = new ProbeLog();
    const h = createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)], runLimits: { maxOutputsChars: 10_000 } });
    expect((await h.run(mergeGraph())).run.status).toBe('SUCCEEDED');
  });

  it('counts, in a run resumed after a restart, the outputs it had already kept', async () => {
    // What a process that died with a and b done and `join` queued left behind.
    const store = new InMemoryRunStore();
    const h = setup(store);
    const runId = store.createRun({ graph: mergeGraph(), input: {}, now: h.clock.now() });
    const at = h.clock.now();
    const done = (id: string, output: unknown) => ({ nodeId: id as NodeId, status: 'SUCCEEDED' as const, attempt: 1, output, handles: ['out'], startedAt: at, finishedAt: at });
    const steps = [done('start', {}), done('a', TEXT), done('b', TEXT), { nodeId: 'join' as NodeId, status: 'QUEUED' as const, attempt: 0 }];
    const events: RunEvent[] = steps.map((step, i) => ({ type: 'step.status', nodeId: step.nodeId, status: step.status, attempt: step.attempt, runId, seq: i + 2, at }));
    await store.commit({ runId, run: { status: 'RUNNING', startedAt: at }, steps, events });

    await h.engine.start(runId);
    const run = await h.driveToRest(runId);
    expect(run.error).toMatchObject({ code: 'RUN_OUTPUTS_TOO_LARGE', nodeId: 'join' });
    expect(run.error?.message).toContain(`(${(2 + jsonChars(TEXT) * 2).toLocaleString('en-US')} so far)`);
  });
});
