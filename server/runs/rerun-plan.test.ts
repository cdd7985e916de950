/** Which steps a re-run from the failed step keeps, and which versions it refuses, on plain graphs. */
import { describe, expect, it } from 'vitest';
import { graphSchema } from '@/server/engine/graph';
import { makeGraph, type GraphSpec } from '@/server/engine/testing/make-graph';
import { keptSteps, type OldStep } from './rerun-plan';

const parse = (spec: GraphSpec) => graphSchema.parse(makeGraph({ defaultType: 'transform', ...spec }));
const step = (nodeId: string, status: string): OldStep => ({ nodeId, status, input: null, output: `${nodeId} out`, handles: status === 'SUCCEEDED' ? ['out'] : [] });
const target = (graph: ReturnType<typeof parse>) => ({ graph, versionNumber: 2, runLabel: 'run #12345678' });
const ids = (steps: OldStep[]) => steps.map((s) => s.nodeId).sort();

describe('keptSteps', () => {
  const diamond = { nodes: ['a', 'b', 'c', 'd'], edges: ['a->b', 'a->c', 'b->d', 'c->d'] };

  it('keeps what succeeded upstream of the failure, and a branch beside it', () => {
    const graph = parse(diamond);
    const steps = [step('a', 'SUCCEEDED'), step('b', 'FAILED'), step('c', 'SUCCEEDED'), step('d', 'PENDING')];
    expect(ids(keptSteps(graph, steps, target(graph)))).toEqual(['a', 'c']);
  });

  it('runs again a step that succeeded after a failure let through (continueOnFailure), and what follows it', () => {
    const graph = parse({ nodes: ['a', 'b', 'c', 'd'], edges: ['a->c', 'b->c', 'c->d'] });
    const steps = [step('a', 'FAILED'), step('b', 'SUCCEEDED'), step('c', 'SUCCEEDED'), step('d', 'SUCCEEDED')];
    expect(ids(keptSteps(graph, steps, target(graph)))).toEqual(['b']);
  });

  it('keeps a step after a skipped branch only while that branch stays skipped for the same reasons', () => {
    const spec = { nodes: ['a', 'x', 'y', 'b', 'c'], edges: ['a-true->x', 'a-false->y', 'x->b', 'y->b', 'b->c'] };
    const graph = parse(spec);
    const steps = [{ ...step('a', 'SUCCEEDED'), handles: ['true'] }, step('x', 'SUCCEEDED'), step('y', 'SKIPPED'), step('b', 'SUCCEEDED'), step('c', 'FAILED')];
    expect(ids(keptSteps(graph, steps, target(graph)))).toEqual(['a', 'b', 'x']);
    // A new source for the skipped step could make it run, and then `b` would see another input.
    const rewired = parse({ ...spec, nodes: [...spec.nodes, 'z'], edges: [...spec.edges, 'z->y'] });
    expect(() => keptSteps(graph, steps, target(rewired))).toThrow('The connections into node "y" changed in version 2');
  });

  it('refuses a version that moves a kept step’s input, and accepts one that only moves it on the canvas', () => {
    const graph = parse(diamond);
    const steps = [step('a', 'SUCCEEDED'), step('b', 'FAILED'), step('c', 'SUCCEEDED')];
    const rewired = parse({ ...diamond, edges: ['a->b', 'b->c', 'b->d', 'c->d'] });
    expect(() => keptSteps(graph, steps, target(rewired))).toThrow(/connections into node "c" changed in version 2, but step "c" succeeded in run #12345678/);
    const moved = parse({ ...diamond, nodes: diamond.nodes.map((id) => ({ id, name: `Step ${id}` })) });
    expect(ids(keptSteps(graph, steps, target(moved)))).toEqual(['a', 'c']);
  });
});
