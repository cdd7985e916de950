import { describe, expect, it } from 'vitest';
import { builtInNodeTypes } from '@/server/nodes';
import { createHarness } from './testing/harness';
import { chainEdges, makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

function setup() {
  const log = new ProbeLog();
  return { ...createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)] }), log };
}

const start = { id: 'start', type: 'input' };

describe('scheduler: order and parallelism', () => {
  it('runs a chain in order, each step starting when its upstream step ends, and returns the last output', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { ms: 10, output: 1 } }, { id: 'b', config: { ms: 5, output: 2 } }],
      edges: chainEdges('start', 'a', 'b'),
    });
    const { runId, run } = await h.run(graph, { x: 1 });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toBe(2);
    expect(h.log.order()).toEqual(['a', 'b']);
    expect(h.log.first('b')?.startedAt).toBe(h.log.first('a')?.endedAt);
    expect(h.store.getStep(runId, 'a')).toMatchObject({ status: 'SUCCEEDED', attempt: 1, output: 1, input: { $from: ['start'] } });
    expect(h.log.first('a')?.inputs).toEqual({ start: { x: 1 } });
  });

  it('numbers the events of a run 1, 2, 3… and announces the same events live', async () => {
    const h = setup();
    const { runId } = await h.run(makeGraph({ nodes: [start, 'a', 'b'], edges: ['start->a', 'start->b'] }));
    const stored = h.store.getEvents(runId);
    expect(stored.map((event) => event.seq)).toEqual(stored.map((_, index) => index + 1));
    expect(h.liveEvents(runId)).toEqual(stored.slice(1)); // the QUEUED event predates the subscription
  });

  it('never runs more than maxParallel steps at once and queues the rest as QUEUED', async () => {
    const h = setup();
    const workers = ['w1', 'w2', 'w3', 'w4', 'w5'].map((id) => ({ id, config: { ms: 10 } }));
    const { runId } = await h.run(
      makeGraph({ nodes: [start, ...workers], edges: workers.map((w) => `start->${w.id}`), settings: { maxParallel: 2 } }),
    );
    expect(h.log.maxRunning).toBe(2);
    const statuses = h.store.getEvents(runId).flatMap((e) => (e.type === 'step.status' && e.nodeId === 'w5' ? [e.status] : []));
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
  });

  it('starts a step only when every upstream step finished', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'slow', config: { ms: 50, output: 's' } }, { id: 'fast', config: { ms: 5, output: 'f' } }, 'join'],
      edges: ['start->slow', 'start->fast', 'slow->join', 'fast->join'],
    });
    const { runId } = await h.run(graph);
    expect(h.log.first('join')?.startedAt).toBe(h.log.first('slow')?.endedAt);
    // Stored as references to the upstream steps; execute received their outputs.
    expect(h.store.getStep(runId, 'join')?.input).toEqual({ $from: ['slow', 'fast'] });
    expect(h.log.first('join')?.inputs).toEqual({ slow: 's', fast: 'f' });
  });
});

describe('scheduler: conditions and skipping', () => {
  const branchGraph = (predicate: string) =>
    makeGraph({
      nodes: [
        start,
        { id: 'check', type: 'condition', config: { predicate } },
        { id: 'yes', config: { output: 'yes' } },
        { id: 'yes_after', config: {} },
        { id: 'no', config: { output: 'no' } },
        { id: 'join', type: 'merge', config: { mode: 'object' } },
      ],
      edges: ['start->check', 'check-true->yes', 'yes->yes_after', 'check-false->no', 'yes_after->join', 'no->join'],
    });

  it('takes the true edge, skips the false branch, and still runs a join reached by the taken branch', async () => {
    const h = setup();
    const { runId, run } = await h.run(branchGraph('input.go'), { go: true });
    expect(h.status(runId, 'yes')).toBe('SUCCEEDED');
    expect(h.status(runId, 'no')).toBe('SKIPPED');
    expect(h.status(runId, 'join')).toBe('SUCCEEDED');
    expect(h.store.getStep(runId, 'join')?.output).toEqual({ yes_after: 'yes' });
    expect(run.status).toBe('SUCCEEDED');
  });

  it('skips every step reachable only through an untaken edge, transitively', async () => {
    const h = setup();
    const { runId } = await h.run(branchGraph('input.go'), { go: false });
    expect(h.status(runId, 'yes')).toBe('SKIPPED');
    expect(h.status(runId, 'yes_after')).toBe('SKIPPED');
    expect(h.status(runId, 'no')).toBe('SUCCEEDED');
    expect(h.log.executions('yes_after')).toBe(0);
  });

  it('skips a step whose every incoming edge is untaken even when its sources succeeded', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'pick', type: 'fork', config: { take: ['left'] } }, 'l', 'r'],
      edges: ['start->pick', 'pick-left->l', 'pick-right->r'],
    });
    const { runId } = await h.run(graph);
    expect(h.status(runId, 'l')).toBe('SUCCEEDED');
    expect(h.status(runId, 'r')).toBe('SKIPPED');
  });
});

