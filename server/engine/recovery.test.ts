import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { builtInNodeTypes } from '@/server/nodes';
import { FakeClock, flushMicrotasks } from './fake-clock';
import { InMemoryRunStore } from './testing/memory-store';
import type { RunId } from './graph';
import { noopLogger } from './ports';
import { createHarness } from './testing/harness';
import { chainEdges, makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

const start = { id: 'start', type: 'input' };

/** One store and one probe log shared by a process that "dies" and the one that replaces it. */
function setupTwoProcesses() {
  const store = new InMemoryRunStore();
  const log = new ProbeLog();
  const types = [...builtInNodeTypes, ...createProbeTypes(log)];
  const first = createHarness({ types, store });
  return {
    store,
    log,
    first,
    /** Kills the first process mid-flight: its pending writes never land, its clock never moves again. */
    async crashAndRestart() {
      store.freeze();
      await flushMicrotasks();
      store.unfreeze();
      return createHarness({ types, store, clock: new FakeClock(first.clock.now()) });
    },
  };
}

describe('recovery after a crash', () => {
  it('resumes a RUNNING run: finished steps do not run again, the interrupted one gets a resumed attempt', async () => {
    const { store, log, first, crashAndRestart } = setupTwoProcesses();
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { ms: 10, output: 'A' } }, { id: 'b', config: { ms: 100 } }, { id: 'c', config: { ms: 10 } }],
      edges: chainEdges('start', 'a', 'b', 'c'),
    });
    const runId = await first.start(graph);
    await first.clock.advance(50); // a finished, b running
    expect(first.status(runId, 'b')).toBe('RUNNING');

    const second = await crashAndRestart();
    expect(await second.engine.recover()).toEqual([runId]);
    const run = await second.driveToRest(runId);

    expect(run.status).toBe('SUCCEEDED');
    expect([log.executions('a'), log.executions('b'), log.executions('c')]).toEqual([1, 2, 1]);
    expect(store.getAttempts(runId, 'b').map((a) => [a.attempt, a.status, a.isResumed, a.error?.code])).toEqual([
      [1, 'CANCELLED', false, 'STEP_INTERRUPTED'],
      [2, 'SUCCEEDED', true, undefined],
    ]);
    expect(log.entries.filter((e) => e.id === 'b').map((e) => [e.attempt, e.isResumed])).toEqual([
      [1, false],
      [2, true],
    ]);
    // b's resumed attempt got a's output, rebuilt from a's stored row; c's row refers to b, it holds no copy.
    expect(log.entries.filter((e) => e.id === 'b').map((e) => e.inputs)).toEqual([{ a: 'A' }, { a: 'A' }]);
    expect(log.first('c')?.inputs).toEqual({ b: 'A' });
    expect(store.getStep(runId, 'c')?.input).toEqual({ $from: ['b'] });
    const resumed = store.getEvents(runId).find((e) => e.type === 'run.status' && e.isResumed === true);
    expect(resumed).toBeDefined();
  });

  it('a resumed run\'s templates read the outputs of steps that succeeded before the crash', async () => {
    const { first, crashAndRestart } = setupTwoProcesses();
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { ms: 10, output: 'A' } }, { id: 'b', config: { ms: 100 } }, { id: 'c', config: { output: '{{ steps.a.output & steps.b.output }}' } }],
      edges: chainEdges('start', 'a', 'b', 'c'),
    });
    const runId = await first.start(graph);
    await first.clock.advance(50); // a finished, b running
    const second = await crashAndRestart();
    await second.engine.recover();
    const run = await second.driveToRest(runId);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toBe('AA'); // b passes a's output on; c joins both, a's read back from the store
  });

  it('resumes the other runs when one cannot be read, logs that one, and a later start resumes it', async () => {
    const store = new InMemoryRunStore();
    const log = new ProbeLog();
    const types = [...builtInNodeTypes, ...createProbeTypes(log)];
    const first = createHarness({ types, store });
    const graph = makeGraph({ nodes: [start, { id: 'a', config: { ms: 100 } }], edges: chainEdges('start', 'a') });
    const unreadable = await first.start(graph);
    const readable = await first.start(graph);
    await first.clock.advance(10); // both are running a
    store.freeze(); // the first process dies
    await flushMicrotasks();
    store.unfreeze();

    store.failLoadOf(unreadable, new AppError('CONFLICT', 'row unreadable'));
    const logged: string[] = [];
    const logger = { ...noopLogger, error: (message: string) => void logged.push(message) };
    const second = createHarness({ types, store, clock: new FakeClock(first.clock.now()), logger });
    expect(await second.engine.recover()).toEqual([readable]);
    expect(logged).toEqual([`Run "${unreadable}" could not be resumed; it is left for the next start`]);
    expect((await second.driveToRest(readable)).status).toBe('SUCCEEDED');
    expect(store.getRun(unreadable)?.status).toBe('RUNNING');

    store.failLoadOf(unreadable, undefined);
    const third = createHarness({ types, store, clock: new FakeClock(second.clock.now()) });
    expect(await third.engine.recover()).toEqual([unreadable]);
    expect((await third.driveToRest(unreadable)).status).toBe('SUCCEEDED');
    expect(log.executions('a')).toBe(4); // each run: the interrupted attempt, then the resumed one
  });

  it('keeps the run totals up to date as steps end, so tokens and cost spent before a crash still count', async () => {
    const { store, first, crashAndRestart } = setupTwoProcesses();
    const usage = { tokensIn: 10, tokensOut: 5, costUsd: 0.01 };
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { ms: 10, usage } }, { id: 'b', config: { ms: 100, usage } }],
      edges: chainEdges('start', 'a', 'b'),
    });
    const runId = await first.start(graph);
    await first.clock.advance(50); // a finished, b running
    // The live view and budget checks read the run row: a's usage is there before the run ends.
    expect(store.getRun(runId)?.totals).toEqual(usage);

    const second = await crashAndRestart();
    await second.engine.recover();
    const run = await second.driveToRest(runId);
    expect(run.totals.tokensIn).toBe(20);
    expect(run.totals.tokensOut).toBe(10);
    expect(run.totals.costUsd).toBeCloseTo(0.02);
  });

  it('starts QUEUED steps and waits out what is left of a retry delay', async () => {
    const { store, log, first, crashAndRestart } = setupTwoProcesses();
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'flaky', config: { failUntil: 2 }, policy: { retry: { maxAttempts: 2, initialDelayMs: 1_000 } } },
        { id: 'q1', config: { ms: 300 } },
        { id: 'q2', config: { ms: 10 } },
      ],
      edges: ['start->flaky', 'start->q1', 'start->q2'],
      settings: { maxParallel: 1 },
    });
    const runId = await first.start(graph);
    await first.clock.advance(200); // flaky RETRYING until 1000, q1 running, q2 QUEUED
    expect([first.status(runId, 'flaky'), first.status(runId, 'q2')]).toEqual(['RETRYING', 'QUEUED']);

    const second = await crashAndRestart();
    await second.engine.recover();
    const run = await second.driveToRest(runId);
    expect(run.status).toBe('SUCCEEDED');
    const flakyRetry = log.entries.filter((e) => e.id === 'flaky')[1];
    expect(flakyRetry?.startedAt).toBe((log.first('flaky')?.startedAt ?? 0) + 1_000);
    expect(log.executions('q2')).toBe(1);
    expect(store.getStep(runId, 'flaky')?.attempt).toBe(2);
  });

  it('accepts a decision for a run left WAITING by a previous process', async () => {
    const { first, crashAndRestart } = setupTwoProcesses();
    const graph = makeGraph({ nodes: [start, { id: 'approve', config: { wait: true } }, 'after'], edges: chainEdges('start', 'approve', 'after') });
    const runId = await first.start(graph);
    await first.driveToRest(runId);
    const second = await crashAndRestart();
    // WAITING runs are taken up too, so a wait's deadline (an approval timeout) fires; this one has none and keeps waiting.
    expect(await second.engine.recover()).toEqual([runId]);
    expect((await second.driveToRest(runId)).status).toBe('WAITING');
    await second.engine.resolveWaiting(runId, 'approve', { kind: 'complete', output: 'yes' });
    expect((await second.driveToRest(runId)).status).toBe('SUCCEEDED');
  });

  it('stops acting when the store fails, and a later process resumes from what was stored', async () => {
    const { store, log, first, crashAndRestart } = setupTwoProcesses();
    const graph = makeGraph({ nodes: [start, { id: 'a', config: { ms: 10 } }, { id: 'b', config: { ms: 10 } }], edges: chainEdges('start', 'a', 'b') });
    const runId: RunId = await first.start(graph);
    const lost = new AppError('CONFLICT', 'connection lost');
    store.failNextCommit(lost);
    await expect(first.driveToRest(runId)).rejects.toBe(lost);
    expect(store.getStep(runId, 'a')?.status).toBe('RUNNING'); // a's end was never stored
    expect(first.engine.isActive(runId)).toBe(false);

    const second = await crashAndRestart();
    await second.engine.recover();
    expect((await second.driveToRest(runId)).status).toBe('SUCCEEDED');
    expect(log.executions('b')).toBe(1);
  });

  it('fails a step that three crashes interrupted with PROCESS_CRASHED instead of resuming it again, and resumes the other runs', async () => {
    const store = new InMemoryRunStore();
    const log = new ProbeLog();
    const types = [...builtInNodeTypes, ...createProbeTypes(log)];
    let current = createHarness({ types, store });
    const graph = makeGraph({ nodes: [start, { id: 'boom', config: { ms: 1_000 } }, { id: 'after', config: {} }], edges: chainEdges('start', 'boom', 'after') });
    const runId = await current.start(graph);
    const restart = async () => {
      store.freeze(); // the process dies while boom runs
      await flushMicrotasks();
      store.unfreeze();
      current = createHarness({ types, store, clock: new FakeClock(current.clock.now()) });
      return current.engine.recover();
    };
    for (let crash = 1; crash <= 2; crash += 1) {
      await current.clock.advance(10);
      expect(store.getStep(runId, 'boom')?.status).toBe('RUNNING');
      expect(await restart()).toEqual([runId]);
    }
    await current.clock.advance(10);
    const other = store.createRun({ graph, now: current.clock.now() }); // left QUEUED by the dying process
    expect(await restart()).toEqual([runId, other]);

    const failed = await current.driveToRest(runId);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toEqual({
      code: 'PROCESS_CRASHED',
      message: 'Step "boom" was interrupted by a server crash 3 times; it was not retried again',
      nodeId: 'boom',
    });
    expect(store.getAttempts(runId, 'boom').map((a) => [a.attempt, a.status, a.isResumed, a.error?.code])).toEqual([
      [1, 'CANCELLED', false, 'STEP_INTERRUPTED'],
      [2, 'CANCELLED', true, 'STEP_INTERRUPTED'],
      [3, 'FAILED', true, 'PROCESS_CRASHED'],
    ]);
    expect([store.getStep(runId, 'boom')?.status, store.getStep(runId, 'after')?.status]).toEqual(['FAILED', 'CANCELLED']);
    expect((await current.driveToRest(other)).status).toBe('SUCCEEDED');
    expect([log.executions('boom'), log.executions('after')]).toEqual([4, 1]); // 3 of the crashed run, 1 of the other
  });

  it('refuses an event out of sequence, so two processes cannot drive one run', async () => {
    const store = new InMemoryRunStore();
    const runId = store.createRun({ graph: {} });
    await expect(
      store.commit({ runId, steps: [], events: [{ type: 'run.status', status: 'RUNNING', runId, seq: 5, at: 0 }] }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('loading a waiting run', () => {
  it('writes nothing when a process loads a WAITING run that has nothing to do', async () => {
    const store = new InMemoryRunStore();
    const log = new ProbeLog();
    const types = [...builtInNodeTypes, ...createProbeTypes(log)];
    const first = createHarness({ types, store });
    const runId = await first.start(makeGraph({ nodes: [start, { id: 'approve', config: { wait: true } }], edges: ['start->approve'] }));
    await first.driveToRest(runId);
    const commits = store.commitCount;
    const second = createHarness({ types, store, clock: new FakeClock(first.clock.now()) });
    await second.engine.start(runId);
    expect((await second.engine.untilAtRest(runId)).status).toBe('WAITING');
    expect(store.commitCount).toBe(commits);
  });
});
