import { describe, expect, it } from 'vitest';
import { builtInNodeTypes } from '@/server/nodes';
import { FakeClock, flushMicrotasks } from './fake-clock';
import { nodeIdSchema, type RunId } from './graph';
import { MemoryEventBus } from './memory-event-bus';
import { InMemoryRunStore } from './testing/memory-store';
import type { LiveEvent, RunCommit } from './ports';
import { Batch, RunWriter } from './run-writer';
import { createHarness } from './testing/harness';
import { chainEdges, makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

/** Records every commit; while `isHeld`, commits wait until `release()`, like a slow database. */
class RecordingStore extends InMemoryRunStore {
  readonly commits: RunCommit[] = [];
  isHeld = false;
  private held: Array<() => void> = [];

  override async commit(change: RunCommit): Promise<void> {
    this.commits.push(change);
    if (this.isHeld) await new Promise<void>((resolve) => this.held.push(resolve));
    return super.commit(change);
  }

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

function stepBatch(runId: RunId, nodeId: string): Batch {
  const batch = new Batch(runId);
  const id = nodeIdSchema.parse(nodeId);
  batch.steps.push({ nodeId: id, status: 'SUCCEEDED', attempt: 1 });
  batch.stepEvent(id, 'SUCCEEDED', 1);
  return batch;
}

describe('RunWriter', () => {
  it('groups the changes staged while a commit is in flight into the next commit, in order', async () => {
    const store = new RecordingStore();
    const runId = store.createRun({ graph: {} });
    const bus = new MemoryEventBus();
    const announced: LiveEvent[] = [];
    bus.subscribe(runId, (event) => announced.push(event));
    const writer = new RunWriter(runId, 1, { store, events: bus, clock: new FakeClock() }, { onStarted: () => undefined, onFailure: () => undefined });

    store.isHeld = true;
    writer.stage(stepBatch(runId, 'a'));
    writer.stage(stepBatch(runId, 'b'));
    writer.stage(stepBatch(runId, 'c'));
    await flushMicrotasks();
    expect(announced).toEqual([]); // nothing is announced before it is stored
    store.isHeld = false;
    store.release();
    await flushMicrotasks();

    expect(store.commits.map((commit) => commit.steps.map((step) => step.nodeId))).toEqual([['a'], ['b', 'c']]);
    expect(store.commits[1]?.events.map((event) => event.seq)).toEqual([3, 4]);
    expect(announced.map((event) => ('seq' in event ? event.seq : 0))).toEqual([2, 3, 4]);
  });

  it('rejects waiters and reports the failure once when a commit fails', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    const failures: unknown[] = [];
    const writer = new RunWriter(runId, 1, { store, events: new MemoryEventBus(), clock: new FakeClock() }, {
      onStarted: () => undefined,
      onFailure: (error) => failures.push(error),
    });
    store.failNextCommit('disk full');
    await expect(writer.stageAndWait(stepBatch(runId, 'a'))).rejects.toBe('disk full');
    await expect(writer.stageAndWait(stepBatch(runId, 'b'))).rejects.toBe('disk full');
    expect(failures).toEqual(['disk full']);
  });
});

describe('writes of a run, through the engine', () => {
  it('stores a step’s end and its successor’s start in one commit', async () => {
    const store = new RecordingStore();
    const h = createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(new ProbeLog())], store });
    await h.run(makeGraph({ nodes: [{ id: 'start', type: 'input' }, 'a', 'b'], edges: chainEdges('start', 'a', 'b') }));
    const commit = store.commits.find((c) => c.steps.some((s) => s.nodeId === 'a' && s.status === 'SUCCEEDED'));
    expect(commit?.steps.map((s) => `${s.nodeId}:${s.status}`)).toEqual(['a:SUCCEEDED', 'b:RUNNING']);
  });

  it('groups steps that end together while the store is slow', async () => {
    const store = new RecordingStore();
    const clock = new FakeClock();
    const h = createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(new ProbeLog())], store, clock });
    const nodes = [{ id: 'start', type: 'input' }, { id: 'a', config: { ms: 10 } }, { id: 'b', config: { ms: 10 } }, { id: 'c', config: { ms: 10 } }];
    const runId = await h.start(makeGraph({ nodes, edges: ['start->a', 'start->b', 'start->c'] }));
    await clock.advance(5);
    store.isHeld = true;
    await clock.advance(5); // a ends; its commit is held; b and c end meanwhile
    store.isHeld = false;
    store.release();
    const run = await h.driveToRest(runId);
    expect(run.status).toBe('SUCCEEDED');
    const ends = store.commits.map((c) => c.steps.filter((s) => s.status === 'SUCCEEDED').map((s) => s.nodeId)).filter((ids) => ids.length > 0);
    expect(ends).toEqual([['start'], ['a'], ['b', 'c']]);
  });
});
