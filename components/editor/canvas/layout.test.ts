import { describe, expect, it } from 'vitest';
import { layoutGraph } from './layout';

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
