/**
 * A step's input is stored as references to the upstream steps it read, and pass-through steps with
 * several parents pass on null: outputs stay the size they are in a wide layered graph.
 */
import { describe, expect, it } from 'vitest';
import { builtInNodeTypes } from '@/server/nodes';
import { createHarness } from './testing/harness';
import { makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';
import { inputReferences, resolveStepInput } from './step-input';

function setup() {
  const log = new ProbeLog();
  return { ...createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)] }), log };
}

const start = { id: 'start', type: 'input' };
const delay = (id: string) => ({ id, type: 'delay', config: { ms: 5 } });

/** The input, then `levels` levels of `width` delays, each wired to every delay of the level before. */
function layeredDelays(levels: number, width: number) {
  const nodes: Array<{ id: string; type: string; config?: unknown }> = [start];
  const edges: string[] = [];
  let previous = ['start'];
  for (let level = 1; level <= levels; level += 1) {
    const current = Array.from({ length: width }, (_, i) => `l${level}_${i}`);
    for (const id of current) {
      nodes.push(delay(id));
      for (const source of previous) edges.push(`${source}->${id}`);
    }
    previous = current;
  }
  return { graph: makeGraph({ nodes, edges }), last: previous };
}

const size = (value: unknown) => JSON.stringify(value ?? null).length;

describe('step inputs and pass-through', () => {
  it('a 3-level fan-in of pass-through delays keeps every output the size of the run input, and stores inputs as references', async () => {
    const h = setup();
    const { graph } = layeredDelays(3, 4);
    const input = { text: 'x'.repeat(1000) };
    const { runId, run } = await h.run(graph, input);
    expect(run.status).toBe('SUCCEEDED');
    const steps = h.store.getSteps(runId);
    expect(steps).toHaveLength(13);
    for (const step of steps) expect(size(step.output)).toBeLessThanOrEqual(size(input));
    // Level 1 has one parent and passes the run input on; below, several parents: null.
    expect(h.store.getStep(runId, 'l1_0')?.output).toEqual(input);
    expect(h.store.getStep(runId, 'l2_0')?.output).toBeNull();
    expect(h.store.getStep(runId, 'l3_3')?.output).toBeNull();
    // No row holds a copy of an upstream output: only the ids it read.
    expect(h.store.getStep(runId, 'l2_1')?.input).toEqual({ $from: ['l1_0', 'l1_1', 'l1_2', 'l1_3'] });
    expect(h.store.getStep(runId, 'l1_2')?.input).toEqual({ $from: ['start'] });
    expect(h.store.getAttempts(runId, 'l3_0')[0]).not.toHaveProperty('input.l2_0');
    for (const step of steps) expect(size(step.input)).toBeLessThan(100);
  });

  it('a delay with one parent passes its output on; a merge still combines several by step id', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { output: { n: 1 } } }, { id: 'b', config: { output: 'two' } }, { id: 'both', type: 'merge' }, delay('later'), { id: 'result', type: 'output' }],
      edges: ['start->a', 'start->b', 'a->both', 'b->both', 'both->later', 'later->result'],
    });
    const { run } = await h.run(graph);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ a: { n: 1 }, b: 'two' });
  });

  it('an output step with several parents and no result passes on null; templates still read every parent', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'a', config: { output: 1 } }, { id: 'b', config: { output: 2 } }, { id: 'plain', type: 'output' }],
      edges: ['start->a', 'start->b', 'a->plain', 'b->plain'],
    });
    expect((await h.run(graph)).run.output).toBeNull();
    const shaped = makeGraph({
      nodes: [start, { id: 'a', config: { output: 1 } }, { id: 'b', config: { output: 2 } }, { id: 'sum', type: 'output', config: { result: '{{ steps.a.output + steps.b.output }}' } }],
      edges: ['start->a', 'start->b', 'a->sum', 'b->sum'],
    });
    expect((await h.run(shaped)).run.output).toBe(3);
  });

  it('resolves stored references to the outputs for people, and reads rows stored whole as they are', () => {
    const outputs: Record<string, unknown> = { a: { n: 1 }, b: 'two' };
    expect(resolveStepInput({ $from: ['a', 'b'] }, (id) => outputs[id])).toEqual({ a: { n: 1 }, b: 'two' });
    expect(resolveStepInput({ $from: ['gone'] }, (id) => outputs[id])).toEqual({ gone: null });
    // A row from before references: the outputs by step id, shown as stored.
    expect(resolveStepInput({ a: { n: 1 } }, (id) => outputs[id])).toEqual({ a: { n: 1 } });
    expect(inputReferences({ $from: ['a'], extra: 1 })).toBeUndefined();
    expect(inputReferences({ from: ['a'] })).toBeUndefined();
  });

  it('drops a run from the engine once it ended: succeeded, failed or cancelled', async () => {
    const h = setup();
    const ok = await h.run(makeGraph({ nodes: [start, 'a'], edges: ['start->a'] }));
    const failed = await h.run(makeGraph({ nodes: [start, { id: 'a', config: { fail: 'fatal' } }], edges: ['start->a'] }));
    const waiting = await h.start(makeGraph({ nodes: [start, { id: 'a', config: { wait: true } }], edges: ['start->a'] }));
    await h.driveToRest(waiting);
    expect(h.engine.isActive(waiting)).toBe(true);
    await h.engine.cancel(waiting);
    expect([ok.run.status, failed.run.status]).toEqual(['SUCCEEDED', 'FAILED']);
    expect([h.engine.isActive(ok.runId), h.engine.isActive(failed.runId), h.engine.isActive(waiting)]).toEqual([false, false, false]);
  });
});
