/** Property-based: on random DAGs the scheduler keeps its promises whatever the shape and the timings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInNodeTypes } from '@/server/nodes';
import { createHarness } from './testing/harness';
import { makeGraph, type NodeSpec } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

interface RandomDag {
  durations: number[];
  /** [from, to] with from < to: acyclic by construction. */
  edges: Array<[number, number]>;
  maxParallel: number;
}

/** Every pair i < j, in order: which of them are edges is drawn (about one in four). */
function pairs(size: number): Array<[number, number]> {
  const all: Array<[number, number]> = [];
  for (let i = 0; i < size; i += 1) for (let j = i + 1; j < size; j += 1) all.push([i, j]);
  return all;
}

const randomDag: fc.Arbitrary<RandomDag> = fc.integer({ min: 1, max: 12 }).chain((size) => {
  const candidates = pairs(size);
  return fc.record({
    durations: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: size, maxLength: size }),
    edges: fc
      .array(fc.integer({ min: 0, max: 3 }), { minLength: candidates.length, maxLength: candidates.length })
      .map((draws) => candidates.filter((_, k) => draws[k] === 0)),
    maxParallel: fc.integer({ min: 1, max: 4 }),
  });
});

/** Steps s0…sN; every step without an incoming edge hangs off the input node. */
function toGraph(dag: RandomDag) {
  const nodes: NodeSpec[] = dag.durations.map((ms, i) => ({ id: `s${i}`, config: { ms } }));
  const targets = new Set(dag.edges.map(([, to]) => to));
  const edges = [
    ...dag.durations.flatMap((_, i) => (targets.has(i) ? [] : [`start->s${i}`])),
    ...dag.edges.map(([from, to]) => `s${from}->s${to}`),
  ];
  return makeGraph({ nodes: [{ id: 'start', type: 'input' }, ...nodes], edges, settings: { maxParallel: dag.maxParallel } });
}

async function runDag(dag: RandomDag) {
  const log = new ProbeLog();
  const h = createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)] });
  const { run } = await h.run(toGraph(dag));
  return { run, log };
}

describe('scheduler properties on random DAGs', () => {
  it('runs every step exactly once, each only after all its upstream steps finished', async () => {
    await fc.assert(
      fc.asyncProperty(randomDag, async (dag) => {
        const { run, log } = await runDag(dag);
        expect(run.status).toBe('SUCCEEDED');
        dag.durations.forEach((_, i) => expect(log.executions(`s${i}`)).toBe(1));
        for (const [from, to] of dag.edges) {
          expect(log.first(`s${to}`)?.startSeq).toBeGreaterThan(log.first(`s${from}`)?.endSeq ?? Infinity);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never has more than maxParallel steps running at once, and uses the slots it has', async () => {
    await fc.assert(
      // Durations of at least 1 ms: a step taking no time ends before the next one starts.
      fc.asyncProperty(randomDag.map((dag) => ({ ...dag, durations: dag.durations.map((ms) => ms + 1) })), async (dag) => {
        const { log } = await runDag(dag);
        expect(log.maxRunning).toBeLessThanOrEqual(dag.maxParallel);
        const roots = dag.durations.length - new Set(dag.edges.map(([, to]) => to)).size;
        expect(log.maxRunning).toBeGreaterThanOrEqual(Math.min(roots, dag.maxParallel));
      }),
      { numRuns: 150 },
    );
  });
});