describe('scheduler: failures', () => {
  it('fails the run at the first failed step, aborting running steps and cancelling pending ones', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'bad', config: { ms: 5, fail: 'fatal' } }, { id: 'long', config: { ms: 100 } }, 'after'],
      edges: ['start->bad', 'start->long', 'bad->after'],
    });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'NODE_FAILED', nodeId: 'bad' });
    expect(run.error?.message).toContain('Node "bad" (probe)');
    expect(h.status(runId, 'long')).toBe('CANCELLED');
    expect(h.status(runId, 'after')).toBe('CANCELLED');
    expect(h.log.first('long')?.endedAt).toBe(h.log.first('bad')?.endedAt); // aborted at once, not after 100 ms
  });

  it('with continueOnFailure, skips the failed step’s downstream steps and finishes the rest of the run', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'optional', config: { fail: 'fatal' }, policy: { continueOnFailure: true } },
        'needs_optional',
        { id: 'other', config: { output: 'ok' } },
      ],
      edges: ['start->optional', 'optional->needs_optional', 'start->other'],
    });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('SUCCEEDED');
    expect(h.status(runId, 'optional')).toBe('FAILED');
    expect(h.status(runId, 'needs_optional')).toBe('SKIPPED');
    expect(run.output).toBe('ok');
  });

  it('fails a step whose config does not parse, naming the node and the field, without retrying', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'wait', type: 'delay', config: { ms: '{{ input.ms }}' }, policy: { retry: { maxAttempts: 3 } } }],
      edges: ['start->wait'],
    });
    const { runId, run } = await h.run(graph, { ms: 'soon' });
    expect(run.status).toBe('FAILED');
    expect(run.error?.code).toBe('NODE_CONFIG_INVALID');
    expect(run.error?.message).toBe('Node "wait" (delay): config.ms must be a number; got "soon"');
    expect(h.store.getAttempts(runId, 'wait')).toHaveLength(1);
  });

  it('fails a step whose template expression fails, naming the expression', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'shape', type: 'output', config: { result: '{{ $number("abc") }}' } }],
      edges: ['start->shape'],
    });
    const { run } = await h.run(graph);
    expect(run.error?.code).toBe('EXPRESSION_FAILED');
    expect(run.error?.message).toContain('Expression "$number("abc")" failed');
  });

  it('refuses to run an invalid graph: the run fails with every problem listed', async () => {
    const h = setup();
    const graph = makeGraph({ nodes: [{ id: 'a' }, { id: 'b', type: 'nope' }], edges: ['a->b', 'b->a'] });
    const { run } = await h.run(graph);
    expect(run.status).toBe('FAILED');
    expect(run.error?.code).toBe('GRAPH_INVALID');
    expect(run.error?.message).toContain('unknown node type "nope"');
    expect(run.error?.message).toContain('Cycle: a → b → a');
    expect(run.error?.message).toContain('no input node');
  });
});

describe('scheduler: output and totals', () => {
  it('takes the run output from the output node, with templates over earlier steps', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'fetch', config: { output: { items: [1, 2, 3] } } },
        { id: 'result', type: 'output', config: { result: { count: '{{ $count(steps.fetch.output.items) }}', who: 'n={{ input.n }}' } } },
      ],
      edges: chainEdges('start', 'fetch', 'result'),
    });
    const { run } = await h.run(graph, { n: 7 });
    expect(run.output).toEqual({ count: 3, who: 'n=7' });
  });

  it('templates read every step that succeeded before them, whether it ended before or after the first template was read', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'a', config: { output: 1 } },
        // The first read of `steps` comes here, after start and a succeeded; b and c are added as they succeed.
        { id: 'b', config: { output: '{{ steps.a.output + 10 }}' } },
        { id: 'c', config: { output: '{{ steps.b.output + 100 }}' } },
        { id: 'd', config: { output: '{{ $keys(steps) }}' } },
      ],
      edges: chainEdges('start', 'a', 'b', 'c', 'd'),
    });
    const { runId, run } = await h.run(graph);
    expect(h.store.getStep(runId, 'c')?.output).toBe(111);
    expect(run.output).toEqual(['start', 'a', 'b', 'c']);
  });

  it('uses the result mapping when the graph has no output node', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { output: 5 } }],
      edges: ['start->a'],
      settings: { resultMapping: { double: '{{ steps.a.output * 2 }}' } },
    });
    expect((await h.run(graph)).run.output).toEqual({ double: 10 });
  });

  it('sums tokens and cost of every attempt into the step and the run totals', async () => {
    const h = setup();
    const usage = { tokensIn: 10, tokensOut: 5, costUsd: 0.01 };
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { usage, failUntil: 2 }, policy: { retry: { maxAttempts: 2, initialDelayMs: 1 } } }, { id: 'b', config: { usage } }],
      edges: chainEdges('start', 'a', 'b'),
    });
    const { runId, run } = await h.run(graph);
    expect(h.store.getStep(runId, 'a')?.usage).toEqual({ tokensIn: 20, tokensOut: 10, costUsd: 0.02 });
    expect(run.totals.tokensIn).toBe(30);
    expect(run.totals.tokensOut).toBe(15);
    expect(run.totals.costUsd).toBeCloseTo(0.03);
  });
});
