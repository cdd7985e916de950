import { describe, expect, it } from 'vitest';
import { layoutGraph } from './layout';
import { layeredDag } from '@/e2e/support/layered-dag';

const node = (id: string, outputs: string[] = ['out']) => ({ id, width: 200, height: 60, outputs });

describe('layoutGraph', () => {
  it('places each step to the right of the steps feeding it, and the true branch above the false one', async () => {
    const positions = await layoutGraph(
      [node('input'), node('check', ['true', 'false']), node('yes'), node('no'), node('result', [])],
      [
        { id: 'a', source: 'input', target: 'check' },
        { id: 'b', source: 'check', target: 'yes', sourceHandle: 'true' },
        { id: 'c', source: 'check', target: 'no', sourceHandle: 'false' },
        { id: 'd', source: 'yes', target: 'result' },
        { id: 'e', source: 'no', target: 'result' },
      ],
    );
    const x = (id: string) => positions.get(id)?.x ?? Number.NaN;
    const y = (id: string) => positions.get(id)?.y ?? Number.NaN;
    expect(x('check')).toBeGreaterThan(x('input'));
    expect(x('yes')).toBeGreaterThan(x('check'));
    expect(x('result')).toBeGreaterThan(x('no'));
    expect(y('yes')).toBeLessThan(y('no'));
  });

  it('ignores edges whose ends are not laid out (sticky notes, dangling edges)', async () => {
    const positions = await layoutGraph([node('a')], [{ id: 'x', source: 'a', target: 'gone' }]);
    expect([...positions.keys()]).toEqual(['a']);
  });
});

describe('layoutGraph on a big graph', () => {
  const graph = layeredDag();
  const sizes = graph.nodes.map((n) => ({ id: n.id, width: 224, height: 64, outputs: n.type === 'output' ? [] : ['out'] }));

  it('places every step right of its inputs, in many columns, near a screen shape, with no two steps overlapping', async () => {
    const positions = await layoutGraph(sizes, graph.edges);
    expect(positions.size).toBe(graph.nodes.length);
    const at = (id: string) => positions.get(id) ?? { x: Number.NaN, y: Number.NaN };
    for (const edge of graph.edges) expect(at(edge.target).x).toBeGreaterThan(at(edge.source).x);
    const xs = [...positions.values()].map((p) => p.x);
    const ys = [...positions.values()].map((p) => p.y);
    expect(new Set(xs).size).toBeGreaterThan(30);
    const aspect = (Math.max(...xs) + 224) / (Math.max(...ys) + 64);
    expect(aspect).toBeGreaterThan(0.8);
    expect(aspect).toBeLessThan(3);
    const cells = new Set([...positions.values()].map((p) => `${Math.floor(p.x / 224)}:${Math.floor(p.y / 64)}`));
    expect(cells.size).toBe(positions.size);
  });

  it('wraps a long chain into bands instead of one row', async () => {
    const chain = Array.from({ length: 600 }, (_, i) => node(`c${i}`));
    const links = chain.slice(1).map((n, i) => ({ id: `e${i}`, source: `c${i}`, target: n.id }));
    const positions = await layoutGraph(chain, links);
    const ys = new Set([...positions.values()].map((p) => p.y));
    expect(ys.size).toBeGreaterThan(5);
    // Along a band, each step is right of the one before.
    expect(positions.get('c1')?.x).toBeGreaterThan(positions.get('c0')?.x ?? Infinity);
  });

  it('keeps a condition’s true branch above its false branch', async () => {
    const steps = [...Array.from({ length: 500 }, (_, i) => node(`s${i}`)), node('check', ['true', 'false']), node('yes'), node('no')];
    const positions = await layoutGraph(steps, [
      { id: 't', source: 'check', target: 'yes', sourceHandle: 'true' },
      { id: 'f', source: 'check', target: 'no', sourceHandle: 'false' },
    ]);
    const yes = positions.get('yes');
    const no = positions.get('no');
    expect(yes && no && (yes.x < no.x || yes.y < no.y)).toBe(true);
  });
});
