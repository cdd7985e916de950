import { describe, expect, it } from 'vitest';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { graphSchema } from './graph';
import { indexGraph } from './graph-index';
import { Readiness, type Released } from './readiness';
import { makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

const registry = createRegistry([...builtInNodeTypes, ...createProbeTypes(new ProbeLog())]);

function setup(nodes: Parameters<typeof makeGraph>[0]['nodes'], edges: string[]) {
  const index = indexGraph(graphSchema.parse(makeGraph({ nodes, edges })), registry);
  const at = (id: string) => index.indexById.get(id) ?? -1;
  const name = (i: number) => index.nodes[i]?.id;
  const readiness = new Readiness(index);
  const release = (id: string, handles: string[] | null) => {
    const out: Released = { ready: [], skipped: [] };
    readiness.release(at(id), handles, out);
    return { ready: out.ready.map(name), skipped: out.skipped.map(name) };
  };
  return { readiness, release, at, name };
}

describe('Readiness', () => {
  it('finds the roots', () => {
    const { readiness, name } = setup(['a', 'b', 'c'], ['a->c']);
    expect(readiness.roots().map(name)).toEqual(['a', 'b']);
  });

  it('makes a step ready only when its last incoming edge is decided, with one taken', () => {
    const { release } = setup(['a', 'b', 'c'], ['a->c', 'b->c']);
    expect(release('a', ['out'])).toEqual({ ready: [], skipped: [] });
    expect(release('b', null)).toEqual({ ready: ['c'], skipped: [] });
  });

  it('skips a step none of whose incoming edges was taken, and everything only behind it', () => {
    const { release } = setup([{ id: 'cond', type: 'condition', config: { predicate: 'true' } }, 'yes', 'no', 'no2', 'join'], [
      'cond-true->yes',
      'cond-false->no',
      'no->no2',
      'yes->join',
      'no2->join',
    ]);
    expect(release('cond', ['true'])).toEqual({ ready: ['yes'], skipped: ['no', 'no2'] });
    expect(release('yes', ['out'])).toEqual({ ready: ['join'], skipped: [] });
  });

  it('rebuilds the counters from finished steps after a restart', () => {
    const { readiness, at } = setup(['a', 'b', 'c', 'd'], ['a->c', 'b->c', 'c->d']);
    readiness.restore(at('a'), ['out']);
    expect(readiness.stateOf(at('c'))).toBe('blocked');
    readiness.restore(at('b'), null);
    expect([readiness.stateOf(at('c')), readiness.stateOf(at('d'))]).toEqual(['ready', 'blocked']);
  });
});
