/**
 * Effect-free steps start as soon as their RUNNING row is handed to the store, not once it is stored;
 * steps with effects outside the run still wait for it. Through the engine, on a store whose commits can
 * be held at a gate (a slow database) or failed there.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtInNodeTypes } from '@/server/nodes';
import { flushMicrotasks } from './fake-clock';
import { defineNodeType, done, type NodeType, type StepEffects } from './node-type';
import type { RunId } from './graph';
import type { LiveEvent, RunCommit } from './ports';
import { createHarness } from './testing/harness';
import { chainEdges, makeGraph } from './testing/make-graph';
import { InMemoryRunStore } from './testing/memory-store';
import { createProbeTypes, ProbeLog } from './testing/probes';

/** Lets the first `openFor` commits through; later ones wait at the gate until it opens, or fail there. */
class GatedStore extends InMemoryRunStore {
  readonly commits: RunCommit[] = [];
  openFor = Number.POSITIVE_INFINITY;
  private held: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  override async commit(change: RunCommit): Promise<void> {
    this.commits.push(change);
    if (this.commits.length > this.openFor) await new Promise<void>((resolve, reject) => this.held.push({ resolve, reject }));
    return super.commit(change);
  }

  get heldCount(): number {
    return this.held.length;
  }

  open(): void {
    this.openFor = Number.POSITIVE_INFINITY;
    for (const { resolve } of this.held.splice(0)) resolve();
  }

  failHeld(error: unknown): void {
    for (const { reject } of this.held.splice(0)) reject(error);
  }
}

/** A node type whose output is the status its own step row had in the store when it began. */
function rowReader(store: InMemoryRunStore, type: string, effects: StepEffects): NodeType {
  return defineNodeType({
    type,
    title: 'Row reader',
    category: 'flow',
    description: 'Test double',
    icon: 'flask',
    configSchema: z.object({}),
    outputs: ['out'],
    effects,
    execute: async (ctx) => done(store.getStep(ctx.runId, ctx.nodeId)?.status ?? 'no row'),
  });
}

function setup(options: { dispatcher?: Parameters<typeof createHarness>[0]['dispatcher'] } = {}) {
  const log = new ProbeLog();
  const store = new GatedStore();
  const types = [...builtInNodeTypes, ...createProbeTypes(log), rowReader(store, 'reads-row', 'outside'), rowReader(store, 'pure-reads-row', 'none')];
  const h = createHarness({ types, store, dispatcher: options.dispatcher });
  return { log, store, h, types };
}

const chain = (type: string, ids: readonly string[], config: (id: string) => object = () => ({})) =>
  makeGraph({
    nodes: [{ id: 'start', type: 'input' }, ...ids.map((id) => ({ id, type, config: config(id) })), { id: 'result', type: 'output', config: {} }],
    edges: chainEdges('start', ...ids, 'result'),
  });

const seqs = (events: readonly LiveEvent[]) => events.map((event) => ('seq' in event ? event.seq : undefined));

/** The run's stored step statuses in order, by step, once its events are checked to be numbered 1, 2, 3… */
function storedStatuses(store: InMemoryRunStore, runId: RunId): Record<string, string[]> {
  const events = store.getEvents(runId);
  expect(seqs(events)).toEqual(events.map((_, i) => i + 1));
  const by: Record<string, string[]> = {};
  for (const event of events) if (event.type === 'step.status') (by[event.nodeId] ??= []).push(event.status);
  return by;
}

const P = ['p1', 'p2', 'p3', 'p4', 'p5'];

