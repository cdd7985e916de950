/**
 * `runs.watch` over the real database and engine: stored events, then live ones, in order without gaps or
 * repeats; resuming after a sequence number; LLM token deltas streamed before the step's end; and a
 * stream that is aborted lets go of the run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime, makeLlmTeam } from '@/test/openai-mock/fixtures';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import type { EventBus } from '@/server/engine/ports';
import { openRunWatch, type WatchItem } from './watch';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

/** The updates of a `runs.watch` call as [tracked id, item] pairs, until the stream ends. */
async function collect(updates: AsyncIterable<unknown>): Promise<Array<[string, WatchItem]>> {
  const seen: Array<[string, WatchItem]> = [];
  for await (const envelope of updates) {
    const [id, item] = envelope as [string, WatchItem];
    seen.push([id, item]);
  }
  return seen;
}

const slowChain = makeGraph({
  nodes: [
    { id: 'input', type: 'input' },
    { id: 'wait', type: 'delay', config: { ms: 150 } },
    { id: 'double', type: 'transform', config: { expression: '21 * 2' } },
    { id: 'result', type: 'output', config: { result: '{{ steps.double.output }}' } },
  ],
  edges: ['input->wait', 'wait->double', 'double->result'],
});

const approvalGraph = makeGraph({
  nodes: [
    { id: 'input', type: 'input' },
    { id: 'ok', type: 'approval', config: { message: 'Go on?' } },
  ],
  edges: ['input->ok'],
});

