/**
 * The bound on a run's outputs on the real database: the merge that would cross it fails with
 * RUN_OUTPUTS_TOO_LARGE, nothing of its output is stored, and the run row ends FAILED naming it.
 */
import { expect, it } from 'vitest';
import { describeEachDb, queueRun } from '@/test/db';
import { createEngine } from '@/server/engine/engine';
import { DEFAULT_EXPRESSION_LIMITS } from '@/server/engine/expressions';
import type { RunId } from '@/server/engine/graph';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { noopLogger } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { LOWERED, mergeGraph } from '@/server/engine/testing/merge-graph';
import { createProbeTypes, ProbeLog } from '@/server/engine/testing/probes';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { PrismaRunStore } from './prisma-run-store';

describeEachDb('the bound on a run’s outputs, stored', (getDb) => {
  it('fails the merge that would cross it and ends the run FAILED with a message naming the step and the limit', async () => {
    const db = getDb().client;
    const registry = createRegistry([...builtInNodeTypes, ...createProbeTypes(new ProbeLog())]);
    const dispatcher = new InProcessDispatcher({ registry, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
    const engine = createEngine({ store: new PrismaRunStore(db), dispatcher, events: new MemoryEventBus(), clock: realClock, registry, runLimits: LOWERED });
    const runId = (await queueRun(db, mergeGraph())) as RunId;
    await engine.start(runId);
    const run = await engine.untilAtRest(runId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'RUN_OUTPUTS_TOO_LARGE', nodeId: 'join' });
    expect(run.error?.message).toMatch(/^Node "join" \(merge\): its output \(2,016 characters of JSON\) would take .* past 3,000 characters/);

    const rows = await db.runStep.findMany({ where: { runId }, orderBy: { nodeId: 'asc' }, select: { nodeId: true, status: true, output: true, error: true } });
    expect(rows.map((row) => [row.nodeId, row.status])).toEqual([['a', 'SUCCEEDED'], ['after', 'CANCELLED'], ['b', 'SUCCEEDED'], ['join', 'FAILED'], ['start', 'SUCCEEDED']]);
    const join = rows.find((row) => row.nodeId === 'join');
    expect(join?.output).toBeNull();
    expect(join?.error).toMatchObject({ code: 'RUN_OUTPUTS_TOO_LARGE', retryable: false });
    const stored = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, error: true } });
    expect(stored).toMatchObject({ status: 'FAILED', error: { code: 'RUN_OUTPUTS_TOO_LARGE', nodeId: 'join' } });
  });
});