describe('effect-free steps', () => {
  it('run ahead of a held store, announce nothing unstored, and land in order once it opens', async () => {
    const { log, store, h } = setup();
    store.openFor = 1; // the run's start is stored; everything after waits
    const runId = await h.start(chain('pure-probe', P, (id) => ({ output: id })));
    await flushMicrotasks();

    expect(P.map((id) => log.executions(id))).toEqual([1, 1, 1, 1, 1]);
    expect(store.heldCount).toBe(1);
    expect(store.getSteps(runId).map((s) => `${s.nodeId}:${s.status}`)).toEqual(['start:RUNNING']);
    expect(seqs(h.liveEvents(runId))).toEqual(seqs(store.getEvents(runId, 1)));

    store.open();
    const run = await h.driveToRest(runId);
    expect([run.status, run.output]).toEqual(['SUCCEEDED', 'p5']);
    const byStep = storedStatuses(store, runId);
    for (const id of ['start', ...P, 'result']) expect([id, byStep[id]]).toEqual([id, ['RUNNING', 'SUCCEEDED']]);
    expect(store.getSteps(runId).map((s) => [s.nodeId, s.output])).toEqual([['start', {}], ...P.map((id) => [id, id]), ['result', 'p5']]);
    expect(h.liveEvents(runId)).toEqual(store.getEvents(runId, 1)); // announced once stored, in order
    expect(P.map((id) => log.executions(id))).toEqual([1, 1, 1, 1, 1]);
  });

  it('stop running ahead at a step with effects outside the run, which starts only once its row is stored', async () => {
    const { store, h } = setup();
    store.openFor = 1;
    const graph = makeGraph({
      nodes: [{ id: 'start', type: 'input' }, { id: 'a', type: 'pure-reads-row' }, { id: 'b', type: 'pure-reads-row' }, { id: 'call', type: 'reads-row' }, { id: 'after', type: 'pure-probe' }],
      edges: chainEdges('start', 'a', 'b', 'call', 'after'),
    });
    const runId = await h.start(graph);
    await flushMicrotasks();
    store.open();
    const run = await h.driveToRest(runId);
    expect(run.status).toBe('SUCCEEDED');
    // a and b ran before their rows were stored; `call` began once its row was.
    const outputs = Object.fromEntries(store.getSteps(runId).map((s) => [s.nodeId, s.output]));
    expect([outputs.a, outputs.b, outputs.call]).toEqual(['no row', 'no row', 'RUNNING']);
    const writes = store.commits.flatMap((c) => c.steps.map((s) => `${s.nodeId}:${s.status}`));
    expect(writes).toEqual(['start:RUNNING', 'start:SUCCEEDED', 'a:RUNNING', 'a:SUCCEEDED', 'b:RUNNING', 'b:SUCCEEDED', 'call:RUNNING', 'call:SUCCEEDED', 'after:RUNNING', 'after:SUCCEEDED']);
  });

  it('wait for their rows with a dispatcher that does not run steps in this process', async () => {
    const { log, store, h } = setup({ dispatcher: (inProcess) => ({ dispatch: (job, hooks) => inProcess.dispatch(job, hooks) }) });
    store.openFor = 1;
    const runId = await h.start(chain('pure-probe', P));
    await flushMicrotasks();
    expect(log.executions('p1')).toBe(0);
    store.open();
    expect((await h.driveToRest(runId)).status).toBe('SUCCEEDED');
    expect(P.map((id) => log.executions(id))).toEqual([1, 1, 1, 1, 1]);
  });

  it('are cancelled while they run ahead: what ended is kept, the rest is cancelled, in order', async () => {
    const { log, store, h } = setup();
    store.openFor = 1;
    const runId = await h.start(chain('pure-probe', P, () => ({ ms: 10 })));
    await h.clock.advance(25); // p1 and p2 ended in memory, p3 runs; none of it is stored
    expect([log.executions('p3'), log.running]).toEqual([1, 1]);
    const cancelled = h.engine.cancel(runId, 'a person stopped it');
    store.open();
    await cancelled;

    expect(store.getRun(runId)?.status).toBe('CANCELLED');
    expect(store.getSteps(runId).map((s) => `${s.nodeId}:${s.status}`)).toEqual([
      'start:SUCCEEDED', 'p1:SUCCEEDED', 'p2:SUCCEEDED', 'p3:CANCELLED', 'p4:CANCELLED', 'p5:CANCELLED', 'result:CANCELLED',
    ]);
    expect(store.getAttempts(runId, 'p3').map((a) => a.status)).toEqual(['CANCELLED']);
    expect(storedStatuses(store, runId).p3).toEqual(['RUNNING', 'CANCELLED']);
    await h.clock.advance(100);
    expect(log.executions('p4')).toBe(0);
  });

  it('are dropped when the store fails, and run again from what was stored, each output stored once', async () => {
    const { log, store, h, types } = setup();
    store.openFor = 1;
    const runId = await h.start(chain('pure-probe', P, (id) => ({ output: id })));
    const stopped = h.engine.untilAtRest(runId).then(
      () => 'at rest',
      (error: unknown) => error,
    );
    await flushMicrotasks();
    expect(P.map((id) => log.executions(id))).toEqual([1, 1, 1, 1, 1]);
    store.failHeld(new Error('the disk is full'));
    expect(await stopped).toEqual(new Error('the disk is full'));
    expect(h.engine.isActive(runId)).toBe(false);
    expect(store.getSteps(runId).map((s) => `${s.nodeId}:${s.status}`)).toEqual(['start:RUNNING']); // a prefix of the history

    // Another engine takes the run up: its effect-free steps now start only once their rows are stored.
    const again = createHarness({ types, store, clock: h.clock });
    store.openFor = store.commits.length + 1;
    expect(await again.engine.recover()).toEqual([runId]);
    await flushMicrotasks();
    expect(log.executions('p1')).toBe(1); // its RUNNING row is held at the gate: not started again yet
    store.open();
    const run = await again.driveToRest(runId);
    expect([run.status, run.output]).toEqual(['SUCCEEDED', 'p5']);
    const byStep = storedStatuses(store, runId);
    for (const id of P) expect([id, byStep[id]]).toEqual([id, ['RUNNING', 'SUCCEEDED']]);
    expect(byStep.start).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']); // interrupted, resumed
    expect(P.map((id) => log.executions(id))).toEqual([2, 2, 2, 2, 2]);
  });

  it('retry with backoff and time out like any step', async () => {
    const { store, h } = setup();
    const retry = { maxAttempts: 3, initialDelayMs: 10, multiplier: 1, maxDelayMs: 10 };
    const graph = makeGraph({
      nodes: [
        { id: 'start', type: 'input' },
        { id: 'flaky', type: 'pure-probe', config: { failUntil: 3, output: 'third time' }, policy: { retry } },
        { id: 'slow', type: 'pure-probe', config: { ms: 1_000 }, policy: { timeoutMs: 50, continueOnFailure: true } },
        { id: 'result', type: 'output', config: {} },
      ],
      edges: chainEdges('start', 'flaky', 'slow', 'result'),
    });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('SUCCEEDED');
    expect(store.getAttempts(runId, 'flaky').map((a) => [a.attempt, a.status])).toEqual([[1, 'FAILED'], [2, 'FAILED'], [3, 'SUCCEEDED']]);
    expect(store.getStep(runId, 'flaky')?.output).toBe('third time');
    expect(store.getStep(runId, 'slow')).toMatchObject({ status: 'FAILED', error: { code: 'NODE_TIMEOUT' } });
    expect(storedStatuses(store, runId).flaky).toEqual(['RUNNING', 'RETRYING', 'RUNNING', 'RETRYING', 'RUNNING', 'SUCCEEDED']);
  });
});