describeEachDb('runs.watch', (getDb) => {
  it('sends the stored events, then the live ones, in order without gaps or repeats, and ends after the final status', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Watchers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, slowChain);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    const updates = await collect(await team.as('VIEWER').runs.watch({ id }));

    const events = updates.map(([, item]) => item).filter((item) => item.kind === 'event');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // Each update is tracked with the last stored sequence number a reconnection resumes after.
    expect(updates.map(([trackedId]) => trackedId)).toEqual(events.map((e) => String(e.seq)));
    expect(events.at(-1)?.event).toMatchObject({ type: 'run.status', status: 'SUCCEEDED' });
    expect(events.filter((e) => e.event.type === 'step.status' && e.event.status === 'SUCCEEDED').map((e) => 'nodeId' in e.event && e.event.nodeId)).toEqual(['input', 'wait', 'double', 'result']);
    // What was streamed is what was stored.
    const stored = await team.as('VIEWER').runs.events({ runId: id, afterSeq: 0, limit: 1000 });
    expect(events.map((e) => [e.seq, e.event.type])).toEqual(stored.events.map((e) => [e.seq, e.type]));
  });

  it('resumes after the last event a client had, and a finished run ends its stream at once', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Resumers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, slowChain);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    const all = await collect(await team.as('VIEWER').runs.watch({ id }));
    const resumed = await collect(await team.as('VIEWER').runs.watch({ id, lastEventId: '3' }));
    expect(resumed.map(([trackedId]) => trackedId)).toEqual(all.slice(3).map(([trackedId]) => trackedId));
    expect(resumed[0]?.[1]).toMatchObject({ kind: 'event', seq: 4 });
  });

  it('ends at once, with nothing, when a finished run is resumed at or past its final event', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Latecomers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, slowChain);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    const all = await collect(await team.as('VIEWER').runs.watch({ id }));
    const finalSeq = all.at(-1)?.[0];
    expect(finalSeq).toBeDefined();
    // Without the end check these streams would wait for news for ever (the test would time out); at once
    // means well before the stream's first look at the store while waiting (2 s), on a loaded machine too.
    for (const lastEventId of [finalSeq, '99999']) {
      const started = performance.now();
      expect(await collect(await team.as('VIEWER').runs.watch({ id, lastEventId }))).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1_500);
    }
  });

  it("streams an LLM step's token deltas before the step ends; together they are its stored output", async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Streamers');
    const runtime = llmRuntime(db, { apiKey: 'sk-test', baseURL: mock.url });
    // A pause before the first token, so the stream is open before any delta is published.
    mock.enqueue({ kind: 'text', text: 'Live tokens arrive one by one.', delayMs: 300, chunkDelayMs: 10 });
    const graph = makeGraph({
      nodes: [
        { id: 'input', type: 'input' },
        { id: 'ask', type: 'llm', config: { agentId: agent.id, prompt: 'Say something' } },
        { id: 'result', type: 'output', config: { result: '{{ steps.ask.output }}' } },
      ],
      edges: ['input->ask', 'ask->result'],
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const viewer = callerFor(db, { user: team.members.VIEWER, activeTeamId: team.id, runtime });
    const { id } = await callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime }).runs.start({ masteryId, input: {} });
    const items = (await collect(await viewer.runs.watch({ id }))).map(([, item]) => item);

    const askEnd = items.findIndex((item) => item.kind === 'event' && item.event.type === 'step.status' && item.event.nodeId === 'ask' && item.event.status === 'SUCCEEDED');
    const deltas = items.flatMap((item, index) => (item.kind === 'partial' ? [{ index, item }] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every(({ index, item }) => index < askEnd && item.nodeId === 'ask' && item.attempt === 1)).toBe(true);
    const text = deltas.map(({ item }) => (item.chunk as { delta: string }).delta).join('');
    expect(text).toBe('Live tokens arrive one by one.');
    expect((await viewer.runs.get({ id })).output).toBe(text);
  });

  it('sends an event that arrives both stored and live once, and fills a gap in the live events from the store', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Gaps');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, approvalGraph);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    const runtime = runtimeFor(db);
    await runtime.engine.untilAtRest(id as RunId); // settles as WAITING
    const stored = (await team.as('VIEWER').runs.events({ runId: id, afterSeq: 0, limit: 100 })).events;
    let dropped: number | undefined;
    const bus: EventBus = {
      publish: (events) => runtime.events.publish(events),
      subscribe(runId, listener) {
        // Events published between subscribing and reading the store reach the stream twice.
        for (const row of stored) listener({ ...(row.payload as object), runId, seq: row.seq, at: row.createdAt.getTime() } as Parameters<typeof listener>[0]);
        return runtime.events.subscribe(runId, (event) => {
          // The first live event after the wait is lost on the way: the next one shows the gap.
          if (event.type !== 'step.partial' && dropped === undefined) {
            dropped = event.seq;
            return;
          }
          listener(event);
        });
      },
    };
    const updates = await openRunWatch(db, bus, { id: team.id, role: 'VIEWER' }, { id });
    const seqs: number[] = [];
    const reading = (async () => {
      for await (const { item } of updates) if (item.kind === 'event') seqs.push(item.seq);
    })();
    await expect.poll(() => seqs.length).toBe(stored.length);
    await team.as('APPROVER').runs.decide({ runId: id, nodeId: 'ok', decision: 'approve' });
    await reading;
    expect(dropped).toBe(stored.length + 1);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const all = (await team.as('VIEWER').runs.events({ runId: id, afterSeq: 0, limit: 100 })).events;
    expect(seqs).toHaveLength(all.length);
    expect(all.at(-1)?.payload).toMatchObject({ type: 'run.status', status: 'SUCCEEDED' });
  });

  it('lets go of the run when the client goes away', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Leavers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, approvalGraph);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    const bus = runtimeFor(db).events;
    let listeners = 0;
    const counting: EventBus = {
      publish: (events) => bus.publish(events),
      subscribe(runId, listener) {
        listeners += 1;
        const unsubscribe = bus.subscribe(runId, listener);
        return () => {
          listeners -= 1;
          unsubscribe();
        };
      },
    };
    const controller = new AbortController();
    const updates = await openRunWatch(db, counting, { id: team.id, role: 'VIEWER' }, { id }, controller.signal);
    // The run waits for a person: the stream stays open after its WAITING status.
    for await (const { item } of updates) {
      if (item.kind === 'event' && item.event.type === 'run.status' && item.event.status === 'WAITING') break;
    }
    expect(listeners).toBe(0); // leaving the loop closed the stream
    const again = await openRunWatch(db, counting, { id: team.id, role: 'VIEWER' }, { id }, controller.signal);
    const first = await again.next();
    expect(first.done).toBe(false);
    expect(listeners).toBe(1);
    const pending = (async () => {
      for (let next = await again.next(); !next.done; next = await again.next());
    })();
    controller.abort();
    await pending;
    expect(listeners).toBe(0);
    await team.as('EDITOR').runs.cancel({ id });
  });
});
